// The phone's own position for the arrival guard: asked only when the technician has already
// allowed it (no prompt in the middle of a step), and given up after a few seconds.
import type { Point } from './route';

const FIX_TIMEOUT_MS = 5000;
/** A fresh fix: an old one may be from before the last stretch of the way. */
const FIX_MAX_AGE_MS = 0;

export async function phonePosition(): Promise<Point | undefined> {
  try {
    if (!('geolocation' in navigator) || !navigator.permissions) return undefined;
    const state = await navigator.permissions.query({ name: 'geolocation' });
    if (state.state !== 'granted') return undefined;
    return await new Promise<Point | undefined>((resolve) => {
      navigator.geolocation.getCurrentPosition(
        (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
        () => resolve(undefined),
        { timeout: FIX_TIMEOUT_MS, maximumAge: FIX_MAX_AGE_MS },
      );
    });
  } catch {
    return undefined;
  }
}
