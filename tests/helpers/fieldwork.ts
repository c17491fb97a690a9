// Field work in tests: a ticket brought on site by its van's technician, small images of each type, and
// multipart uploads sent as a browser or the phone would send them.
import type { TestServer } from './server';

/** The smallest byte strings each image type is known by (enough for the server's judgement). */
export const IMAGES = {
  png: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]),
  webp: Buffer.concat([
    Buffer.from('RIFF'),
    Buffer.from([0, 0, 0, 0]),
    Buffer.from('WEBPVP8 '),
    Buffer.alloc(64, 3),
  ]),
};

export interface UploadResult {
  status: number;
  body: Record<string, unknown>;
}

/** POST /api/tickets/{id}/attachments with `kind` (if given) and `file` (if given). */
export async function upload(
  s: TestServer,
  ticketId: string,
  token: string,
  parts: { kind?: string; file?: Buffer; filename?: string; type?: string },
): Promise<UploadResult> {
  const form = new FormData();
  if (parts.kind !== undefined) form.append('kind', parts.kind);
  if (parts.file !== undefined)
    form.append(
      'file',
      new Blob([new Uint8Array(parts.file)], { type: parts.type ?? 'image/png' }),
      parts.filename ?? 'photo.png',
    );
  const res = await fetch(`${s.httpUrl}/api/tickets/${ticketId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A hotline ticket dispatched to `vanId`, accepted and arrived by `tech`; returns its id. */
export async function ticketOnSite(
  s: TestServer,
  disp: string,
  tech: string,
  vanId: string,
): Promise<string> {
  const created = await s.api.post<{ id: string }>(
    '/api/tickets',
    { category: 'electrical', description: '配电箱锈蚀，需要更换', compoundId: 'gongbao' },
    disp,
  );
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id;
  const steps: [Record<string, unknown>, string][] = [
    [{ type: 'dispatch', vanId }, disp],
    [{ type: 'accept' }, tech],
    [{ type: 'depart' }, tech],
    [{ type: 'arrive' }, tech],
  ];
  for (const [ev, token] of steps) {
    const res = await s.api.post(`/api/tickets/${id}/events`, ev, token);
    if (res.status !== 200) throw new Error(`${String(ev.type)}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return id;
}
