// Open311 from a test: an integration key issued by the admin, and a form-encoded request filed with it.
import type { TestServer } from './server';

/** Issues an integration key (admin) and answers it. */
export async function issueKey(s: TestServer, name = '12345 市民热线'): Promise<string> {
  const res = await s.api.post<{ apiKey: string }>('/api/integrations', { name }, s.admin);
  if (res.status !== 201) throw new Error(`issuing a key answered ${res.status}`);
  return res.body.apiKey;
}

/** A water report filed form-encoded, with the answer's status and body. */
export async function fileRequest(
  s: TestServer,
  key: string,
): Promise<{ status: number; retryAfter: string | null; body: unknown }> {
  const fields = {
    api_key: key,
    service_code: 'water',
    lat: '35.5965',
    long: '116.9915',
    description: '楼前水管破裂',
    phone: '13800000001',
  };
  const res = await fetch(`${s.httpUrl}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}
