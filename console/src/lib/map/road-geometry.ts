// Geometry of the street layer: one-way arrows along a line, where a street's name is written, and
// which names fit without covering each other. Positions are WGS-84 [lng, lat] as GeoJSON has them;
// distances in metres on a local flat approximation (fine at town scale). Pure.

const M_PER_DEG = 111_320;
const RAD = Math.PI / 180;

export interface Along {
  lat: number;
  lng: number;
  /** Direction of travel, degrees clockwise from north. */
  bearing: number;
}

function metres(a: readonly number[], b: readonly number[]): { dx: number; dy: number; d: number } {
  const dx = (b[0]! - a[0]!) * M_PER_DEG * Math.cos(((a[1]! + b[1]!) / 2) * RAD);
  const dy = (b[1]! - a[1]!) * M_PER_DEG;
  return { dx, dy, d: Math.hypot(dx, dy) };
}

/** Length of a line, metres. */
export function lineLength(coords: readonly (readonly number[])[]): number {
  let sum = 0;
  for (let i = 1; i < coords.length; i++) sum += metres(coords[i - 1]!, coords[i]!).d;
  return sum;
}

/** Points every `spacing` metres along a line (the first half a spacing in), facing the way of travel. */
export function arrowsAlong(
  coords: readonly (readonly number[])[],
  oneway: 'yes' | '-1',
  spacing: number,
): Along[] {
  const out: Along[] = [];
  let next = spacing / 2;
  let walked = 0;
  for (let i = 1; i < coords.length; i++) {
    const a = coords[i - 1]!;
    const b = coords[i]!;
    const { dx, dy, d } = metres(a, b);
    if (d === 0) continue;
    let bearing = Math.atan2(dx, dy) / RAD;
    if (oneway === '-1') bearing += 180;
    bearing = (bearing + 360) % 360;
    while (next <= walked + d) {
      const f = (next - walked) / d;
      out.push({ lng: a[0]! + (b[0]! - a[0]!) * f, lat: a[1]! + (b[1]! - a[1]!) * f, bearing });
      next += spacing;
    }
    walked += d;
  }
  return out;
}

/** A chevron (›) pointing along `at.bearing`: tail, tip, tail as [lat, lng]; `arm` metres long. */
export type LatLngPair = [lat: number, lng: number];

export function chevron(at: Along, arm: number): [LatLngPair, LatLngPair, LatLngPair] {
  const cos = Math.cos(at.lat * RAD);
  const point = (deg: number, m: number): [number, number] => [
    at.lat + (Math.cos(deg * RAD) * m) / M_PER_DEG,
    at.lng + (Math.sin(deg * RAD) * m) / (M_PER_DEG * cos),
  ];
  const tip = point(at.bearing, arm * 0.5);
  const back = (side: number): [number, number] => {
    const [la, ln] = point(at.bearing + side * 145, arm);
    return [la + (tip[0] - at.lat), ln + (tip[1] - at.lng)];
  };
  return [back(-1), tip, back(1)];
}

/** Where a street's name goes: halfway along it; written top to bottom on a north–south street. */
export function labelAnchor(
  coords: readonly (readonly number[])[],
): (Along & { vertical: boolean }) | undefined {
  const half = lineLength(coords) / 2;
  let walked = 0;
  for (let i = 1; i < coords.length; i++) {
    const a = coords[i - 1]!;
    const b = coords[i]!;
    const { dx, dy, d } = metres(a, b);
    if (walked + d >= half && d > 0) {
      const f = (half - walked) / d;
      const bearing = (Math.atan2(dx, dy) / RAD + 360) % 360;
      return {
        lng: a[0]! + (b[0]! - a[0]!) * f,
        lat: a[1]! + (b[1]! - a[1]!) * f,
        bearing,
        vertical: Math.abs(dy) > Math.abs(dx),
      };
    }
    walked += d;
  }
  return undefined;
}

export interface NameBox {
  id: string;
  /** Centre, container pixels, and size. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Higher is placed first (a main road's name wins over a lane's). */
  rank: number;
}

/** The names to show: in rank order, each one that overlaps none placed before (with a margin). */
export function placeNames(boxes: readonly NameBox[], margin = 8): Set<string> {
  const placed: NameBox[] = [];
  const shown = new Set<string>();
  const order = [...boxes].sort((a, b) => b.rank - a.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const b of order) {
    const clash = placed.some(
      (p) =>
        Math.abs(p.x - b.x) * 2 < p.w + b.w + margin * 2 && Math.abs(p.y - b.y) * 2 < p.h + b.h + margin * 2,
    );
    if (clash) continue;
    placed.push(b);
    shown.add(b.id);
  }
  return shown;
}
