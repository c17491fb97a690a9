// The fan-out benchmark's vans drive straight lines: fix number `seq` of a van is a pure function of
// its track, and the track's direction lets the consoles read `seq` back from the lat/lng that the
// server passes through to `van:positions` (the event's `ts` is the server's arrival time, not the
// van's, so the send time cannot travel in the event). Shared by the van driver and the consoles.
import { seededRandom } from '../../simulators/lib/random';

export interface VanTrack {
  id: string;
  lat0: number;
  lng0: number;
  /** Degrees moved per fix (one second). */
  dlat: number;
  dlng: number;
  heading: number;
  speedKmh: number;
}

export interface Fix {
  lat: number;
  lng: number;
  speed_kmh: number;
  heading: number;
}

const M_PER_DEG = 111_195;
/** Old-town Qufu; the vans start anywhere in a 10 × 10 km box around it. */
const CENTRE = { lat: 35.597, lng: 116.99 };
const HALF_KM = 5;

/** Positions go out with 6 decimals (≈ 0.1 m), as a GPS tracker sends them. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export function makeTracks(ids: string[], seed: number): VanTrack[] {
  const rnd = seededRandom(seed);
  const cos = Math.cos((CENTRE.lat * Math.PI) / 180);
  return ids.map((id) => {
    const lat0 = round6(CENTRE.lat + ((rnd() * 2 - 1) * HALF_KM * 1000) / M_PER_DEG);
    const lng0 = round6(CENTRE.lng + ((rnd() * 2 - 1) * HALF_KM * 1000) / (M_PER_DEG * cos));
    const heading = Math.round(rnd() * 359);
    const speedKmh = 15 + Math.round(rnd() * 30); // ≥ 15 km/h: ≥ 4 m (≈ 40 µ°) per fix
    const mps = speedKmh / 3.6;
    const h = (heading * Math.PI) / 180;
    return {
      id,
      lat0,
      lng0,
      dlat: (mps * Math.cos(h)) / M_PER_DEG,
      dlng: (mps * Math.sin(h)) / (M_PER_DEG * cos),
      heading,
      speedKmh,
    };
  });
}

export function fixOf(t: VanTrack, seq: number): Fix {
  return {
    lat: round6(t.lat0 + seq * t.dlat),
    lng: round6(t.lng0 + seq * t.dlng),
    speed_kmh: t.speedKmh,
    heading: t.heading,
  };
}

/**
 * The fix number whose position this is, or -1 when the position is not exactly one of the track's
 * fixes (then something other than this bench's fixes reached the console).
 */
export function seqOf(t: VanTrack, lat: number, lng: number): number {
  const n = t.dlat * t.dlat + t.dlng * t.dlng;
  const seq = Math.round(((lat - t.lat0) * t.dlat + (lng - t.lng0) * t.dlng) / n);
  if (seq < 0) return -1;
  const f = fixOf(t, seq);
  return f.lat === lat && f.lng === lng ? seq : -1;
}
