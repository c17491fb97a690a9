// Invariants of the Qufu demo data set (simulators/data/qufu/), checked on the committed files with
// geometry written here, independently of the generator's own.
import { describe, expect, it } from 'vitest';
import { deviceTypes, getDeviceType } from '../../devices/index';
import { DEVICE_ID_RE } from '../../server/src/contracts/topics';
import { haversineM } from '../../server/src/pipeline/geo';
import { generate } from '../../simulators/data/generate';
import { loadDemoData, type DemoData } from '../../simulators/lib/demo-data';

type Pos = [lng: number, lat: number];
const CENTRE = { lat: 35.597, lng: 116.99 };
const dist = (a: Pos, b: Pos) => haversineM(a[1], a[0], b[1], b[0]);

/** Ray casting in degrees (fine at the scale of a compound). */
function inside([x, y]: Pos, ring: readonly Pos[]): boolean {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] ?? [0, 0];
    const [xj, yj] = ring[j] ?? [0, 0];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** True when segments ab and cd cross at a point inside both (touching at an end does not count). */
function crosses(a: Pos, b: Pos, c: Pos, d: Pos): boolean {
  const orient = (p: Pos, q: Pos, r: Pos) =>
    Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0;
}

/** The demo placement of a device's type (every device in the data set has one). */
const placement = (type: string) => {
  const demo = getDeviceType(type)?.def.demo;
  if (!demo) throw new Error(`type ${type} has no demo placement`);
  return demo;
};

const ring = (c: DemoData['compounds'][number]) => (c.outline.coordinates[0] ?? []) as Pos[];
/** Mean of the outer ring's vertices, the closing one counted once (as the server computes it). */
function centre(c: DemoData['compounds'][number]): Pos {
  const pts = ring(c).slice(0, -1);
  return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
}

describe('the Qufu demo data set', () => {
  const data = loadDemoData();
  const compounds = new Map(data.compounds.map((c) => [c.id, c]));
  const devices = new Map(data.devices.map((d) => [d.id, d]));

  it('parses, and is exactly what the generator makes (regenerate after changing it)', () => {
    expect(generate().data).toStrictEqual(data);
  });

  it('the generator is deterministic, and sound for other seeds too', () => {
    expect(generate()).toStrictEqual(generate());
    for (let seed = 1; seed <= 10; seed++) expect(() => generate(seed)).not.toThrow();
    expect(generate(7).data).not.toStrictEqual(data);
  });

  it('has about 20 old compounds in the old town, the two of the report among them', () => {
    expect(data.compounds.length).toBeGreaterThanOrEqual(20);
    expect(data.compounds.find((c) => c.name === '工保小区')?.address).toMatch(
      /龙虎社区.*工商银行和保险公司家属院/,
    );
    expect(data.compounds.map((c) => c.name)).toContain('曲阜镇家属院');
    expect(compounds.size).toBe(data.compounds.length);
    for (const c of data.compounds) {
      expect(c.id).toMatch(/^[A-Za-z0-9_.:-]{1,64}$/);
      expect(dist(centre(c), [CENTRE.lng, CENTRE.lat]), c.id).toBeLessThan(2500);
      const r = ring(c);
      expect(r[0]).toStrictEqual(r[r.length - 1]);
      const [w, s] = [Math.min(...r.map((p) => p[0])), Math.min(...r.map((p) => p[1]))];
      const [e, n] = [Math.max(...r.map((p) => p[0])), Math.max(...r.map((p) => p[1]))];
      for (const across of [dist([w, s], [e, s]), dist([w, s], [w, n])]) {
        expect(across, c.id).toBeGreaterThanOrEqual(80);
        expect(across, c.id).toBeLessThanOrEqual(200);
      }
    }
  });

  it('compounds do not overlap: no vertex of one lies inside another, no edges cross', () => {
    for (const a of data.compounds) {
      for (const b of data.compounds) {
        if (a === b) continue;
        for (const p of ring(a)) expect(inside(p, ring(b)), `${a.id} in ${b.id}`).toBe(false);
        const ra = ring(a);
        const rb = ring(b);
        for (let i = 1; i < ra.length; i++)
          for (let j = 1; j < rb.length; j++)
            expect(crosses(ra[i - 1]!, ra[i]!, rb[j - 1]!, rb[j]!), `${a.id} × ${b.id}`).toBe(false);
      }
    }
  });

  it('about 450 devices with unique ASCII ids, each inside its compound', () => {
    expect(data.devices.length).toBeGreaterThanOrEqual(400);
    expect(data.devices.length).toBeLessThanOrEqual(500);
    const ids = [...data.devices.map((d) => d.id), ...data.vans.map((v) => v.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of data.devices) {
      expect(d.id).toMatch(DEVICE_ID_RE);
      expect(d.id.startsWith(`${placement(d.type).prefix}-${d.compoundId}-`), d.id).toBe(true);
      expect(d.name, d.id).toContain(getDeviceType(d.type)?.def.label.zh);
      const c = compounds.get(d.compoundId);
      expect(c, `${d.id}: compound ${d.compoundId}`).toBeDefined();
      expect(inside([d.lng, d.lat], ring(c!)), `${d.id} inside ${d.compoundId}`).toBe(true);
    }
  });

  it('each compound has 2–3 boxes (63 or 100 A) that together feed each of its powered devices once', () => {
    const fedBy = new Map<string, string[]>();
    for (const c of data.compounds) {
      const own = data.devices.filter((d) => d.compoundId === c.id);
      const boxes = own.filter((d) => d.type === 'distribution_box');
      expect(boxes.length, c.id).toBeGreaterThanOrEqual(2);
      expect(boxes.length, c.id).toBeLessThanOrEqual(3);
      expect(own.some((d) => d.type === 'streetlight') && own.some((d) => d.type === 'camera')).toBe(true);
      for (const b of boxes) {
        expect([63, 100]).toContain(b.rating_a);
        expect(b.feeds?.length, b.id).toBeGreaterThan(0);
        for (const id of b.feeds ?? []) {
          const load = devices.get(id);
          expect(load?.compoundId, `${b.id} feeds ${id}`).toBe(c.id);
          expect(load && placement(load.type).power, `${b.id} feeds ${id}`).toBe('fed');
          fedBy.set(id, [...(fedBy.get(id) ?? []), b.id]);
        }
      }
    }
    for (const d of data.devices) {
      if (d.type === 'distribution_box') continue;
      expect(d.feeds, d.id).toBeUndefined();
      expect(d.rating_a, d.id).toBeUndefined();
      const fed = placement(d.type).power === 'fed';
      expect(fedBy.get(d.id) ?? [], `boxes feeding ${d.id}`).toHaveLength(fed ? 1 : 0);
    }
  });

  it('places every registered type that has a demo placement, as many per compound as it asks', () => {
    const placed = deviceTypes.filter((d) => d.demo);
    expect(placed.map((d) => d.type)).toEqual(
      expect.arrayContaining(['distribution_box', 'streetlight', 'camera']),
    );
    expect(new Set(data.devices.map((d) => d.type))).toEqual(new Set(placed.map((d) => d.type)));
    for (const c of data.compounds)
      for (const def of placed) {
        const [min, max] = placement(def.type).perCompound;
        const n = data.devices.filter((d) => d.compoundId === c.id && d.type === def.type).length;
        expect(n, `${def.type} in ${c.id}`).toBeGreaterThanOrEqual(min);
        expect(n, `${def.type} in ${c.id}`).toBeLessThanOrEqual(max);
      }
  });

  it('has the depot, red sail stations inside their compounds, two vans and the demo logins', () => {
    const { depot, stations } = data.sites;
    expect(depot.name).toContain('鲁建惠诚物业');
    expect(dist([depot.lng, depot.lat], [CENTRE.lng, CENTRE.lat])).toBeLessThan(2500);
    for (const c of data.compounds) expect(inside([depot.lng, depot.lat], ring(c)), c.id).toBe(false);
    expect(stations.length).toBeGreaterThanOrEqual(5);
    expect(stations.length).toBeLessThanOrEqual(8);
    for (const s of stations) {
      expect(s.name).toContain('红帆驿站');
      expect(inside([s.lng, s.lat], ring(compounds.get(s.compoundId)!)), s.id).toBe(true);
    }
    expect(data.vans.map((v) => [v.id, v.name, v.technician.username])).toStrictEqual([
      ['van-1', '一号车', 'tech1'],
      ['van-2', '二号车', 'tech2'],
    ]);
    for (const v of data.vans) {
      expect([v.homeLat, v.homeLng]).toStrictEqual([depot.lat, depot.lng]);
      expect(v.technician.password.length).toBeGreaterThanOrEqual(8);
    }
    expect(data.dispatcher.username).toBe('dispatcher');
    expect(data.dispatcher.password.length).toBeGreaterThanOrEqual(8);
  });

  it('streets form one connected network with shared vertices, reaching every compound and the depot', () => {
    const key = (p: Pos) => `${p[0]},${p[1]}`;
    const parent = new Map<string, string>();
    const find = (k: string): string => {
      let r = k;
      while (parent.get(r) !== r) r = parent.get(r)!;
      parent.set(k, r);
      return r;
    };
    const vertices = new Map<string, Pos>();
    for (const f of data.streets.features) {
      const line = f.geometry.coordinates as Pos[];
      for (const p of line) {
        if (!parent.has(key(p))) parent.set(key(p), key(p));
        vertices.set(key(p), p);
      }
      for (let i = 1; i < line.length; i++) parent.set(find(key(line[i - 1]!)), find(key(line[i]!)));
    }
    expect(new Set([...parent.keys()].map(find)).size).toBe(1);

    // Where streets meet they share a vertex: no near-misses, no crossings between vertices.
    const all = [...vertices.values()];
    for (const [i, p] of all.entries())
      for (const q of all.slice(i + 1)) expect(dist(p, q), `${key(p)} ~ ${key(q)}`).toBeGreaterThan(1);
    const segments = data.streets.features.flatMap((f, n) =>
      f.geometry.coordinates.slice(1).map((b, i) => ({ n, a: f.geometry.coordinates[i] as Pos, b })),
    );
    for (const [i, s] of segments.entries())
      for (const t of segments.slice(i + 1))
        if (s.n !== t.n) expect(crosses(s.a, s.b, t.a, t.b), `streets ${s.n} × ${t.n}`).toBe(false);

    const nearest = (p: Pos) => Math.min(...all.map((v) => dist(p, v)));
    for (const c of data.compounds) expect(nearest(centre(c)), c.id).toBeLessThanOrEqual(150);
    expect(nearest([data.sites.depot.lng, data.sites.depot.lat])).toBeLessThanOrEqual(150);
  });
});
