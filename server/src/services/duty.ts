// The duty roster (api.md v1.1 "Escalation"): who works which shift on which day, and the supervisor and
// manager on call. Stored in the store; the days around today are also held in memory so the periodic
// escalation check can ask, without waiting, whom to notify. That copy is read again when the local day
// changes, after a change (here, or on another node: `duty:changed` through the cluster sync), and at
// least every 30 s; `GET /api/duty/now` always reads the store.
import type { Clock } from '../clock';
import type { EventBus } from '../events/bus';
import type { PutDutyRosterBody } from '../contracts/dto';
import { invalid, notFound } from '../errors';
import {
  addDays,
  isCalendarDay,
  localTime,
  notifyOnCall,
  onDutyAt,
  type OnDuty,
  type ShiftDef,
} from '../pipeline/duty';
import type { DutyRosterRecord, Role, Store } from '../store/store';

export type DutyStore = Pick<Store, 'listDutyRoster' | 'putDutyRoster' | 'deleteDutyRoster' | 'getUser'>;

/** The longest range one roster read may span, in days. */
export const MAX_ROSTER_DAYS = 62;
/** How stale the in-memory copy may get before it is read again. */
const REFRESH_MS = 30_000;

/** Who may stand as supervisor (dispatch supervisors) and as manager on call. */
const SUPERVISOR_ROLES: readonly Role[] = ['admin', 'dispatcher'];
const MANAGER_ROLES: readonly Role[] = ['admin', 'viewer', 'dispatcher'];

export interface DutyOptions {
  timeZone: string;
  shifts: readonly ShiftDef[];
}

export class DutyService {
  /** The roster of yesterday, today and tomorrow as of `loadedAt`. */
  private near: DutyRosterRecord[] = [];
  private loadedDay: string | undefined;
  private loadedAt = -Infinity;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly store: DutyStore,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    readonly opts: DutyOptions,
  ) {}

  get shifts(): readonly ShiftDef[] {
    return this.opts.shifts;
  }

  /** Reads the days around today into memory. */
  async load(): Promise<void> {
    const now = this.clock.now();
    const today = localTime(now, this.opts.timeZone).date;
    this.near = await this.store.listDutyRoster(addDays(today, -1), addDays(today, 1));
    this.loadedDay = today;
    this.loadedAt = now;
  }

  /** Who is on duty now, from memory (read again in the background when stale). */
  onDutyNow(): OnDuty | undefined {
    const now = this.clock.now();
    const stale =
      localTime(now, this.opts.timeZone).date !== this.loadedDay || now - this.loadedAt >= REFRESH_MS;
    if (stale && !this.loading)
      this.loading = this.load()
        .catch(() => undefined) // the store is unreachable: keep the copy, try again next time
        .finally(() => (this.loading = undefined));
    return onDutyAt(now, this.opts.timeZone, this.opts.shifts, this.near);
  }

  /** Whom an escalation to `level` notifies now (the supervisor, and at level 2 the manager). */
  notifyFor(level: number): string[] {
    return notifyOnCall(this.onDutyNow(), level);
  }

  /** Who is on duty now, as the store has it. */
  async now(): Promise<{ at: number; duty: OnDuty | undefined }> {
    await this.load();
    const at = this.clock.now();
    return { at, duty: onDutyAt(at, this.opts.timeZone, this.opts.shifts, this.near) };
  }

  /** The roster of `from`–`to` (both included); by default the week (Monday to Sunday) of today. */
  async roster(range?: {
    from: string;
    to: string;
  }): Promise<{ from: string; to: string; entries: DutyRosterRecord[] }> {
    const { from, to } = range ?? this.thisWeek();
    if (to < from) throw invalid(`to (${to}) is before from (${from})`);
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    if (days > MAX_ROSTER_DAYS)
      throw invalid(`ask for at most ${MAX_ROSTER_DAYS} days at once (asked ${days})`);
    return { from, to, entries: await this.store.listDutyRoster(from, to) };
  }

  /** Sets who works one day's shift and who is on call; every name must be an enabled user. */
  async put(date: string, shiftId: string, body: PutDutyRosterBody, by: string): Promise<DutyRosterRecord> {
    this.checkSlot(date, shiftId);
    for (const u of body.members) await this.requireUser(u, 'members');
    if (body.supervisor) await this.requireUser(body.supervisor, 'supervisor', SUPERVISOR_ROLES);
    if (body.manager) await this.requireUser(body.manager, 'manager', MANAGER_ROLES);
    const entry: DutyRosterRecord = {
      date,
      shiftId,
      members: body.members,
      ...(body.supervisor && { supervisor: body.supervisor }),
      ...(body.manager && { manager: body.manager }),
      updatedAt: this.clock.now(),
      updatedBy: by,
    };
    await this.store.putDutyRoster(entry);
    this.bus.emit('duty:changed', { date, shiftId });
    await this.load();
    return entry;
  }

  async remove(date: string, shiftId: string): Promise<void> {
    this.checkSlot(date, shiftId);
    if (!(await this.store.deleteDutyRoster(date, shiftId)))
      throw notFound(`the roster of ${shiftId} on ${date}`);
    this.bus.emit('duty:changed', { date, shiftId });
    await this.load();
  }

  private checkSlot(date: string, shiftId: string): void {
    if (!isCalendarDay(date)) throw invalid(`date: ${date} is not a day written YYYY-MM-DD`);
    if (!this.opts.shifts.some((s) => s.id === shiftId))
      throw invalid(
        `shift: there is no shift ${shiftId}; the shifts are ${this.opts.shifts.map((s) => s.id).join(', ')}`,
      );
  }

  private async requireUser(username: string, field: string, roles?: readonly Role[]): Promise<void> {
    const u = await this.store.getUser(username);
    if (!u) throw invalid(`${field}: there is no user ${username}`);
    if (u.disabledAt !== undefined) throw invalid(`${field}: user ${username} is disabled`);
    if (roles && !roles.includes(u.role))
      throw invalid(`${field}: ${username} is a ${u.role}; the ${field} must be ${roles.join(' or ')}`);
  }

  private thisWeek(): { from: string; to: string } {
    const today = localTime(this.clock.now(), this.opts.timeZone).date;
    const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
    const from = addDays(today, -weekday);
    return { from, to: addDays(from, 6) };
  }
}
