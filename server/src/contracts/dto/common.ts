// Shared pieces of the wire formats: times, ids, coordinates, the enumerations, the error body.
import { z } from 'zod';
import { CATEGORY_IDS } from '../../../../devices/lib/categories';

export const iso = z.iso.datetime().describe('ISO-8601 time');
export const id = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'use 1–64 letters, digits, _ . : or -');
export const lat = z.number().min(-90).max(90);
export const lng = z.number().min(-180).max(180);

export const RoleSchema = z.enum(['admin', 'dispatcher', 'technician', 'viewer']);
export const TicketStatusSchema = z.enum([
  'new',
  'dispatched',
  'accepted',
  'en_route',
  'on_site',
  'resolved',
  'closed',
  'cancelled',
]);
export const PrioritySchema = z.enum(['P1', 'P2', 'P3', 'P4']);
export const TicketSourceSchema = z.enum(['alarm', 'hotline', 'grid', 'inspection']);
/** Ticket categories: the list is devices/lib/categories.ts. */
export const CategorySchema = z.enum(CATEGORY_IDS);
export const SatisfactionSchema = z.enum(['satisfied', 'neutral', 'unsatisfied']);
export const DeviceStatusSchema = z.enum(['online', 'offline', 'unknown']);
/** A ticket deadline: on site by respondBy, resolved by resolveBy, resident called back by callbackBy. */
export const SlaDeadlineSchema = z.enum(['respond', 'resolve', 'callback']);
export const SlaStatusSchema = z.enum(['ok', 'at_risk', 'breached']);
export const MetricValueSchema = z.union([z.number(), z.string(), z.boolean()]);

/** Mainland mobile (1[3-9] + 9 digits) or a landline with its area code (0537-4412345). */
export const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
/** A phone number as typed (spaces and brackets dropped), then checked against PHONE_RE. */
export const PhoneSchema = z
  .string()
  .transform((p) => p.replace(/[\s()]/g, ''))
  .pipe(
    z.string().regex(PHONE_RE, 'a mainland mobile (13812345678) or a landline with area code (0537-4412345)'),
  );

// ---- errors
export const ErrorSchema = z.object({ error: z.string(), message: z.string() });
export type ErrorDto = z.infer<typeof ErrorSchema>;
