// Power roles of the device types (api.md "Power-feed topology"): the rules a feeder's alarm cuts power
// with, and those a cut explains on the devices it feeds, are rules the type has.
import { describe, expect, it } from 'vitest';
import { deviceTypes, OFFLINE_RULE } from '../../devices/index';

describe.each(deviceTypes.map((d) => [d.type, d] as const))('%s power role', (_type, def) => {
  const ruleIds = new Set(def.rules.map((r) => r.id));
  if (def.offline !== false) ruleIds.add(OFFLINE_RULE);

  it('names only rules of the type (offline only for a type with an offline rule)', () => {
    for (const id of [...(def.power?.cuts ?? []), ...(def.power?.dark ?? [])]) expect(ruleIds).toContain(id);
  });

  it('agrees with the demo placement: a feeder cuts, a fed type goes dark', () => {
    if (def.demo?.power === 'feeds') expect(def.power?.cuts?.length).toBeGreaterThan(0);
    if (def.demo?.power === 'fed') expect(def.power?.dark?.length).toBeGreaterThan(0);
  });
});
