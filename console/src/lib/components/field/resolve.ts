// The resolve form's parts and labour as the contract wants them (api.md v1.1: `parts?: [{name, qty,
// unitCostYuan?}]`, `labourMin?`): rows left empty are dropped, numbers are read as typed.
import type { PartUsed } from '../../offline/outbox-rules';

export interface PartRow {
  name: string;
  qty: string;
  cost: string;
}

const num = (s: string): number | undefined => {
  const v = Number(s.trim().replace(',', '.'));
  return s.trim() !== '' && Number.isFinite(v) ? v : undefined;
};

/** The parts worth sending: a name and a positive quantity; a cost only when one was given. */
export function partsOf(rows: readonly PartRow[]): PartUsed[] {
  const out: PartUsed[] = [];
  for (const r of rows) {
    const name = r.name.trim();
    const qty = num(r.qty);
    if (!name || qty === undefined || qty <= 0) continue;
    const cost = num(r.cost);
    out.push({ name, qty, ...(cost !== undefined && cost >= 0 && { unitCostYuan: cost }) });
  }
  return out;
}

/** Whole minutes of labour, or undefined when none (or nonsense) was typed. */
export function labourOf(s: string): number | undefined {
  const v = num(s);
  return v !== undefined && v >= 0 ? Math.round(v) : undefined;
}
