// Ticket attachments (api.md "Field work and notifications (v1.1)"): photos before and after the repair
// and the resident's signature. The bytes are judged by their first bytes (JPEG, PNG, WebP), stored
// with their sha256, and the ticket's timeline records the attachment. Who may add one: dispatchers
// and the technicians of the ticket's van; who may read one: whoever may read the ticket.
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { forbidden, notFound } from '../errors';
import type { Actor } from '../pipeline/ticket-decisions';
import { sniffImageType } from '../pipeline/image-type';
import type { AttachmentKind, AttachmentRecord, AttachmentStore, TicketRecord } from '../store/store';
import type { TicketService } from './tickets';

/** The largest file accepted (api.md: 413 over 10 MB). */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** e.g. F-mh2k3x-9f1c2a7b0d4e6f11 (sortable by time, unguessable). */
export const attachmentId = (now: number) => `F-${now.toString(36)}-${randomBytes(8).toString('hex')}`;

export class UnsupportedImageError extends Error {
  constructor() {
    super('the file is not a JPEG, PNG or WebP image (judged by its content, not its name)');
    this.name = 'UnsupportedImageError';
  }
}

/** A technician reads their own van's tickets only; every other role reads all. */
export function mayRead(t: TicketRecord, by: Actor): boolean {
  return by.role !== 'technician' || (t.vanId !== undefined && t.vanId === by.vanId);
}

export class AttachmentService {
  constructor(
    private readonly store: AttachmentStore,
    private readonly tickets: TicketService,
    private readonly clock: Clock,
  ) {}

  /** The ticket an upload may be added to by `by` (checked before the upload is read). */
  async target(ticketId: string, by: Actor): Promise<TicketRecord> {
    const t = await this.tickets.get(ticketId);
    if (!t) throw notFound(`ticket ${ticketId}`);
    if (by.role === 'technician' && !mayRead(t, by))
      throw forbidden(`ticket ${ticketId} is not assigned to your van`);
    return t;
  }

  async add(ticket: TicketRecord, kind: AttachmentKind, bytes: Buffer, by: Actor): Promise<AttachmentRecord> {
    const contentType = sniffImageType(bytes);
    if (!contentType) throw new UnsupportedImageError();
    const now = this.clock.now();
    const record: AttachmentRecord = {
      id: attachmentId(now),
      ticketId: ticket.id,
      kind,
      contentType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      createdAt: now,
      createdBy: by.username,
    };
    await this.store.createAttachment(record, bytes);
    const { id, size, sha256 } = record;
    await this.tickets.annotate(
      ticket.id,
      'attachment',
      { attachmentId: id, kind, contentType, size, sha256 },
      by.username,
    );
    return record;
  }

  /** The attachment and its bytes, if `by` may read its ticket. */
  async read(id: string, by: Actor): Promise<{ record: AttachmentRecord; bytes: Buffer }> {
    const record = await this.store.getAttachment(id);
    if (!record) throw notFound(`attachment ${id}`);
    const t = await this.tickets.get(record.ticketId);
    if (!t || !mayRead(t, by))
      throw forbidden(`attachment ${id} belongs to a ticket that is not assigned to your van`);
    const bytes = await this.store.readAttachment(id);
    if (!bytes) throw notFound(`attachment ${id}`);
    return { record, bytes };
  }

  /** The attachments of these tickets, by ticket id, oldest first. */
  async byTicket(ticketIds: readonly string[]): Promise<Map<string, AttachmentRecord[]>> {
    const out = new Map<string, AttachmentRecord[]>(ticketIds.map((id) => [id, []]));
    if (ticketIds.length === 0) return out;
    for (const a of await this.store.listAttachments(ticketIds)) out.get(a.ticketId)?.push(a);
    return out;
  }
}
