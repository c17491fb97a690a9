// What a scenario run measured: the faults the played plan injected (per step), the fed devices its
// power cuts took dark, the root causes (every injected fault that is not the consequence of a power
// cut), and the tickets the server opened during the run matched to them — goal: one ticket per
// root cause, none for the devices a cut took dark. Pure; the JSON of `npm run sim --summary-json`.
import { z } from 'zod';
import type { CompiledDeviceType } from '../../devices/index';
import { priorityForSeverity } from '../../server/src/pipeline/sla';
import type { Scenario } from './scenario';
import type { FaultAction } from './types';

const count = z.number().int().min(0);
const TicketRefSchema = z.object({
  id: z.string(),
  deviceId: z.string().optional(),
  alarmRule: z.string().optional(),
});
export type TicketRef = z.infer<typeof TicketRefSchema>;

export const RootCauseSchema = z.object({
  deviceId: z.string(),
  rule: z.string(),
  /** The scenario step that first injected it. */
  step: count,
  /** Times it was injected (a flapping step injects one root cause again and again). */
  faults: count,
  /** Its rule's severity opens a ticket. */
  expectsTicket: z.boolean(),
  /** Tickets of this device and rule opened during the run. */
  tickets: z.array(z.string()),
  /** Tickets of this device and rule opened before the run and updated during it (the fault joined them). */
  joined: z.array(z.string()),
});
export type RootCause = z.infer<typeof RootCauseSchema>;

export const RunSummarySchema = z.object({
  scenario: z.string(),
  seed: z.number().int(),
  startedAt: z.iso.datetime(),
  steps: z.array(
    z.object({
      step: count,
      name: z.string(),
      /** Faults the step injected (an overheat that is also an over-temperature counts two). */
      faults: count,
      /** Fed devices the step's power cuts took dark. */
      powerCut: count,
    }),
  ),
  faultsInjected: count,
  powerCutDevices: count,
  rootCauses: z.array(RootCauseSchema),
  tickets: z.object({
    /** Tickets created at or after startedAt. */
    opened: count,
    onRootCauses: count,
    /** Opened for a device a power cut took dark, on no root cause of it (the cut's ticket covers it). */
    onPowerCutDevices: z.array(TicketRefSchema),
    /** Opened for neither: another fault, or a device or rule the plan did not touch. */
    other: z.array(TicketRefSchema),
    /** The server's list was full: tickets opened early in the run may be missing. */
    truncated: z.boolean(),
  }),
  /** Root causes whose severity opens a ticket that got none, or more than one. */
  mismatched: z.array(z.object({ deviceId: z.string(), rule: z.string(), tickets: count })),
  /** Tickets opened = root causes that expect one, each with exactly one. */
  goalMet: z.boolean(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

/** The fields of a ticket the summary reads (TicketDto's). */
export interface RunTicket extends TicketRef {
  createdAt: string;
  updatedAt: string;
}

export interface RunSummaryInput {
  scenario: Scenario;
  seed: number;
  /** When the run started (ISO 8601, the server's clock): tickets created from then on count. */
  startedAt: string;
  /** The plan's actions that took effect (Fleet.played()). */
  played: readonly FaultAction[];
  /** Each device's type, for the severity of its rules. */
  devices: readonly { id: string; type: string }[];
  /** The effective registry (with the server's RULES_FILE overrides). */
  registry: ReadonlyMap<string, CompiledDeviceType>;
  /** The server's tickets, newest first or in any order. */
  tickets: readonly RunTicket[];
  truncated?: boolean;
}

const keyOf = (deviceId: string | undefined, rule: string | undefined): string => `${deviceId}\u0000${rule}`;

export function runSummary(input: RunSummaryInput): RunSummary {
  const { scenario, played, registry } = input;
  const typeOf = new Map(input.devices.map((d) => [d.id, d.type]));
  const steps = scenario.steps.map((s, step) => ({
    step,
    name: s.name ?? `${s.type ?? 'any'} ${Array.isArray(s.rule) ? s.rule.join('|') : s.rule}`,
    faults: 0,
    powerCut: 0,
  }));
  const causes = new Map<string, RootCause>();
  const dark = new Set<string>();
  for (const a of played) {
    if (a.action !== 'inject') continue;
    const step = steps[a.step];
    if (a.cause !== undefined) {
      if (step) step.powerCut++;
      dark.add(a.deviceId);
      continue;
    }
    for (const rule of [a.rule, ...(a.also ?? [])]) {
      if (step) step.faults++;
      const key = keyOf(a.deviceId, rule);
      const known = causes.get(key);
      if (known) known.faults++;
      else causes.set(key, { ...newCause(a, rule, typeOf.get(a.deviceId), registry), faults: 1 });
    }
  }

  const onPowerCutDevices: TicketRef[] = [];
  const other: TicketRef[] = [];
  let opened = 0;
  let onRootCauses = 0;
  const byTime = [...input.tickets].sort((x, y) => x.createdAt.localeCompare(y.createdAt));
  for (const t of byTime) {
    const cause = causes.get(keyOf(t.deviceId, t.alarmRule));
    if (t.createdAt < input.startedAt) {
      if (cause && t.updatedAt >= input.startedAt) cause.joined.push(t.id);
      continue;
    }
    opened++;
    const ref = { id: t.id, ...(t.deviceId !== undefined && { deviceId: t.deviceId }), ...alarmRule(t) };
    if (cause) {
      cause.tickets.push(t.id);
      onRootCauses++;
    } else if (t.deviceId !== undefined && dark.has(t.deviceId)) onPowerCutDevices.push(ref);
    else other.push(ref);
  }

  const rootCauses = [...causes.values()];
  const expecting = rootCauses.filter((c) => c.expectsTicket);
  const mismatched = expecting
    .filter((c) => c.tickets.length !== 1)
    .map((c) => ({ deviceId: c.deviceId, rule: c.rule, tickets: c.tickets.length }));
  return {
    scenario: scenario.name,
    seed: input.seed,
    startedAt: input.startedAt,
    steps,
    faultsInjected: steps.reduce((n, s) => n + s.faults, 0),
    powerCutDevices: steps.reduce((n, s) => n + s.powerCut, 0),
    rootCauses,
    tickets: { opened, onRootCauses, onPowerCutDevices, other, truncated: input.truncated ?? false },
    mismatched,
    goalMet: mismatched.length === 0 && opened === expecting.length,
  };
}

const alarmRule = (t: TicketRef): { alarmRule?: string } =>
  t.alarmRule === undefined ? {} : { alarmRule: t.alarmRule };

function newCause(
  a: FaultAction,
  rule: string,
  type: string | undefined,
  registry: ReadonlyMap<string, CompiledDeviceType>,
): RootCause {
  const severity = registry.get(type ?? '')?.rules.find((r) => r.id === rule)?.severity;
  return {
    deviceId: a.deviceId,
    rule,
    step: a.step,
    faults: 0,
    expectsTicket: severity !== undefined && priorityForSeverity(severity) !== undefined,
    tickets: [],
    joined: [],
  };
}
