// What each van is doing, as the server sees it: one poll of the tickets that hold a van
// (dispatched … on_site; at most one per van, so one small list for the whole fleet) gives every van's
// ticket, its status and where it is. A ticket without its own point is at its compound's centre,
// computed as the server does, so the van drives to where the server checks arrival.
import { z } from 'zod';
import { BUSY, CompoundLite, errorText, TicketLite, type Api } from './api';

export interface Job {
  ticketId: string;
  status: TicketLite['status'];
  category: string;
  /** Where to drive; undefined when the ticket has neither a point nor a known compound. */
  at: { lat: number; lng: number } | undefined;
}

/** Mean of the outer ring's vertices, the closing one counted once (the server's compound centre). */
export function outlineCentre(c: CompoundLite): { lat: number; lng: number } {
  const ring = c.outline.coordinates[0] ?? [];
  const pts = ring.length > 1 ? ring.slice(0, -1) : ring;
  let lat = 0;
  let lng = 0;
  for (const [x, y] of pts) {
    lng += x;
    lat += y;
  }
  return { lat: lat / Math.max(1, pts.length), lng: lng / Math.max(1, pts.length) };
}

export class FleetWatch {
  private jobs = new Map<string, Job>();
  private readonly centres = new Map<string, { lat: number; lng: number }>();
  /** Compounds looked up already (found or not), so an unknown one is not asked for on every poll. */
  private readonly asked = new Set<string>();
  private inFlight = false;
  private failing = false;

  constructor(
    private readonly api: Api,
    private readonly log: (msg: string) => void,
  ) {}

  /** The van's current ticket, as of the last successful poll. */
  job(vanId: string): Job | undefined {
    return this.jobs.get(vanId);
  }

  /** Polls once unless a poll is still running; errors are logged once per outage. */
  async poll(): Promise<void> {
    if (this.inFlight) return;
    this.inFlight = true;
    try {
      const tickets = await this.api.get(`/api/tickets?status=${BUSY}&limit=1000`, z.array(TicketLite));
      await this.learnCompounds(tickets);
      this.jobs = new Map(tickets.flatMap((t) => (t.vanId ? [[t.vanId, this.toJob(t)] as const] : [])));
      if (this.failing) this.log('van sim: the server answers again');
      this.failing = false;
    } catch (err) {
      if (!this.failing) this.log(`van sim: cannot read tickets, vans keep their course: ${errorText(err)}`);
      this.failing = true;
    } finally {
      this.inFlight = false;
    }
  }

  private toJob(t: TicketLite): Job {
    const at =
      t.lat !== undefined && t.lng !== undefined
        ? { lat: t.lat, lng: t.lng }
        : t.compoundId !== undefined
          ? this.centres.get(t.compoundId)
          : undefined;
    return { ticketId: t.id, status: t.status, category: t.category, at };
  }

  /** Fetches the compounds once one is named that is not known yet. */
  private async learnCompounds(tickets: TicketLite[]): Promise<void> {
    const missing = tickets.flatMap((t) =>
      (t.lat === undefined || t.lng === undefined) &&
      t.compoundId !== undefined &&
      !this.asked.has(t.compoundId)
        ? [t.compoundId]
        : [],
    );
    if (missing.length === 0) return;
    for (const c of await this.api.get('/api/compounds', z.array(CompoundLite)))
      this.centres.set(c.id, outlineCentre(c));
    for (const id of missing) this.asked.add(id);
  }
}
