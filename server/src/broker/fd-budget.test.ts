import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BudgetError, connectionBudget, FD_RESERVED, openFileLimit } from './fd-budget';

describe('connectionBudget', () => {
  it('gives HTTP a quarter of what is left after the reserve and MQTT the rest', () => {
    expect(connectionBudget(1024)).toEqual({ http: 192, mqtt: 576 });
    expect(connectionBudget(1_048_576)).toEqual({ http: 10_000, mqtt: 100_000 });
    const { http, mqtt } = connectionBudget(20_000);
    expect(http + mqtt).toBeLessThanOrEqual(20_000 - FD_RESERVED);
  });

  it('takes values set by hand, and refuses ones that overrun the limit, naming them', () => {
    expect(connectionBudget(1024, { http: 100 })).toEqual({ http: 100, mqtt: 668 });
    expect(() => connectionBudget(1024, { mqtt: 5000 })).toThrow(BudgetError);
    expect(() => connectionBudget(1024, { mqtt: 5000 })).toThrow(/MQTT_MAX_CONNECTIONS.*ulimit -n/);
    expect(connectionBudget(undefined, { http: 5 })).toEqual({ http: 5, mqtt: 100_000 });
  });
});

describe('openFileLimit', () => {
  it('reads the soft limit from a limits file, and undefined when there is none', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fd-'));
    const file = path.join(dir, 'limits');
    writeFileSync(
      file,
      'Limit  Soft Limit  Hard Limit  Units\nMax open files            4096                 8192                 files\n',
    );
    expect(openFileLimit(file)).toBe(4096);
    writeFileSync(file, 'Max open files            unlimited            unlimited            files\n');
    expect(openFileLimit(file)).toBeUndefined();
    expect(openFileLimit(path.join(dir, 'none'))).toBeUndefined();
  });
});
