// Ticket attachments (api.md "Field work and notifications (v1.1)"): POST /api/tickets/{id}/attachments
// (multipart: `kind`, `file`) and GET /api/attachments/{id} (the bytes, to whoever may read the ticket).
import { Router } from 'express';
import { AttachmentFields, type AttachmentCreatedDto } from '../../contracts/dto';
import { parse } from '../../contracts/parse';
import type { Services } from '../../services';
import { ATTACHMENT_MAX_BYTES, UnsupportedImageError } from '../../services/attachments';
import { audited } from '../audit';
import { allow, ANY_ROLE, currentUser } from '../auth';
import { HttpError } from '../errors';
import { readUpload } from '../multipart';
import { param } from '../validate';
import type { z } from 'zod';

const EXTENSION = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const;
/** An attachment never changes under its id: a browser may keep it (privately) for a year. */
const CACHE = 'private, max-age=31536000, immutable';

export function attachmentsRouter(s: Services): Router {
  const r = Router();

  r.post('/tickets/:id/attachments', allow('dispatcher', 'technician'), async (req, res) => {
    const user = currentUser(req);
    // Who and which ticket first: a refused upload is not read.
    const ticket = await s.attachments.target(param(req.params, 'id'), user);
    const upload = await readUpload(req, res, ATTACHMENT_MAX_BYTES);
    const { kind } = parse(AttachmentFields, upload.fields);
    try {
      const a = await s.attachments.add(ticket, kind, upload.bytes, user);
      const body: z.infer<typeof AttachmentCreatedDto> = {
        id: a.id,
        kind: a.kind,
        contentType: a.contentType,
        size: a.size,
        sha256: a.sha256,
      };
      audited(res, 'ticket.attach', 'ticket', ticket.id, body);
      res.status(201).json(body);
    } catch (error) {
      if (error instanceof UnsupportedImageError)
        throw new HttpError(415, 'unsupported_media_type', error.message);
      throw error;
    }
  });

  r.get('/attachments/:id', allow(...ANY_ROLE), async (req, res) => {
    const { record, bytes } = await s.attachments.read(param(req.params, 'id'), currentUser(req));
    res
      .status(200)
      .set({
        'Content-Type': record.contentType,
        'Content-Length': String(bytes.length),
        'X-Content-Type-Options': 'nosniff',
        'Content-Disposition': `inline; filename="${record.id}.${EXTENSION[record.contentType]}"`,
        'Cache-Control': CACHE,
      })
      .end(bytes);
  });
  return r;
}
