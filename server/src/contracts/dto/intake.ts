// Wire formats of intake (api.md v1.1 "Reports, intake and handover"): the integration API keys an
// admin issues (/api/integrations) and the Open311 GeoReport v2 requests they file (/open311/v2/).
// Open311 fields keep the standard's snake_case names; form-encoded values arrive as strings.
import { z } from 'zod';
import { CategorySchema, PhoneSchema, iso } from './common';

export const IntegrationSourceSchema = z.enum(['hotline', 'grid']);

export const CreateIntegrationBody = z.strictObject({
  name: z.string().trim().min(1, 'name the integration (e.g. 12345 市民热线)').max(100),
  source: IntegrationSourceSchema.default('hotline'),
});
export type CreateIntegrationBody = z.infer<typeof CreateIntegrationBody>;

export const IntegrationDto = z.object({
  id: z.string(),
  name: z.string(),
  source: IntegrationSourceSchema,
  createdAt: iso,
  createdBy: z.string(),
  revokedAt: iso.optional(),
  revokedBy: z.string().optional(),
  lastUsedAt: iso.optional(),
});
export type IntegrationDto = z.infer<typeof IntegrationDto>;

/** POST /api/integrations answers the key once; it is never shown again. */
export const CreatedIntegrationDto = z.object({
  id: z.string(),
  name: z.string(),
  source: IntegrationSourceSchema,
  createdAt: iso,
  apiKey: z.string(),
});
export type CreatedIntegrationDto = z.infer<typeof CreatedIntegrationDto>;

/** A form field: trimmed; empty means absent (HTML forms send empty strings). */
const field = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(max).optional(),
  );

const coordinate = (min: number, max: number, what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? Number(v) : v),
    z
      .number({ message: `${what} must be a decimal number (WGS-84)` })
      .min(min, `${what} must be between ${min} and ${max}`)
      .max(max, `${what} must be between ${min} and ${max}`)
      .optional(),
  );

/** POST /open311/v2/requests.json (GeoReport v2 "POST Service Request"), after api_key is checked. */
export const Open311RequestBody = z
  .object({
    service_code: CategorySchema,
    lat: coordinate(-90, 90, 'lat'),
    long: coordinate(-180, 180, 'long'),
    address_string: field(200),
    description: field(2000),
    first_name: field(25),
    last_name: field(25),
    phone: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      PhoneSchema.optional(),
    ),
    email: field(200),
    device_id: field(100),
    account_id: field(100),
    media_url: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z
        .url({ protocol: /^https?$/, message: 'media_url must be an http(s) address' })
        .max(500)
        .optional(),
    ),
  })
  .refine((b) => (b.lat === undefined) === (b.long === undefined), {
    message: 'give both lat and long, or neither',
    path: ['long'],
  })
  .refine((b) => b.lat !== undefined || b.address_string !== undefined, {
    message: 'a location is required: lat and long, or address_string',
    path: ['lat'],
  })
  .refine((b) => b.phone !== undefined, {
    message: 'the caller’s phone is required (the ticket is called back when it is done)',
    path: ['phone'],
  })
  .refine((b) => b.description !== undefined, { message: 'describe the problem', path: ['description'] });
export type Open311RequestBody = z.infer<typeof Open311RequestBody>;

export const Open311ServiceDto = z.object({
  service_code: z.string(),
  service_name: z.string(),
  description: z.string(),
  metadata: z.literal(false),
  type: z.literal('realtime'),
  keywords: z.string(),
  group: z.string(),
});
export type Open311ServiceDto = z.infer<typeof Open311ServiceDto>;

export const Open311CreatedDto = z.object({
  service_request_id: z.string(),
  service_notice: z.string().optional(),
  account_id: z.string().optional(),
});
export type Open311CreatedDto = z.infer<typeof Open311CreatedDto>;

export const Open311StatusDto = z.object({
  service_request_id: z.string(),
  status: z.enum(['open', 'closed']),
  status_notes: z.string().optional(),
  service_name: z.string(),
  service_code: z.string(),
  description: z.string(),
  agency_responsible: z.string().optional(),
  service_notice: z.string().optional(),
  requested_datetime: iso,
  updated_datetime: iso,
  expected_datetime: iso.optional(),
  address: z.string().optional(),
  lat: z.number().optional(),
  long: z.number().optional(),
});
export type Open311StatusDto = z.infer<typeof Open311StatusDto>;

const dateField = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.iso.datetime({ offset: true, message: 'use an ISO-8601 time (2026-12-01T00:00:00+08:00)' }).optional(),
);

/** GET /open311/v2/requests.json (GeoReport v2 "GET Service Requests"). */
export const Open311ListQuery = z.object({
  service_request_id: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x !== ''),
      )
      .pipe(z.array(z.string().max(64)).max(100, 'at most 100 service_request_id at once'))
      .optional(),
  ),
  service_code: z.preprocess((v) => (v === '' ? undefined : v), CategorySchema.optional()),
  start_date: dateField,
  end_date: dateField,
  status: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['open', 'closed']).optional()),
});
export type Open311ListQuery = z.infer<typeof Open311ListQuery>;
