// Wire formats of vans: registration, the van, its batched live position, dispatch candidates.
import { z } from 'zod';
import { DEVICE_ID_RE } from '../topics';
import { iso, lat, lng, PrioritySchema, TicketStatusSchema } from './common';

// ---- vans
export const VanStatusSchema = z.enum(['offline', 'idle', 'assigned', 'en_route', 'on_site']);
export const CreateVanBody = z.object({
  id: z.string().regex(DEVICE_ID_RE, 'a van id is 1–64 letters, digits, _ or -'),
  name: z.string().min(1).max(50),
  homeLat: lat.optional(),
  homeLng: lng.optional(),
});
export const VanDto = z.object({
  id: z.string(),
  name: z.string(),
  status: VanStatusSchema,
  lat: z.number().optional(),
  lng: z.number().optional(),
  heading: z.number().optional(),
  speed_kmh: z.number().optional(),
  ticketId: z.string().optional(),
  lastSeen: iso.optional(),
});
export type VanDto = z.infer<typeof VanDto>;
export const VanCreatedDto = VanDto.extend({
  mqtt: z.object({ username: z.string(), password: z.string(), clientId: z.string() }),
});
/** One entry of the batched `van:positions` event. */
export const VanPosition = z.object({
  id: z.string(),
  lat: z.number(),
  lng: z.number(),
  heading: z.number().optional(),
  speed_kmh: z.number().optional(),
  status: VanStatusSchema,
  ts: iso,
});
export type VanPosition = z.infer<typeof VanPosition>;
export const CandidateDto = z.object({
  vanId: z.string(),
  name: z.string(),
  status: VanStatusSchema,
  /** Road distance, metres, when a road joins the van and the ticket; else the straight line. */
  distanceM: z.number(),
  /** Road time, seconds (straight-line estimate at URBAN_SPEED_KMH where no road joins them). */
  etaS: z.number(),
  /** True when distanceM and etaS are by road. */
  byRoad: z.boolean().optional(),
  ticketId: z.string().optional(),
  /** A busy van: the job it is on and when it is expected to be free of it (an estimate). */
  job: z
    .object({
      ticketId: z.string(),
      priority: PrioritySchema,
      status: TicketStatusSchema,
      freeInS: z.number(),
    })
    .optional(),
  /** A busy van: seconds until it could be here after its job (free in, then the drive on). */
  etaAfterJobS: z.number().optional(),
  /** A busy van whose job is less urgent than this ticket: dispatching with `preempt` is offered. */
  preempt: z.boolean().optional(),
});
