// Wire formats of places on the map: compounds (api.md /api/compounds) and, beyond api.md, sites —
// red sail stations (红帆驿站) inside compounds and the depot where the vans wait.
import { z } from 'zod';
import { id, iso, lat, lng, PhoneSchema } from './common';

// ---- compounds
export const PolygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z
    .array(z.array(z.tuple([lng, lat])).min(4, 'a ring needs at least 4 positions (closed)'))
    .min(1, 'a polygon needs an outer ring'),
});
export const CreateCompoundBody = z.object({
  id,
  name: z.string().min(1).max(100),
  outline: PolygonSchema,
  address: z.string().max(200).optional(),
});
export const CompoundDto = CreateCompoundBody.extend({
  createdAt: iso,
  counts: z.object({
    devices: z.number().int(),
    online: z.number().int(),
    offline: z.number().int(),
    activeAlarms: z.number().int(),
    openTickets: z.number().int(),
  }),
});
export type CompoundDto = z.infer<typeof CompoundDto>;

// ---- sites (beyond api.md): red sail stations (红帆驿站) inside compounds, and the depot where vans wait
export const SiteKindSchema = z.enum(['station', 'depot']);
export const CreateSiteBody = z.object({
  id,
  kind: SiteKindSchema,
  name: z.string().trim().min(1, 'give the site a name').max(100),
  lat,
  lng,
  /** Must name an existing compound (400 otherwise). */
  compoundId: id.optional(),
  address: z.string().max(200).optional(),
  phone: PhoneSchema.optional(),
});
export const SiteDto = CreateSiteBody.extend({ createdAt: iso });
export type SiteDto = z.infer<typeof SiteDto>;
