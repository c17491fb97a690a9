// Path parameters. (Body and query validation: contracts/parse.ts.)

/** A path parameter as one string. */
export function param(params: Record<string, string | string[] | undefined>, name: string): string {
  const v = params[name];
  return Array.isArray(v) ? v.join('/') : (v ?? '');
}
