// A synthetic city road network for the roads benchmark: a jittered grid of streets (80 m blocks),
// every tenth street an arterial at 50 km/h, every seventh a one-way (alternating directions), and
// about 3 % of the blocks missing (dead ends, detours). Seeded, pure: one seed, one city.
import type { RoadsFile } from '../../server/src/roads/roads-file';
import { seededRandom } from '../../simulators/lib/random';

export interface RoadCityOptions {
  /** Vertices per side (side² vertices, about 4·side² directed links). */
  side: number;
  seed?: number;
  center?: { lat: number; lng: number };
}

const BLOCK_M = 80;
const JITTER_M = 15;
const MISSING = 0.03;

export function roadCity({ side, seed = 0x0ad5, center = { lat: 35.597, lng: 116.99 } }: RoadCityOptions): {
  roads: RoadsFile;
  box: { minLat: number; minLng: number; maxLat: number; maxLng: number };
} {
  const rnd = seededRandom(seed);
  const kx = 111_320 * Math.cos((center.lat * Math.PI) / 180);
  const half = ((side - 1) * BLOCK_M) / 2;
  const pos: [number, number][] = [];
  for (let j = 0; j < side; j++) {
    for (let i = 0; i < side; i++) {
      const x = i * BLOCK_M - half + (rnd() * 2 - 1) * JITTER_M;
      const y = j * BLOCK_M - half + (rnd() * 2 - 1) * JITTER_M;
      pos.push([center.lng + x / kx, center.lat + y / 111_320]);
    }
  }
  const at = (i: number, j: number) => pos[j * side + i]!;
  const features: RoadsFile['features'] = [];
  const street = (line: number, from: [number, number], to: [number, number]) => {
    if (rnd() < MISSING) return;
    const arterial = line % 10 === 0;
    const oneway = !arterial && line % 7 === 3 ? (line % 2 === 0 ? 'yes' : '-1') : undefined;
    features.push({
      type: 'Feature',
      properties: {
        highway: arterial ? 'primary' : 'residential',
        ...(arterial ? { maxspeed: '50' } : {}),
        ...(oneway ? { oneway } : {}),
      },
      geometry: { type: 'LineString', coordinates: [from, to] },
    });
  };
  for (let j = 0; j < side; j++) {
    for (let i = 0; i + 1 < side; i++) {
      street(j, at(i, j), at(i + 1, j)); // east–west streets
      street(j, at(j, i), at(j, i + 1)); // north–south streets
    }
  }
  const dLat = half / 111_320;
  const dLng = half / kx;
  return {
    roads: { type: 'FeatureCollection', features },
    box: {
      minLat: center.lat - dLat,
      maxLat: center.lat + dLat,
      minLng: center.lng - dLng,
      maxLng: center.lng + dLng,
    },
  };
}
