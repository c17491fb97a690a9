// One test walks the whole device registry (ARCHITECTURE.md principle 3, after ZHC checks.test.ts):
// every type, metric, rule and simulator profile obeys the invariants the pipeline relies on.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  compileDeviceType,
  compileRegistry,
  deviceTypes,
  getDeviceType,
  OFFLINE_METRIC,
  OFFLINE_RULE,
  validateTelemetry,
  type CompiledDeviceType,
  type RuleOverrides,
} from '../../devices/index';
import { CATEGORIES, CATEGORY_IDS, categoryLabelOf } from '../../devices/lib/categories';
import { amount, argsValid, choice, command, defaultArgs } from '../../devices/lib/commands';
import { conditionMetrics, gt } from '../../devices/lib/rules';
import { LabelSchema, type MetricValue } from '../../devices/lib/types';
import { CategorySchema, CommandBody } from '../../server/src/contracts/dto';
import { evaluateRules } from '../../server/src/pipeline/rules';

const SNAKE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const devicesDir = fileURLToPath(new URL('../../devices/', import.meta.url));
const compiled = (type: string): CompiledDeviceType => {
  const c = getDeviceType(type);
  if (!c) throw new Error(`unregistered ${type}`);
  return c;
};

describe('device registry', () => {
  it('has unique, snake_case type ids', () => {
    const ids = deviceTypes.map((d) => d.type);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(SNAKE);
  });

  it('demo placements: unique id prefixes, at most one type that feeds the others', () => {
    const placed = deviceTypes.flatMap((d) => (d.demo ? [d.demo] : []));
    expect(new Set(placed.map((p) => p.prefix)).size).toBe(placed.length);
    expect(placed.filter((p) => p.power === 'feeds').length).toBeLessThanOrEqual(1);
  });

  it('registers every module in devices/ (file name = type id)', async () => {
    const isTypeModule = (f: string) => f.endsWith('.ts') && f !== 'index.ts' && !f.includes('.test.');
    const files = readdirSync(devicesDir).filter(isTypeModule);
    expect(files.sort()).toEqual(deviceTypes.map((d) => `${d.type}.ts`).sort());
    for (const f of files) {
      const mod = (await import(`${devicesDir}${f}`)) as { definition: unknown };
      expect(deviceTypes, f).toContain(mod.definition);
    }
  });

  describe.each(deviceTypes.map((d) => [d.type, d] as const))('%s', (type, def) => {
    const c = compiled(type);

    it('metrics: unique snake_case keys, labels in both languages, sane ranges and values', () => {
      expect(c.metricKeys.size).toBe(def.metrics.length);
      expect(LabelSchema.safeParse(def.label).success).toBe(true);
      for (const m of def.metrics) {
        expect(m.key).toMatch(SNAKE);
        expect(m.key).not.toBe('ts');
        expect(LabelSchema.safeParse(m.label).success, m.key).toBe(true);
        if (m.kind === 'numeric') {
          expect(Number.isFinite(m.min) && Number.isFinite(m.max), m.key).toBe(true);
          expect(m.min, m.key).toBeLessThan(m.max);
          expect(m.unit, m.key).not.toBe('');
        }
        if (m.kind === 'enum') expect(new Set(m.values).size, m.key).toBe(m.values.length);
      }
      for (const [name, a] of Object.entries(def.attributes ?? {})) {
        expect(name).toMatch(SNAKE);
        expect(a.min <= a.default && a.default <= a.max, name).toBe(true);
      }
    });

    it('rules: unique snake_case ids, conditions read declared metrics only', () => {
      const ids = c.rules.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const r of def.rules) {
        expect(r.id).toMatch(SNAKE);
        expect(r.id).not.toBe(OFFLINE_RULE);
        for (const m of conditionMetrics(r.when))
          expect(c.metricKeys.has(m), `${r.id} reads ${m}`).toBe(true);
      }
      for (const r of c.rules)
        for (const m of conditionMetrics(r.when))
          expect(
            c.metricKeys.has(m) || (r.id === OFFLINE_RULE && m === OFFLINE_METRIC),
            `${r.id}: ${m}`,
          ).toBe(true);
    });

    it('offline: a synthetic rule with the type’s severity unless offline is false', () => {
      const offline = c.rules.find((r) => r.id === OFFLINE_RULE);
      if (def.offline === false) expect(offline).toBeUndefined();
      else
        expect(offline).toMatchObject({ severity: def.offline.severity, forS: 0, label: { zh: '设备离线' } });
    });

    it('commands: unique wire names, labels in both languages, arguments with a valid default', () => {
      const names = def.commands.map((cmd) => cmd.name);
      expect(new Set(names).size).toBe(names.length);
      for (const cmd of def.commands) {
        expect(cmd.name).toMatch(SNAKE);
        expect(LabelSchema.safeParse(cmd.label).success, cmd.name).toBe(true);
        const keys = cmd.args.map((a) => a.key);
        expect(new Set(keys).size, cmd.name).toBe(keys.length);
        for (const a of cmd.args) {
          const where = `${cmd.name}.${a.key}`;
          expect(a.key, where).toMatch(SNAKE);
          expect(LabelSchema.safeParse(a.label).success, where).toBe(true);
          if (a.kind === 'enum') {
            expect(new Set(a.values).size, where).toBe(a.values.length);
            if (a.valueLabels) {
              expect(Object.keys(a.valueLabels).sort(), where).toEqual([...a.values].sort());
              for (const l of Object.values(a.valueLabels))
                expect(LabelSchema.safeParse(l).success, where).toBe(true);
            }
          } else {
            expect(Number.isFinite(a.min) && Number.isFinite(a.max), where).toBe(true);
            expect(a.min <= a.default && a.default <= a.max, where).toBe(true);
          }
        }
        // What the console sends by default passes the API's CommandBody and the command's own schema.
        const args = defaultArgs(cmd);
        expect(CommandBody.safeParse({ name: cmd.name, args }).success, cmd.name).toBe(true);
        expect(argsValid(cmd, args), cmd.name).toBe(true);
      }
    });

    it('demo: an id-safe prefix, a sane count per compound, ratings only within rating_a', () => {
      const demo = def.demo;
      if (!demo) return;
      expect(demo.prefix).toMatch(/^[a-z][a-z0-9]*$/);
      const [min, max] = demo.perCompound;
      expect(Number.isInteger(min) && Number.isInteger(max) && min >= 0 && min <= max && max <= 20).toBe(
        true,
      );
      for (const p of demo.places ?? []) expect(LabelSchema.safeParse(p).success).toBe(true);
      const rating = def.attributes?.rating_a;
      if (demo.ratingsA) {
        expect(rating, 'ratingsA without a rating_a attribute').toBeDefined();
        for (const r of demo.ratingsA)
          expect(rating && r >= rating.min && r <= rating.max, `${r}`).toBe(true);
      }
    });

    it('simulator: normal reading is valid, complete and raises nothing', () => {
      const v = validateTelemetry(c, def.simulator.normal);
      expect(v).toEqual({ ok: true, metrics: def.simulator.normal, unknownKeys: 0 });
      expect(Object.keys(def.simulator.normal).sort()).toEqual([...c.metricKeys].sort());
      const input = { state: def.simulator.normal, attrs: {} };
      const r0 = evaluateRules(c.rules, input, {}, 0, true);
      const r1 = evaluateRules(c.rules, input, r0.states, 1e9, true);
      expect([...r0.transitions, ...r1.transitions]).toEqual([]);
    });

    it('simulator: a valid fault profile for every rule but offline (offline is status-driven)', () => {
      const ruleIds = def.rules.map((r) => r.id).sort();
      expect(Object.keys(def.simulator.faults).sort()).toEqual(ruleIds);
      for (const fault of Object.values(def.simulator.faults))
        expect(validateTelemetry(c, fault).ok).toBe(true);
    });

    it.each(def.rules.map((r) => [r.id, r] as const))(
      'simulator: fault %s raises exactly that rule',
      (_id, r) => {
        const fault: Record<string, MetricValue> = { ...def.simulator.normal, ...def.simulator.faults[r.id] };
        const t0 = 1_000_000;
        let { states } = evaluateRules(c.rules, { state: def.simulator.normal, attrs: {} }, {}, 0, true);
        for (const t of r.forS > 0 ? [t0, t0 + r.forS * 1000 - 1] : [])
          ({ states } = evaluateRules(c.rules, { state: fault, attrs: {} }, states, t, true));
        expect(
          Object.values(states).some((s) => s.active),
          'raised before its for',
        ).toBe(false);
        const last = evaluateRules(c.rules, { state: fault, attrs: {} }, states, t0 + r.forS * 1000, true);
        const raised = last.transitions.map((t) => `${t.kind} ${t.rule} ${t.severity}`);
        expect(raised).toEqual([`raise ${r.id} ${r.severity}`]);
      },
    );
  });
});

describe('ticket categories', () => {
  it('unique snake_case ids with labels in both languages; the API accepts exactly these', () => {
    expect(new Set(CATEGORY_IDS).size).toBe(CATEGORIES.length);
    for (const c of CATEGORIES) {
      expect(c.id).toMatch(SNAKE);
      expect(LabelSchema.safeParse(c.label).success, c.id).toBe(true);
      expect(categoryLabelOf(c.id)).toBe(c.label);
    }
    expect(CategorySchema.options).toEqual(CATEGORY_IDS);
    expect(categoryLabelOf('toString')).toBeUndefined();
  });

  it('each can be picked with one key in the hotline form: at most nine, first letters differ', () => {
    expect(CATEGORIES.length).toBeLessThanOrEqual(9);
    const letters = CATEGORY_IDS.map((id) => id.charAt(0));
    expect(new Set(letters).size).toBe(letters.length);
  });

  it('every device type opens tickets of a listed category', () => {
    for (const d of deviceTypes) expect(CATEGORY_IDS, d.type).toContain(d.category);
  });
});

/** Map zod's first issue to our reject reasons (zod calls a non-string enum value invalid_value). */
function zodReason(issue: z.core.$ZodIssue, payload: Record<string, unknown>): string {
  if (issue.code === 'invalid_type') return issue.expected === 'int' ? 'out_of_range' : 'wrong_type';
  if (issue.code === 'invalid_value')
    return typeof payload[String(issue.path[0])] === 'string' ? 'out_of_range' : 'wrong_type';
  return 'out_of_range';
}

function payloads(c: CompiledDeviceType): Record<string, unknown>[] {
  const normal = c.def.simulator.normal;
  const list: Record<string, unknown>[] = [
    normal,
    {},
    { ts: 0 },
    { ts: 1_700_000_000_000, extra: 1, nested: {} },
  ];
  for (const ts of [-1, 1.5, '1', null, Number.NaN, Infinity, 2 ** 60]) list.push({ ...normal, ts });
  for (const m of c.def.metrics) {
    const bad: unknown[] = [null, [], {}, undefined];
    if (m.kind === 'numeric')
      bad.push(m.min, m.max, m.min - 0.001, m.max + 1, -Infinity, Number.NaN, '1', true);
    if (m.kind === 'enum') bad.push(...m.values, 'bogus', m.values[0].toUpperCase(), 0, false);
    if (m.kind === 'boolean') bad.push(true, false, 'true', 1, 0);
    for (const v of bad) list.push({ ...normal, [m.key]: v });
  }
  return list;
}

describe('telemetry validation', () => {
  it.each(deviceTypes.map((d) => d.type))('%s: validateTelemetry agrees with the zod wire schema', (type) => {
    const c = compiled(type);
    let rejected = 0;
    for (const p of payloads(c)) {
      const fast = validateTelemetry(c, p);
      const slow = c.telemetrySchema.safeParse(p);
      const what = JSON.stringify(p, (_k, v: unknown) =>
        typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
      );
      expect(fast.ok, what).toBe(slow.success);
      if (fast.ok && slow.success) {
        const { ts, ...metrics } = slow.data;
        expect(fast.metrics, what).toEqual(metrics);
        expect(fast.ts, what).toBe(ts);
      } else if (!fast.ok && !slow.success) {
        rejected++;
        const [issue] = slow.error.issues;
        expect(issue && fast.reason, what).toBe(issue && zodReason(issue, p));
        expect(fast.message, what).toMatch(/^(ts|[a-z_0-9]+): expected /);
      }
    }
    expect(rejected).toBeGreaterThan(10);
  });

  it('counts unknown keys and strips them; ts is returned apart', () => {
    const box = compiled('distribution_box');
    const good = { ok: true, metrics: { ua: 230 }, ts: 5, unknownKeys: 2 };
    expect(validateTelemetry(box, { ua: 230, foo: 1, bar: 'x', ts: 5 })).toEqual(good);
    const range = { ok: false, reason: 'out_of_range' };
    expect(validateTelemetry(box, { ua: -5 })).toMatchObject(range);
    expect(validateTelemetry(compiled('van'), { lat: 200 })).toMatchObject(range);
    expect(validateTelemetry(box, { door: true })).toMatchObject({ ok: false, reason: 'wrong_type' });
  });
});

describe('rule overrides', () => {
  const rulesOf = (reg: Map<string, CompiledDeviceType>, type: string) => reg.get(type)?.rules ?? [];

  it('disable, change and add rules; untouched types keep their defaults', () => {
    const overrides: RuleOverrides = {
      distribution_box: {
        door_open: { enabled: false },
        over_temperature: { when: gt('temp_c', 60), forS: 120, severity: 'minor' },
        offline: { severity: 'critical' },
        hot_cabinet: { when: gt('temp_c', 50), severity: 'warning', label: { zh: '偏热', en: 'Warm' } },
      },
      van: { offline: { enabled: false } },
    };
    const reg = compileRegistry(overrides);
    const box = rulesOf(reg, 'distribution_box');
    expect(box.map((r) => r.id)).not.toContain('door_open');
    const overTemp = { forS: 120, severity: 'minor', when: gt('temp_c', 60) };
    expect(box.find((r) => r.id === 'over_temperature')).toMatchObject(overTemp);
    expect(box.find((r) => r.id === 'offline')?.severity).toBe('critical');
    expect(box.find((r) => r.id === 'hot_cabinet')).toMatchObject({ forS: 0, severity: 'warning' });
    expect(rulesOf(reg, 'camera')).toEqual(compiled('camera').rules);
    const r = evaluateRules(box, { state: { temp_c: 55 }, attrs: {} }, {}, 0, true);
    expect(r.transitions.map((t) => t.rule)).toEqual(['hot_cabinet']);
  });

  const capped = gt('ia', { attr: 'cap', default: 1 });
  const newRule = { when: gt('temp_c', 1), severity: 'minor', label: { zh: '新', en: 'New' } };
  it.each<[string, unknown, RegExp]>([
    ['unknown type', { boiler: { leak: { enabled: false } } }, /unknown device type "boiler"/],
    [
      'unknown metric',
      { camera: { tamper: { when: gt('temp_x', 1) } } },
      /"camera", rule "tamper".*"temp_x"/,
    ],
    ['unknown attribute', { distribution_box: { overcurrent: { when: capped } } }, /attribute "cap"/],
    [
      'incomplete new rule',
      { streetlight: { flicker: { when: gt('u', 250) } } },
      /flicker: a new rule needs/,
    ],
    ['bad rule id', { camera: { BadId: newRule } }, /"camera", rule "BadId"/],
    ['bad severity', { camera: { tamper: { severity: 'huge' } } }, /Invalid rule overrides/],
    ['unknown field', { camera: { tamper: { for: '10s' } } }, /Invalid rule overrides/],
  ])('rejects %s with a clear error', (_name, overrides, message) => {
    expect(() => compileRegistry(overrides as RuleOverrides)).toThrow(message);
  });

  it('compileDeviceType rejects a definition whose rule reads an undeclared metric', () => {
    const def = compiled('van').def;
    const broken = {
      ...def,
      rules: [{ id: 'fast', severity: 'minor' as const, forS: 0, when: gt('speed', 1), label: def.label }],
    };
    expect(() => compileDeviceType(broken)).toThrow(/"van", rule "fast": condition reads metric "speed"/);
  });
});

describe('command arguments', () => {
  const dim = command('dim', {
    label: { zh: '调光', en: 'Dim' },
    args: [
      choice('mode', ['auto', 'manual'], { label: { zh: '模式', en: 'Mode' } }),
      amount('level', { label: { zh: '亮度', en: 'Level' }, min: 0, max: 100, default: 80, unit: '%' }),
    ],
  });

  it('defaults: an enum starts at its first value, a number at its default', () => {
    expect(defaultArgs(dim)).toEqual({ mode: 'auto', level: 80 });
    expect(defaultArgs(command('reboot', { label: { zh: '重启', en: 'Reboot' } }))).toEqual({});
  });

  it.each<[string, Record<string, unknown>, boolean]>([
    ['every argument in range', { mode: 'manual', level: 0 }, true],
    ['a value not offered', { mode: 'night', level: 50 }, false],
    ['a number out of range', { mode: 'auto', level: 101 }, false],
    ['a number as text', { mode: 'auto', level: '50' }, false],
    ['a missing argument', { mode: 'auto' }, false],
    ['an extra argument', { mode: 'auto', level: 5, colour: 'red' }, false],
  ])('argsValid: %s → %s', (_name, args, ok) => {
    expect(argsValid(dim, args)).toBe(ok);
  });
});
