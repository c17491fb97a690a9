// Bodies close to valid for the REST fuzz: a value of the right kind for each property of a route's JSON
// schema (an enum member, a string within its length, a number within its range), so requests reach
// the handlers and the store; the caller then breaks one field or sends it as is.
import type { Prng } from './prng';

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

/** A value that fits `s` often enough for a request to get past validation. */
export function plausible(r: Prng, s: Schema | undefined, depth = 0): unknown {
  if (!s || depth > 5) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return r.pick(s.enum);
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return plausible(r, r.pick(alt), depth + 1);
  const type = Array.isArray(s.type) ? r.pick(s.type) : s.type;
  switch (type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {}))
        if (s.required?.includes(k) || r.chance(0.5)) o[k] = plausible(r, v, depth + 1);
      return o;
    }
    case 'array':
      return Array.from({ length: r.int(0, 3) }, () => plausible(r, s.items, depth + 1));
    case 'number':
    case 'integer': {
      const lo = s.minimum ?? 0;
      const hi = s.maximum ?? lo + 1000;
      const v = lo + r.next() * (hi - lo);
      return type === 'integer' ? Math.round(v) : v;
    }
    case 'boolean':
      return r.chance(0.5);
    case 'string': {
      const len = Math.max(s.minLength ?? 1, Math.min(s.maxLength ?? 12, 12));
      return `fz${r.int(0, 9)}`.padEnd(len, 'a').slice(0, Math.max(len, 1));
    }
    default:
      return null;
  }
}
