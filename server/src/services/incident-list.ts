// The incidents as GET /api/incidents shows them (api.md "Power-feed topology"): each is the power alarm
// (a `power.cuts` rule) of a device that feeds others, with the alarms it explained (their
// causeAlarmId). Active ones come from the books, the history from the store.
import type { AlarmBook } from '../state/alarm-book';
import type { AlarmFilter, AlarmRecord, Store } from '../store/store';
import type { WriteQueue } from '../store/write-queue';
import type { DeviceRuntime, DeviceService } from './devices';

export interface Incident {
  root: AlarmRecord;
  compoundId?: string;
  /** The alarms grouped under it, oldest first. */
  affected: AlarmRecord[];
}

export interface IncidentFilter {
  /** Only those whose root alarm is (true) or is no longer (false) active. */
  active?: boolean;
  compoundId?: string;
  limit: number;
}

const AFFECTED_LIMIT = 10_000;

export class IncidentList {
  constructor(
    private readonly store: Pick<Store, 'getAlarm' | 'listAlarms'>,
    private readonly queue: Pick<WriteQueue, 'flush'>,
    private readonly book: AlarmBook,
    private readonly devices: DeviceService,
  ) {}

  /** Newest first. */
  async list(f: IncidentFilter): Promise<Incident[]> {
    await this.queue.flush();
    const roots: AlarmRecord[] = [];
    for (const feeder of this.feeders()) {
      if (f.compoundId !== undefined && feeder.rec.compoundId !== f.compoundId) continue;
      const cuts = [...(feeder.type.def.power?.cuts ?? [])];
      if (f.active === true) {
        for (const rule of cuts) {
          const a = this.book.active(feeder.rec.id, rule);
          if (a) roots.push(a);
        }
        continue;
      }
      const filter: AlarmFilter = { deviceId: feeder.rec.id, rules: cuts, limit: f.limit };
      if (f.active === false) filter.active = false;
      roots.push(...(await this.store.listAlarms(filter)));
    }
    roots.sort((a, b) => b.raisedAt - a.raisedAt || (a.id < b.id ? 1 : -1));
    return this.withAffected(roots.slice(0, f.limit));
  }

  /** One incident by its root alarm's id; undefined when that is no incident's root. */
  async get(id: string): Promise<Incident | undefined> {
    await this.queue.flush();
    const root = this.book.get(id) ?? (await this.store.getAlarm(id));
    const feeder = root && this.devices.get(root.deviceId);
    if (!root || !feeder || !isRoot(root, feeder) || this.devices.fedBy(feeder.rec.id).length === 0)
      return undefined;
    return (await this.withAffected([root]))[0];
  }

  /** Devices of a feeding type that feed at least one registered device. */
  private feeders(): DeviceRuntime[] {
    const ids = new Set<string>();
    for (const d of this.devices.all()) if (d.rec.poweredBy !== undefined) ids.add(d.rec.poweredBy);
    const out: DeviceRuntime[] = [];
    for (const id of ids) {
      const d = this.devices.get(id);
      if (d?.type.def.power?.cuts?.length) out.push(d);
    }
    return out;
  }

  private async withAffected(roots: AlarmRecord[]): Promise<Incident[]> {
    if (roots.length === 0) return [];
    const byCause = new Map<string, AlarmRecord[]>(roots.map((r) => [r.id, []]));
    const affected = await this.store.listAlarms({
      causeAlarmIds: roots.map((r) => r.id),
      limit: AFFECTED_LIMIT,
    });
    for (const a of affected) if (a.causeAlarmId !== undefined) byCause.get(a.causeAlarmId)?.push(a);
    return roots.map((root) => {
      const compoundId = this.devices.get(root.deviceId)?.rec.compoundId;
      const list = (byCause.get(root.id) ?? []).sort((a, b) => a.raisedAt - b.raisedAt);
      return { root, affected: list, ...(compoundId !== undefined && { compoundId }) };
    });
  }
}

function isRoot(a: AlarmRecord, feeder: DeviceRuntime): boolean {
  return feeder.type.def.power?.cuts?.includes(a.rule) === true;
}
