// Silences (api.md "Silences"): maintenance windows during which matching alarms open no ticket. Each
// node keeps those not yet over in memory (loaded at start, reloaded when another node names a change)
// for the incident gate; creating and ending one goes through the store. A silence tied to a ticket
// ends when that ticket closes or is cancelled, whichever request or node did it.
import type { z } from 'zod';
import type { Clock } from '../clock';
import type { CreateSilenceBody, SilenceMatchSchema } from '../contracts/dto';
import { conflict, invalid, notFound } from '../errors';
import type { EventBus } from '../events/bus';
import { silenceId } from '../pipeline/ids';
import { isOpen } from '../pipeline/lifecycle';
import { matchCovers, silenceActive } from '../pipeline/silence-match';
import type { AlarmRecord, SilenceRecord, Store } from '../store/store';
import type { WriteQueue } from '../store/write-queue';
import type { DeviceRuntime, DeviceService } from './devices';

export type SilenceStore = Pick<
  Store,
  'createSilence' | 'getSilence' | 'listSilences' | 'endSilence' | 'getTicket'
>;
type Match = z.infer<typeof SilenceMatchSchema>;

/** What a silence would cover: the devices (sorted by id) and their active alarms. */
export interface SilencePreview {
  devices: DeviceRuntime[];
  activeAlarms: AlarmRecord[];
}

export interface SilenceDeps {
  store: SilenceStore;
  queue: Pick<WriteQueue, 'flush'>;
  devices: DeviceService;
  /** Whether a compound is registered. */
  compoundExists(id: string): boolean;
  /** The active alarms of a device. */
  activeAlarms(deviceId: string): AlarmRecord[];
  bus: EventBus;
  clock: Clock;
  maxHours: number;
}

const LOAD_LIMIT = 1000;

export class SilenceService {
  private held = new Map<string, SilenceRecord>();
  private readonly ended: (() => void)[] = [];

  constructor(private readonly d: SilenceDeps) {
    d.bus.on('ticket:updated', (t) => {
      if (!isOpen(t.status)) void this.endForTicket(t.id);
    });
  }

  /** The silences not yet over (in force, or planned to start later), from the store. */
  async load(): Promise<void> {
    const now = this.d.clock.now();
    const all = await this.d.store.listSilences({ limit: LOAD_LIMIT });
    this.held = new Map(all.filter((s) => s.endedAt === undefined && s.endsAt > now).map((s) => [s.id, s]));
  }
  /** Another node created or ended one: read them again. */
  reload(): Promise<void> {
    return this.load();
  }

  /** Hears each silence ending early on this node (its alarms may now open their tickets). */
  onEnded(fn: () => void): void {
    this.ended.push(fn);
  }

  /** Forgets the silences that have run out (the sweep asks, once a tick). */
  prune(now: number): void {
    for (const [id, x] of this.held) if (x.endsAt <= now) this.held.delete(id);
  }

  /** The silences the gate reads (some may have run out; the gate checks the time). */
  inForce(): Iterable<SilenceRecord> {
    return this.held.values();
  }

  async create(body: z.infer<typeof CreateSilenceBody>, by: string): Promise<SilenceRecord> {
    const now = this.d.clock.now();
    const startsAt = body.startsAt === undefined ? now : Date.parse(body.startsAt);
    const endsAt =
      body.endsAt === undefined ? startsAt + (body.durationMin ?? 0) * 60_000 : Date.parse(body.endsAt);
    if (endsAt <= startsAt) throw invalid('endsAt must be after startsAt');
    if (endsAt <= now) throw invalid('endsAt is in the past: the silence would be over already');
    if (endsAt - startsAt > this.d.maxHours * 3600_000)
      throw invalid(`a silence lasts at most ${this.d.maxHours} hours (SILENCE_MAX_H)`);
    this.checkMatch(body.match);
    if (body.ticketId !== undefined) await this.checkTicket(body.ticketId);
    const rec: SilenceRecord = {
      id: silenceId(now),
      match: { ...body.match },
      startsAt,
      endsAt,
      reason: body.reason,
      createdBy: by,
      createdAt: now,
      ...(body.ticketId !== undefined && { ticketId: body.ticketId }),
    };
    await this.d.store.createSilence(rec);
    this.held.set(rec.id, rec);
    this.d.bus.emit('silence:changed', { id: rec.id });
    return rec;
  }

  /** Ends a silence early: 404 unknown, 409 when it is over already. */
  async end(id: string, by: string): Promise<SilenceRecord> {
    const s = await this.d.store.getSilence(id);
    if (!s) throw notFound(`silence ${id}`);
    const now = this.d.clock.now();
    if (s.endedAt !== undefined || s.endsAt <= now) throw conflict(`silence ${id} has ended already`);
    if (!(await this.d.store.endSilence(id, now, by))) throw conflict(`silence ${id} has ended already`);
    this.held.delete(id);
    this.d.bus.emit('silence:changed', { id });
    for (const fn of this.ended) fn();
    return { ...s, endedAt: now, endedBy: by };
  }

  /** Active ones (in force now), or with `all` the recent ones, newest first. */
  async list(all: boolean): Promise<SilenceRecord[]> {
    const now = this.d.clock.now();
    return this.d.store.listSilences(all ? { limit: 200 } : { activeAt: now });
  }

  isActive(s: SilenceRecord): boolean {
    return silenceActive(s, this.d.clock.now());
  }

  preview(match: Match): SilencePreview {
    this.checkMatch(match);
    const devices = [...this.d.devices.all()]
      .filter((dv) => covers(match, dv))
      .sort((a, b) => (a.rec.id < b.rec.id ? -1 : a.rec.id > b.rec.id ? 1 : 0));
    const activeAlarms = devices.flatMap((dv) =>
      this.d.activeAlarms(dv.rec.id).filter((a) => match.rule === undefined || a.rule === match.rule),
    );
    return { devices, activeAlarms };
  }

  private async endForTicket(ticketId: string): Promise<void> {
    for (const s of [...this.held.values()]) {
      if (s.ticketId !== ticketId) continue;
      await this.end(s.id, 'system').catch(() => this.held.delete(s.id)); // ended elsewhere meanwhile
    }
  }

  /** 400 for a match naming a device, compound, type or rule that does not exist. */
  private checkMatch(m: Match): void {
    const device = m.deviceId === undefined ? undefined : this.d.devices.get(m.deviceId);
    if (m.deviceId !== undefined && !device)
      throw invalid(`match.deviceId: device ${m.deviceId} is not registered`);
    if (m.compoundId !== undefined && !this.compoundKnown(m.compoundId))
      throw invalid(`match.compoundId: compound ${m.compoundId} does not exist`);
    const types = this.d.devices.typeNames();
    if (m.type !== undefined && !types.includes(m.type))
      throw invalid(`match.type: unknown device type '${m.type}'; use one of: ${types.join(', ')}`);
    if (device && m.type !== undefined && device.rec.type !== m.type)
      throw invalid(`match: device ${device.rec.id} is a ${device.rec.type}, not a ${m.type}`);
    if (m.rule === undefined) return;
    const type = device?.rec.type ?? m.type;
    const ok = type === undefined ? this.anyTypeHasRule(m.rule) : this.typeHasRule(type, m.rule);
    if (!ok) throw invalid(`match.rule: no rule '${m.rule}'${type === undefined ? '' : ` for a ${type}`}`);
  }

  private compoundKnown(id: string): boolean {
    if (this.d.compoundExists(id)) return true;
    for (const dv of this.d.devices.all()) if (dv.rec.compoundId === id) return true;
    return false;
  }
  private typeHasRule(type: string, rule: string): boolean {
    return this.d.devices.typeRules(type).includes(rule);
  }
  private anyTypeHasRule(rule: string): boolean {
    return this.d.devices.typeNames().some((t) => this.d.devices.typeRules(t).includes(rule));
  }

  private async checkTicket(id: string): Promise<void> {
    await this.d.queue.flush();
    const t = await this.d.store.getTicket(id);
    if (!t) throw invalid(`ticketId: ticket ${id} does not exist`);
    if (!isOpen(t.status))
      throw invalid(`ticketId: ticket ${id} is ${t.status}; tie the silence to an open ticket`);
  }
}

function covers(m: Match, dv: DeviceRuntime): boolean {
  const t = {
    deviceId: dv.rec.id,
    type: dv.rec.type,
    ...(dv.rec.compoundId !== undefined && { compoundId: dv.rec.compoundId }),
  };
  if (!matchCovers(m, t)) return false;
  return m.rule === undefined || dv.type.rules.some((r) => r.id === m.rule);
}
