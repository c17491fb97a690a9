// Path parameters. (Body and query validation: contracts/parse.ts.)
import { invalid } from '../errors';

/**
 * A path parameter as one string. A NUL character is refused (400): no id holds one, and PostgreSQL
 * cannot store or compare text with it (the query would fail as a 500).
 */
export function param(params: Record<string, string | string[] | undefined>, name: string): string {
  const v = params[name];
  const s = Array.isArray(v) ? v.join('/') : (v ?? '');
  if (s.includes('\u0000')) throw invalid(`path parameter ${name} must not contain a NUL character`);
  return s;
}
