// What the device panel shows, from the device registry (devices/): the metrics of a type with their
// labels and units, which metric to chart for an alarm, the commands a type accepts, and how a sent
// command stands (sending → sent / offline → acknowledged ok / failed, or no answer yet). Pure: the
// language comes in as a parameter, so this runs in unit tests without the DOM.
import { deviceTypes } from '../../../../../devices/index';
import { conditionMetrics } from '../../../../../devices/lib/rules';
import type {
  CommandDef,
  DeviceTypeDef,
  Label,
  MetricDef,
  MetricValue,
  NumericMetric,
} from '../../../../../devices/lib/types';
import type { CommandAckEvent, CommandSentDto } from '../../api/types';

export type Lang = keyof Label;

const byType = new Map<string, DeviceTypeDef>(deviceTypes.map((d) => [d.type, d]));

export function typeDef(type: string): DeviceTypeDef | undefined {
  return byType.get(type);
}

export function pick(label: Label | undefined, lang: Lang, fallback: string): string {
  return label ? label[lang] : fallback;
}

/** The metrics of a type that can be charted (numbers), in registry order. */
export function numericMetrics(type: string): NumericMetric[] {
  return (typeDef(type)?.metrics ?? []).filter((m): m is NumericMetric => m.kind === 'numeric');
}

export function metricDef(type: string, key: string): MetricDef | undefined {
  return typeDef(type)?.metrics.find((m) => m.key === key);
}

/**
 * The metric to chart first: the first numeric metric the alarm's rule reads (leakage → leakage_ma),
 * else the type's first numeric metric; undefined for a type without numbers.
 */
export function chartMetric(type: string, rule?: string): string | undefined {
  const def = typeDef(type);
  if (!def) return undefined;
  const numeric = numericMetrics(type);
  const r = rule === undefined ? undefined : def.rules.find((x) => x.id === rule);
  if (r) for (const key of conditionMetrics(r.when)) if (numeric.some((m) => m.key === key)) return key;
  return numeric[0]?.key;
}

export interface StateRow {
  key: string;
  label: string;
  text: string;
  unit?: string;
}

const numberFormats = new Map<Lang, Intl.NumberFormat>();
function formatNumber(n: number, lang: Lang): string {
  let f = numberFormats.get(lang);
  if (!f)
    numberFormats.set(
      lang,
      (f = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: 2 })),
    );
  return f.format(n);
}

/** One reading in words: a number with its unit, an enum value's label, yes/no for a boolean. */
export function valueText(
  def: MetricDef | undefined,
  value: MetricValue,
  lang: Lang,
  words: { yes: string; no: string },
): { text: string; unit?: string } {
  if (typeof value === 'boolean') return { text: value ? words.yes : words.no };
  if (typeof value === 'number') {
    const text = formatNumber(value, lang);
    return def?.kind === 'numeric' ? { text, unit: def.unit } : { text };
  }
  const label = def?.kind === 'enum' ? def.valueLabels?.[value] : undefined;
  return { text: pick(label, lang, value) };
}

/** A device's state as rows in the type's metric order; keys the type does not define are left out. */
export function stateRows(
  type: string,
  state: Record<string, MetricValue>,
  lang: Lang,
  words: { yes: string; no: string },
): StateRow[] {
  const rows: StateRow[] = [];
  for (const m of typeDef(type)?.metrics ?? []) {
    if (!Object.hasOwn(state, m.key)) continue;
    const v = state[m.key];
    if (v === undefined) continue;
    rows.push({ key: m.key, label: pick(m.label, lang, m.key), ...valueText(m, v, lang, words) });
  }
  return rows;
}

export function commandsOf(type: string): readonly CommandDef[] {
  return typeDef(type)?.commands ?? [];
}

// ---- sent commands

/** After this long without an ack the panel says "no answer yet" (an ack may still arrive). */
export const ACK_TIMEOUT_MS = 30_000;

export const COMMAND_STATES = ['sending', 'sent', 'offline', 'ok', 'failed', 'timeout'] as const;
export type CommandState = (typeof COMMAND_STATES)[number];

/** A command sent from this panel: the local key, then the server's answer or the request's error. */
export interface SentCommand {
  key: number;
  name: string;
  args: Record<string, unknown>;
  startedAt: number;
  sent?: CommandSentDto;
  error?: string;
}

export interface CommandView {
  state: CommandState;
  /** The device's message (ok or failed), or the request's error (failed). */
  message?: string;
}

/**
 * Where a sent command stands. An ack wins whenever it arrives (also after "no answer yet", and even
 * before the POST's answer, which is why acks are looked up by id); a refused request is failed.
 */
export function commandView(c: SentCommand, ack: CommandAckEvent | undefined, now: number): CommandView {
  if (c.error !== undefined) return { state: 'failed', message: c.error };
  if (!c.sent) return { state: 'sending' };
  if (ack) {
    const state = ack.ok ? 'ok' : 'failed';
    return ack.message === undefined ? { state } : { state, message: ack.message };
  }
  if (!c.sent.connected) return { state: 'offline' };
  return now - c.startedAt >= ACK_TIMEOUT_MS ? { state: 'timeout' } : { state: 'sent' };
}
