// The demo data set's format (simulators/data/<set>/): one zod schema per file, shared by the
// generator, the provisioning step, the device and van simulators, and the tests.
// Everything in a data set is synthetic and says so in its README.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { deviceTypes } from '../../devices/index';
import { PolygonSchema } from '../../server/src/contracts/dto';
import { poweredByOf } from './power-feeds';
import { RoadTagsSchema } from '../../server/src/roads/roads-file';

const point = { lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) };

export const CompoundSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string().optional(),
  outline: PolygonSchema,
});

export const SitesSchema = z.object({
  /** The property company's depot, where the vans wait. */
  depot: z.object({ name: z.string(), ...point }),
  /** Red sail stations (红帆驿站): service points inside compounds. */
  stations: z.array(z.object({ id: z.string(), name: z.string(), compoundId: z.string(), ...point })),
});

export const DemoDeviceSchema = z.object({
  id: z.string(),
  /** Any registered device type. */
  type: z.enum(deviceTypes.map((d) => d.type)),
  name: z.string(),
  compoundId: z.string(),
  ...point,
  rating_a: z.number().positive().optional(),
  /**
   * Distribution boxes only: ids of the devices of the set this box powers (their type's demo power is
   * `fed`); each device is fed by at most one box. Provisioning registers them with `poweredBy` = the box.
   */
  feeds: z.array(z.string()).optional(),
});
export type DemoDevice = z.infer<typeof DemoDeviceSchema>;

export const DemoVanSchema = z.object({
  id: z.string(),
  name: z.string(),
  homeLat: z.number(),
  homeLng: z.number(),
  /** The van's technician login; demo passwords, for demo mode only. */
  technician: z.object({ username: z.string(), password: z.string() }),
});
export type DemoVan = z.infer<typeof DemoVanSchema>;

/** Streets as GeoJSON LineStrings ([lng, lat] positions) with OSM tags (ROADS_FILE format); vans drive along them. */
export const StreetsSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: RoadTagsSchema.extend({ name: z.string() }),
      geometry: z.object({
        type: z.literal('LineString'),
        coordinates: z.array(z.tuple([z.number(), z.number()])).min(2),
      }),
    }),
  ),
});
export type Streets = z.infer<typeof StreetsSchema>;

export const DemoDataSchema = z.object({
  compounds: z.array(CompoundSchema),
  sites: SitesSchema,
  devices: z.array(DemoDeviceSchema),
  vans: z.array(DemoVanSchema),
  streets: StreetsSchema,
  /** The demo dispatcher's login. */
  dispatcher: z.object({ username: z.string(), password: z.string() }),
});
export type DemoData = z.infer<typeof DemoDataSchema>;

export const DEFAULT_DATA_DIR = path.resolve(import.meta.dirname, '../data/qufu');

/**
 * Reads and validates a data set folder: compounds.json, sites.json, devices.json, vans.json,
 * streets.geojson, users.json. Throws FeedsError when the boxes' `feeds` name a device that is not in
 * devices.json, or feed one device from two boxes.
 */
export function loadDemoData(dir = DEFAULT_DATA_DIR): DemoData {
  const read = (f: string): unknown => JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
  const data = DemoDataSchema.parse({
    compounds: read('compounds.json'),
    sites: read('sites.json'),
    devices: read('devices.json'),
    vans: read('vans.json'),
    streets: read('streets.geojson'),
    dispatcher: (read('users.json') as { dispatcher: unknown }).dispatcher,
  });
  poweredByOf(data.devices, path.join(dir, 'devices.json'));
  return data;
}
