// The REST share of the fuzz: mutated bodies to every POST and PATCH route of the OpenAPI description
// (server/src/http/openapi.ts) with an admin token — random JSON of the route's field names, non-JSON,
// wrong content types, huge numbers, prototype-pollution keys, deep nesting. A response must be 2xx or
// 4xx, an error a JSON {error, message}, never a 5xx or a stack trace.
import { openApiDocument } from '../../../server/src/http/openapi';
import type { Prng } from './prng';
import { plausible } from './rest-valid';

export interface Route {
  method: 'POST' | 'PATCH';
  path: string;
  fields: string[];
  /** The request body's JSON schema, from the OpenAPI description. */
  schema: unknown;
}

/** Routes that would end the run's own session or credentials: fuzzed without the admin's token. */
const SELF = new Set(['/api/auth/password', '/api/auth/logout']);

export function fuzzRoutes(): Route[] {
  const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
  const out: Route[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(methods)) {
      if (m !== 'post' && m !== 'patch') continue;
      out.push({ method: m === 'post' ? 'POST' : 'PATCH', path, fields: fieldsOf(op), schema: schemaOf(op) });
    }
  }
  return out;
}

function schemaOf(op: unknown): unknown {
  return (op as { requestBody?: { content?: Record<string, { schema?: unknown }> } }).requestBody?.content?.[
    'application/json'
  ]?.schema;
}

function fieldsOf(op: unknown): string[] {
  const schema = schemaOf(op);
  const names = new Set<string>();
  const walk = (s: unknown, depth: number): void => {
    if (depth > 4 || typeof s !== 'object' || s === null) return;
    const o = s as { properties?: Record<string, unknown>; anyOf?: unknown[]; oneOf?: unknown[] };
    for (const [k, v] of Object.entries(o.properties ?? {})) {
      names.add(k);
      walk(v, depth + 1);
    }
    for (const sub of [...(o.anyOf ?? []), ...(o.oneOf ?? [])]) walk(sub, depth + 1);
  };
  walk(schema, 0);
  return [...names];
}

/** Path parameters: ids that exist (`rest-box-0`, registered by the run for REST only), and strangers. */
const PARAMS = [
  'rest-box-0',
  'rest-box-0',
  'box-1',
  'T1',
  'van-1',
  'nobody',
  'x'.repeat(300),
  '%2e%2e',
  '..%2f',
  '0',
  '-1',
  '%00',
  'ünï',
];
const VALUES: unknown[] = [
  '',
  'x',
  'P1',
  'dispatcher',
  'distribution_box',
  0,
  -1,
  1e308,
  -1e308,
  2 ** 53 + 1,
  0.1,
  true,
  false,
  null,
  [],
  {},
  ['a', 1],
  { attr: 'x' },
  'x'.repeat(5000),
  '2026-12-07T00:00:00Z',
  '<script>alert(1)</script>',
  "'; DROP TABLE tickets; --",
  'nul\u0000byte',
];

function value(r: Prng, depth: number): unknown {
  if (depth < 3 && r.chance(0.15)) return r.chance(0.5) ? [value(r, depth + 1)] : { k: value(r, depth + 1) };
  return r.pick(VALUES);
}

export interface RestCase {
  route: Route;
  url: string;
  kind: string;
  body: string;
  contentType: string;
  token: boolean;
}

export function restCase(r: Prng, routes: readonly Route[]): RestCase {
  const route = r.pick(routes);
  const url = route.path.replace(/\{\w+\}/g, () => encodeURIComponent(r.pick(PARAMS)).replace(/%25/g, '%'));
  const token = !SELF.has(route.path);
  const base = (): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    for (const f of route.fields) if (r.chance(0.6)) o[f] = value(r, 0);
    return o;
  };
  const json = 'application/json';
  switch (r.int(-2, 7)) {
    case -2:
      return {
        route,
        url,
        kind: 'plausible',
        body: JSON.stringify(plausible(r, route.schema as never) ?? {}),
        contentType: json,
        token,
      };
    case -1: {
      const b = plausible(r, route.schema as never);
      const o =
        typeof b === 'object' && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
      if (route.fields.length) o[r.pick(route.fields)] = value(r, 0);
      return { route, url, kind: 'one_field_off', body: JSON.stringify(o), contentType: json, token };
    }
    case 0:
      return { route, url, kind: 'fields', body: JSON.stringify(base()), contentType: json, token };
    case 1:
      return { route, url, kind: 'not_json', body: '{"a":', contentType: json, token };
    case 2:
      return {
        route,
        url,
        kind: 'wrong_content_type',
        body: JSON.stringify(base()),
        contentType: r.pick([
          'text/plain',
          'application/x-www-form-urlencoded',
          'text/csv',
          'multipart/form-data; boundary=x',
        ]),
        token,
      };
    case 3:
      return {
        route,
        url,
        kind: 'huge_numbers',
        body: `{"${r.pick(route.fields.length ? route.fields : ['x'])}":1e999,"n":-0,"m":123456789012345678901234567890}`,
        contentType: json,
        token,
      };
    case 4: {
      const f = route.fields.length ? r.pick(route.fields) : 'x';
      const body = `{"__proto__":{"admin":true,"role":"admin"},"constructor":{"prototype":{"x":1}},"${f}":{"__proto__":null}}`;
      return { route, url, kind: 'proto_keys', body, contentType: json, token };
    }
    case 5: {
      const d = r.int(200, 5000);
      return {
        route,
        url,
        kind: 'deep_nesting',
        body: '['.repeat(d) + ']'.repeat(d),
        contentType: json,
        token,
      };
    }
    case 6:
      return {
        route,
        url,
        kind: 'top_level',
        body: JSON.stringify(r.pick([null, 1, 'x', [1, 2], true])),
        contentType: json,
        token,
      };
    default: {
      const b = Buffer.from(JSON.stringify(base()));
      for (let i = r.int(1, 4); i > 0 && b.length > 0; i--) b[r.int(0, b.length - 1)] = r.int(0, 255);
      return { route, url, kind: 'bytes', body: b.toString('latin1'), contentType: json, token };
    }
  }
}

export interface RestOutcome {
  status: number;
  /** Why the answer breaks the contract, if it does. */
  problem?: string;
}

/** Sends one case and judges the answer. */
export async function sendRest(baseUrl: string, admin: string, c: RestCase): Promise<RestOutcome> {
  const headers: Record<string, string> = { 'content-type': c.contentType };
  if (c.token) headers.authorization = `Bearer ${admin}`;
  const res = await fetch(baseUrl + c.url, {
    method: c.route.method,
    headers,
    body: Buffer.from(c.body, 'latin1'),
  });
  const text = await res.text();
  const where = `${c.route.method} ${c.url} (${c.kind})`;
  if (res.status >= 500)
    return { status: res.status, problem: `${where}: ${res.status} ${text.slice(0, 200)}` };
  if (/\n\s+at .+:\d+:\d+/.test(text))
    return { status: res.status, problem: `${where}: stack trace in the answer` };
  if (res.status >= 400) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return {
        status: res.status,
        problem: `${where}: ${res.status} answer is not JSON: ${text.slice(0, 120)}`,
      };
    }
    const e = body as { error?: unknown; message?: unknown };
    if (typeof e.error !== 'string' || typeof e.message !== 'string')
      return { status: res.status, problem: `${where}: ${res.status} answer is not {error, message}` };
  }
  return { status: res.status };
}
