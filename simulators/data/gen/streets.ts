// The street network of the demo data set: a grid of main streets, and a short lane from the nearest
// street into each compound (to its centre) and to the depot. Every meeting point is a vertex of both
// lines with exactly the same coordinates, so a router can build its graph by matching vertices; the
// grid is connected, and every lane hangs off it, so the whole network is one component (one-way
// streets included: every junction of the grid can still be reached from every other). Tags are OSM's.
import type { Streets } from '../../lib/demo-data';
import { toPosition, type XY } from './geo';
import { EW_STREETS, LANE_TAGS, NS_STREETS, RESIDENTIAL_TAGS, STREET_TAGS, streetX, streetY } from './places';

export interface Lane {
  name: string;
  /** Where the lane ends (a compound's centre, the depot). */
  to: XY;
}

interface Attached {
  name: string;
  junction: XY;
  to: XY;
  /** The main street it leaves from. */
  street: { axis: 'ns' | 'ew'; index: number };
}

/** The lane leaves the nearest of the four streets around its block, at right angles. */
function attach(lane: Lane): Attached {
  const { x, y } = lane.to;
  const col = Math.floor((x - streetX(0)) / (streetX(1) - streetX(0)));
  const row = Math.floor((y - streetY(0)) / (streetY(1) - streetY(0)));
  if (col < 0 || col >= NS_STREETS.length - 1 || row < 0 || row >= EW_STREETS.length - 1) {
    throw new Error(`${lane.name} lies outside the street grid`);
  }
  const options: Attached['street'][] = [
    { axis: 'ns', index: col },
    { axis: 'ns', index: col + 1 },
    { axis: 'ew', index: row },
    { axis: 'ew', index: row + 1 },
  ];
  const gap = (s: Attached['street']) =>
    s.axis === 'ns' ? Math.abs(x - streetX(s.index)) : Math.abs(y - streetY(s.index));
  const street = options.reduce((best, s) => (gap(s) < gap(best) ? s : best));
  const junction = street.axis === 'ns' ? { x: streetX(street.index), y } : { x, y: streetY(street.index) };
  return { name: lane.name, junction, to: lane.to, street };
}

const feature = (
  name: string,
  points: XY[],
  tags: Record<string, string> = STREET_TAGS[name] ?? RESIDENTIAL_TAGS,
): Streets['features'][number] => ({
  type: 'Feature',
  properties: { name, ...tags },
  geometry: { type: 'LineString', coordinates: points.map(toPosition) },
});

export function buildStreets(lanes: readonly Lane[]): Streets {
  const attached = lanes.map(attach);
  const onStreet = (axis: 'ns' | 'ew', index: number) =>
    attached.filter((a) => a.street.axis === axis && a.street.index === index).map((a) => a.junction);

  const main = [
    ...NS_STREETS.map((name, i) => {
      const crossings = EW_STREETS.map((_, j) => ({ x: streetX(i), y: streetY(j) }));
      return feature(
        name,
        [...crossings, ...onStreet('ns', i)].sort((p, q) => p.y - q.y),
      );
    }),
    ...EW_STREETS.map((name, j) => {
      const crossings = NS_STREETS.map((_, i) => ({ x: streetX(i), y: streetY(j) }));
      return feature(
        name,
        [...crossings, ...onStreet('ew', j)].sort((p, q) => p.x - q.x),
      );
    }),
  ];
  return {
    type: 'FeatureCollection',
    features: [...main, ...attached.map((a) => feature(a.name, [a.junction, a.to], LANE_TAGS))],
  };
}
