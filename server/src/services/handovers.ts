// Shift handovers (交接班, api.md v1.1 "Reports, intake and handover"): the outgoing dispatcher writes a
// note; the server takes the handover sheet at that moment (pipeline/handover-snapshot.ts) and keeps
// it unchanged; a dispatcher who is not the author signs it off, once (the store's conditional update
// gives one winner, on any node). A second handover while one is pending is allowed: a shift may be
// handed over again (the incoming one did not come, things changed); the older one stays pending.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { AckHandoverBody, CreateHandoverBody, HandoverDto, HandoverSnapshotDto } from '../contracts/dto';
import { conflict, forbidden, invalid, notFound } from '../errors';
import type { EventBus } from '../events/bus';
import { addDays, localTime } from '../pipeline/duty';
import { buildHandoverSnapshot } from '../pipeline/handover-snapshot';
import { OPEN_STATUSES } from '../pipeline/lifecycle';
import type { HandoverRecord, Store } from '../store/store';
import type { CompoundService } from './compounds';
import type { DutyService } from './duty';
import type { IncidentList } from './incident-list';
import type { TicketService } from './tickets';
import type { VanService } from './vans';

export type HandoverServiceStore = Pick<
  Store,
  'createHandover' | 'getHandover' | 'listHandovers' | 'ackHandover'
>;

export interface HandoverDeps {
  store: HandoverServiceStore;
  bus: EventBus;
  clock: Clock;
  tickets: Pick<TicketService, 'list'>;
  compounds: Pick<CompoundService, 'names'>;
  incidents: Pick<IncidentList, 'list'>;
  vans: Pick<VanService, 'all'>;
  duty: Pick<DutyService, 'roster' | 'shifts' | 'opts'>;
}

/** The most active incidents a sheet lists. */
const INCIDENTS_MAX = 200;

const handoverId = (now: number) =>
  `H${now.toString(36).toUpperCase()}${randomBytes(3).toString('hex').toUpperCase()}`;

export function handoverDto(h: HandoverRecord): HandoverDto {
  return {
    id: h.id,
    from: h.from,
    note: h.note,
    createdAt: new Date(h.createdAt).toISOString(),
    snapshot: h.snapshot,
    ...(h.ackedBy !== undefined && { ackedBy: h.ackedBy }),
    ...(h.ackedAt !== undefined && { ackedAt: new Date(h.ackedAt).toISOString() }),
    ...(h.ackNote !== undefined && { ackNote: h.ackNote }),
  };
}

export class HandoverService {
  constructor(private readonly d: HandoverDeps) {}

  /** The sheet a handover written now would carry (the console's preview). */
  async preview(shiftId?: string): Promise<HandoverSnapshotDto> {
    const { d } = this;
    if (shiftId !== undefined && !d.duty.shifts.some((s) => s.id === shiftId))
      throw invalid(
        `shiftId: there is no shift ${shiftId}; the shifts are ${d.duty.shifts.map((s) => s.id).join(', ')}`,
      );
    const timeZone = d.duty.opts.timeZone;
    const today = localTime(d.clock.now(), timeZone).date;
    const [tickets, compoundNames, incidents, roster] = await Promise.all([
      d.tickets.list({ status: [...OPEN_STATUSES] }),
      d.compounds.names(),
      d.incidents.list({ active: true, limit: INCIDENTS_MAX }),
      d.duty.roster({ from: addDays(today, -1), to: addDays(today, 1) }),
    ]);
    return buildHandoverSnapshot({
      now: d.clock.now(),
      timeZone,
      tickets,
      compoundNames,
      incidents: incidents.map((i) => ({
        alarmId: i.root.id,
        deviceId: i.root.deviceId,
        ...(i.compoundId !== undefined && { compoundId: i.compoundId }),
        since: i.root.raisedAt,
        affected: i.affected.length,
      })),
      vans: d.vans.all().map((v) => ({
        id: v.rec.id,
        name: v.rec.name,
        status: v.status,
        ...(v.ticketId !== undefined && { ticketId: v.ticketId }),
      })),
      shifts: d.duty.shifts,
      roster: roster.entries,
      ...(shiftId !== undefined && { shiftId }),
    });
  }

  async create(body: CreateHandoverBody, by: string): Promise<HandoverRecord> {
    const snapshot = await this.preview(body.shiftId);
    const now = this.d.clock.now();
    const rec: HandoverRecord = { id: handoverId(now), from: by, note: body.note, snapshot, createdAt: now };
    await this.d.store.createHandover(rec);
    this.d.bus.emit('handover:created', rec);
    return rec;
  }

  async get(id: string): Promise<HandoverRecord> {
    const h = await this.d.store.getHandover(id);
    if (!h) throw notFound(`handover ${id}`);
    return h;
  }

  /** Newest first; `before` (the last id of the previous page) continues after it. */
  async list(q: { before?: string; limit: number; pending?: boolean }): Promise<HandoverRecord[]> {
    let cursor: { at: number; id: string } | undefined;
    if (q.before !== undefined) {
      const last = await this.d.store.getHandover(q.before);
      if (!last) throw invalid(`before: there is no handover ${q.before}`);
      cursor = { at: last.createdAt, id: last.id };
    }
    return this.d.store.listHandovers({
      limit: q.limit,
      ...(cursor && { before: cursor }),
      ...(q.pending !== undefined && { pending: q.pending }),
    });
  }

  /** The incoming dispatcher signs it off: not its author; once. */
  async ack(id: string, body: AckHandoverBody, by: string): Promise<HandoverRecord> {
    const h = await this.get(id);
    if (h.from === by)
      throw forbidden('you wrote this handover; the incoming dispatcher signs it off, not its author');
    if (h.ackedBy === undefined) {
      const note = body.note === undefined || body.note === '' ? undefined : body.note;
      if (await this.d.store.ackHandover(id, this.d.clock.now(), by, note)) {
        const signed = await this.get(id);
        this.d.bus.emit('handover:acked', signed);
        return signed;
      }
    }
    const now = await this.get(id);
    throw conflict(
      `handover ${id} was already signed off by ${now.ackedBy ?? 'someone'} at ${new Date(now.ackedAt ?? 0).toISOString()}; nothing changed`,
      'already_acked',
    );
  }
}
