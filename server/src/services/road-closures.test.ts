// The road closure service on its own (an in-memory SQLite store, a manual clock): what it hands the
// road network, the limit of closures in force, and expiry by `until`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock';
import { EventBus } from '../events/bus';
import type { ClosureArea } from '../roads/types';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/store';
import { RoadClosureService } from './road-closures';

const point = { type: 'Point' as const, coordinates: [116.99, 35.597] as [number, number] };

describe('RoadClosureService', () => {
  let store: Store;
  let clock: ManualClock;
  let bus: EventBus;
  let told: ClosureArea[][];
  let service: RoadClosureService;
  const make = (maxInForce?: number) =>
    new RoadClosureService({
      store,
      bus,
      clock,
      network: { setClosures: (c) => void told.push([...c]) },
      ...(maxInForce !== undefined && { maxInForce }),
    });

  beforeEach(() => {
    store = openSqliteStore({ file: ':memory:' });
    clock = new ManualClock(Date.UTC(2026, 11, 7, 8));
    bus = new EventBus();
    told = [];
    service = make();
  });
  afterEach(async () => {
    service.stop();
    await store.close();
  });

  it('hands the network those in force on start and on every change, and names each change on the bus', async () => {
    const changed: string[] = [];
    bus.on('road-closure:changed', (e) => changed.push(e.id));
    await store.createRoadClosure({
      id: 'RC-old',
      geometry: point,
      radiusM: 15,
      reason: 'x',
      createdBy: 'disp',
      createdAt: clock.now() - 1,
    });
    await service.load();
    expect(told).toEqual([[{ id: 'RC-old', geometry: point, radiusM: 15 }]]);
    const made = await service.create({ geometry: point, radiusM: 20, reason: '施工' }, 'disp');
    expect(told.at(-1)?.map((c) => c.id)).toEqual(['RC-old', made.id]);
    await service.end('RC-old', 'disp');
    expect(told.at(-1)?.map((c) => c.id)).toEqual([made.id]);
    expect(changed).toEqual([made.id, 'RC-old']);
  });

  it('expires at until by itself: the list, the network and the bus follow', async () => {
    const until = new Date(clock.now() + 60_000).toISOString();
    const made = await service.create({ geometry: point, radiusM: 20, reason: '占道', until }, 'disp');
    const changed: string[] = [];
    bus.on('road-closure:changed', (e) => changed.push(e.id));
    clock.advance(59_999);
    service.expire();
    expect(service.inForce().map((c) => c.id)).toEqual([made.id]);
    expect(changed).toEqual([]);
    clock.advance(1);
    expect(service.inForce()).toEqual([]); // no longer in force, even before the timer runs
    service.expire();
    expect(told.at(-1)).toEqual([]);
    expect(changed).toEqual([made.id]);
  });

  it('refuses more than maxInForce in force (409 too_many_closures); an ended one frees its place', async () => {
    service.stop();
    service = make(2);
    const a = await service.create({ geometry: point, radiusM: 20, reason: 'a' }, 'disp');
    await service.create({ geometry: point, radiusM: 20, reason: 'b' }, 'disp');
    await expect(service.create({ geometry: point, radiusM: 20, reason: 'c' }, 'disp')).rejects.toMatchObject(
      {
        kind: 'conflict',
        code: 'too_many_closures',
      },
    );
    await service.end(a.id, 'disp');
    await expect(
      service.create({ geometry: point, radiusM: 20, reason: 'c' }, 'disp'),
    ).resolves.toMatchObject({
      reason: 'c',
    });
  });
});
