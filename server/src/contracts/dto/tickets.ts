// Wire formats of tickets: hotline intake, linked reports, lifecycle events, the ticket and its
// timeline, and the list query (api.md /api/tickets, "Ticket lifecycle").
import { z } from 'zod';
import { DEVICE_ID_RE } from '../topics';
import {
  CategorySchema,
  id,
  iso,
  lat,
  lng,
  PhoneSchema,
  PrioritySchema,
  SatisfactionSchema,
  SlaDeadlineSchema,
  SlaStatusSchema,
  TicketSourceSchema,
  TicketStatusSchema,
} from './common';

// ---- tickets
export const ReporterSchema = z.object({
  name: z.string().trim().min(1, 'give the caller’s name').max(50),
  phone: PhoneSchema,
});
export const CreateTicketBody = z.object({
  category: CategorySchema,
  description: z.string().min(1).max(2000),
  priority: PrioritySchema.optional(),
  source: z.enum(['hotline', 'grid', 'inspection']).default('hotline'),
  compoundId: id.optional(),
  deviceId: z.string().regex(DEVICE_ID_RE).optional(),
  lat: lat.optional(),
  lng: lng.optional(),
  address: z.string().max(200).optional(),
  reporter: ReporterSchema.optional(),
});
/** A further report of a problem that already has a ticket (POST /api/tickets/{id}/link). */
export const LinkReportBody = z.object({
  description: z.string().min(1).max(2000),
  reporter: ReporterSchema.optional(),
  address: z.string().max(200).optional(),
  source: z.enum(['hotline', 'grid', 'inspection']).default('hotline'),
});
const reason = z.string().min(1, 'say why').max(1000);
/** A part used in a repair, reported at resolve (api.md "Field work"). */
export const PartUsedSchema = z.strictObject({
  name: z.string().trim().min(1, 'name the part').max(100),
  qty: z.number().positive('qty must be more than 0').max(100_000),
  unitCostYuan: z.number().min(0, 'unitCostYuan must not be negative').max(1_000_000).optional(),
});
/** Labour of a repair: whole minutes, at most a week. */
export const LabourMinSchema = z
  .number()
  .int('labourMin is whole minutes')
  .min(0, 'labourMin must not be negative')
  .max(10_080, 'labourMin is at most 10080 (a week)');
export const TicketEventBody = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('dispatch'),
    vanId: id,
    /** The van is busy: pull it off its ticket, which goes back to the queue (409 van_busy without). */
    preempt: z.boolean().optional(),
  }),
  z.object({ type: z.literal('accept') }),
  z.object({ type: z.literal('decline'), reason }),
  z.object({ type: z.literal('depart') }),
  z.object({ type: z.literal('arrive') }),
  z.object({
    type: z.literal('resolve'),
    note: z.string().min(1, 'describe the repair').max(2000),
    parts: z.array(PartUsedSchema).max(100).optional(),
    labourMin: LabourMinSchema.optional(),
  }),
  z.object({
    type: z.literal('callback'),
    satisfaction: SatisfactionSchema,
    note: z.string().max(2000).optional(),
    /** The caller called back; may be left out when exactly one caller is still to call. */
    phone: PhoneSchema.optional(),
  }),
  z.object({ type: z.literal('close'), reason }),
  z.object({ type: z.literal('reopen'), reason }),
  z.object({ type: z.literal('cancel'), reason }),
  z.object({ type: z.literal('note'), text: z.string().min(1).max(2000) }),
]);
export type TicketEventBody = z.infer<typeof TicketEventBody>;
export type TicketEventType = TicketEventBody['type'];

export const AttachmentKindSchema = z.enum(['before', 'after', 'signature']);
export const ImageTypeSchema = z.enum(['image/jpeg', 'image/png', 'image/webp']);
/** 201 of POST /api/tickets/{id}/attachments. */
export const AttachmentCreatedDto = z.object({
  id: z.string(),
  kind: AttachmentKindSchema,
  contentType: ImageTypeSchema,
  size: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
/** An attachment as a ticket lists it; its bytes are GET /api/attachments/{id}. */
export const AttachmentDto = AttachmentCreatedDto.extend({ at: iso, by: z.string() });
export type AttachmentDto = z.infer<typeof AttachmentDto>;
/** The text fields of the multipart upload (the file is the part named `file`). */
export const AttachmentFields = z.object({ kind: AttachmentKindSchema });

export const TimelineEntryDto = z.object({
  at: iso,
  type: z.string(),
  by: z.string(),
  data: z.record(z.string(), z.unknown()),
});
/** One caller of a ticket (api.md v1.1 "Duplicates") and the callback made to them in this round. */
export const CallerDto = z.object({
  name: z.string(),
  phone: z.string(),
  /** When the call was taken. */
  at: iso,
  /** How it came in: hotline, grid, inspection, or integration:<id> (Open311). */
  via: z.string().optional(),
  callback: z
    .object({ satisfaction: SatisfactionSchema, note: z.string().optional(), at: iso, by: z.string() })
    .optional(),
});
export type CallerDto = z.infer<typeof CallerDto>;
export const TicketDto = z.object({
  id: z.string(),
  status: TicketStatusSchema,
  priority: PrioritySchema,
  source: TicketSourceSchema,
  category: z.string(),
  description: z.string(),
  deviceId: z.string().optional(),
  alarmRule: z.string().optional(),
  compoundId: z.string().optional(),
  lat: z.number().optional(),
  lng: z.number().optional(),
  address: z.string().optional(),
  reporter: ReporterSchema.optional(),
  /** Everyone who reported this problem, first first; each is called back before the ticket closes. */
  callers: z.array(CallerDto).optional(),
  vanId: z.string().optional(),
  createdAt: iso,
  updatedAt: iso,
  dispatchedAt: iso.optional(),
  acceptedAt: iso.optional(),
  arrivedAt: iso.optional(),
  resolvedAt: iso.optional(),
  closedAt: iso.optional(),
  respondBy: iso,
  resolveBy: iso,
  /** Set when the ticket closes through its callbacks: the worst satisfaction of the round, with its note. */
  callback: z.object({ satisfaction: SatisfactionSchema, note: z.string().optional() }).optional(),
  /** Worst state of the running deadlines; absent = on time. */
  slaStatus: SlaStatusSchema.optional(),
  slaBreaches: z.array(SlaDeadlineSchema).optional(),
  callbackBy: iso.optional(),
  /** Times the same fault came back after this ticket closed and reopened it. */
  repeatCount: z.number().int().min(0),
  /** Parts used in the repair (resolve). */
  parts: z.array(PartUsedSchema).optional(),
  /** Sum of qty × unitCostYuan over the parts that have a cost, in yuan to the fen. */
  partsCostYuan: z.number().min(0).optional(),
  labourMin: LabourMinSchema.optional(),
  /** Photos and signature, oldest first: in the list and the detail (GET). */
  attachments: z.array(AttachmentDto).optional(),
  /** Not accepted in time (api.md v1.1 "Escalation"): the level reached, 1 or 2; absent = none. */
  escalationLevel: z.number().int().min(1).max(2).optional(),
  /** Road time, seconds, from the van at dispatch (straight-line estimate without a road network). */
  etaS: z.number().int().min(0).optional(),
  /** What etaS is based on: road time over the road network, or the straight line at the configured speed. */
  etaBasis: z.enum(['road', 'straight']).optional(),
});
export type TicketDto = z.infer<typeof TicketDto>;
export const TicketDetailDto = TicketDto.extend({ timeline: z.array(TimelineEntryDto) });
export type TicketDetailDto = z.infer<typeof TicketDetailDto>;
const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item));
export const TicketQuery = z.object({
  status: csv(TicketStatusSchema).optional(),
  priority: PrioritySchema.optional(),
  source: TicketSourceSchema.optional(),
  deviceId: z.string().optional(),
  compoundId: z.string().optional(),
  vanId: z.string().optional(),
  /** Search (any status unless `status` narrows): pipeline/ticket-search.ts says what it matches. */
  q: z
    .string()
    .trim()
    .min(1, 'q: type at least one character to search for, or leave q out')
    .max(100, 'q: search for at most 100 characters')
    .optional()
    .describe(
      'search, 1–100 characters, any status unless status narrows: a case-insensitive substring of the ticket number ' +
        '(also without its dash), reporter or caller name and phone (also without spaces and dashes), address, ' +
        'description, device id or name, compound name',
    ),
  /** createdAt at or after / at or before these instants (the history page's date range). */
  from: iso.optional().describe('created at or after (ISO-8601)'),
  to: iso.optional().describe('created at or before (ISO-8601)'),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  /** The next page: the id of the last ticket of the previous one. */
  before: z.string().min(1).optional(),
});

/** GET /api/tickets/count: how many tickets TicketQuery's filters match in all. */
export const TicketCountQuery = TicketQuery.omit({ limit: true, before: true });
export const TicketCountDto = z.object({ count: z.number().int().min(0) });
export type TicketCountDto = z.infer<typeof TicketCountDto>;

/** GET /api/tickets.csv: the tickets created in [from, to] (at most 366 days), with TicketQuery's filters. */
export const TicketExportQuery = TicketQuery.omit({ limit: true, before: true })
  .extend({
    from: iso,
    to: iso,
    lang: z.enum(['zh-CN', 'en']).default('zh-CN'),
  })
  .refine((q) => Date.parse(q.from) <= Date.parse(q.to), {
    message: 'from must not be after to',
    path: ['from'],
  })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    message: 'export at most 366 days at a time',
    path: ['to'],
  });

/** POST /api/tickets/cancel: several tickets cancelled at once, with one reason. */
export const CancelTicketsBody = z.object({
  ids: z
    .array(z.string().min(1).max(64))
    .min(1)
    .max(200)
    .refine((ids) => new Set(ids).size === ids.length, 'ids: each ticket once'),
  reason,
});
/** GET /api/tickets/duplicates: where and what a new report is about (api.md v1.1 "Duplicates"). */
const decimal = (name: string) =>
  z
    .string({ error: `give ${name} as a decimal number` })
    .regex(/^-?\d+(\.\d+)?$/, `give ${name} as a decimal number`)
    .transform(Number);
export const DuplicatesQuery = z.object({
  category: CategorySchema,
  lat: decimal('lat').pipe(lat),
  lng: decimal('lng').pipe(lng),
});
/** An open ticket the report is the same problem as, nearest first. */
export const DuplicateDto = z.object({ ticket: TicketDto, distanceM: z.number().int().min(0) });
