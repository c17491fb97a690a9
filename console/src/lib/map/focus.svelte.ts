// "Show me on the map": anything on the page (an alarm in the feed, a ticket card) asks the map to
// fly to a place and mark it briefly. The page owns one MapFocus and hands it to the map's
// FocusLayer and to whoever may ask; each request gets a new sequence number, so asking twice for
// the same place flies and pulses again.
import type { DeviceDto } from '../api/types';

export interface FocusTarget {
  /** WGS-84. */
  lat: number;
  lng: number;
  deviceId?: string;
  ticketId?: string;
}

export interface FocusRequest extends FocusTarget {
  seq: number;
}

export class MapFocus {
  request = $state.raw<FocusRequest | undefined>();
  #seq = 0;

  show(target: FocusTarget): void {
    this.request = { ...target, seq: ++this.#seq };
  }

  /** Focuses a device; false (and nothing happens) when it has no position. */
  device(d: DeviceDto | undefined): boolean {
    if (d?.lat === undefined || d.lng === undefined) return false;
    this.show({ lat: d.lat, lng: d.lng, deviceId: d.id });
    return true;
  }
}
