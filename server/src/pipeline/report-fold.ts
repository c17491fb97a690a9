// The facts of one ticket for the monthly report (issue 19 point 5), folded from its timeline alone:
// when it was created, on site and resolved in its current round (a `reopen` clears them, as
// pipeline/lifecycle.ts applyTicketEvent does), the deadlines it missed, its callbacks and their
// outcome, the labour and parts of every repair, its repeat-fault reopens, further reports joined to
// it, and where it stands. Only the fields fixed when the ticket was created (source, category,
// priority, compound) are read from the ticket's record; nothing derived from it is. Pure.
import type { Priority, Satisfaction, SlaDeadline, TicketEventRecord, TicketSource } from '../store/store';
import { REPEAT_FAULT } from './repairs';

/** The fields a ticket is created with and that no later step changes. */
export interface TicketIdentity {
  id: string;
  source: TicketSource;
  category: string;
  priority: Priority;
  compoundId?: string;
  createdAt: number;
}

export type FoldedStatus = 'open' | 'closed' | 'cancelled';

export interface TicketFacts extends TicketIdentity {
  status: FoldedStatus;
  /** The last `arrive` since the last `reopen`. */
  arrivedAt?: number;
  /** The last `resolve` since the last `reopen`. */
  resolvedAt?: number;
  /** The `close`, closing `callback` or `cancel` that ended the current round. */
  endedAt?: number;
  /** Deadlines missed (`sla_breached` entries), each once, in the order first missed. */
  breaches: SlaDeadline[];
  /** `callback` entries: one per caller called back. */
  callbacksMade: number;
  /** The worst satisfaction among the callbacks since the last `resolve`, once a callback closed it. */
  outcome?: Satisfaction;
  /** `resolve` entries (repair visits). */
  repairs: number;
  labourMin: number;
  /** Part lines reported at every `resolve`; cost in fen over the lines with a unit cost. */
  partLines: number;
  uncostedLines: number;
  partsFen: number;
  /** When a returning fault reopened the ticket (`reopen` by system, reason repeat_fault). */
  repeatReopens: number[];
  /** Further reports joined (`link` entries). */
  links: number;
  /** Timeline entries read. */
  entries: number;
}

const SATISFACTION_ORDER: readonly Satisfaction[] = ['unsatisfied', 'neutral', 'satisfied'];
const isSatisfaction = (v: unknown): v is Satisfaction => SATISFACTION_ORDER.includes(v as Satisfaction);
const worst = (xs: readonly Satisfaction[]): Satisfaction | undefined =>
  SATISFACTION_ORDER.find((s) => xs.includes(s));
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function addParts(f: TicketFacts, parts: unknown): void {
  if (!Array.isArray(parts)) return;
  for (const p of parts as unknown[]) {
    if (typeof p !== 'object' || p === null) continue;
    const { qty, unitCostYuan } = p as Record<string, unknown>;
    f.partLines += 1;
    const q = num(qty);
    const c = num(unitCostYuan);
    if (q === undefined || c === undefined) f.uncostedLines += 1;
    else f.partsFen += Math.round(q * c * 100);
  }
}

/** Folds one ticket's timeline (in the order appended) into its facts. */
export function foldTicket(identity: TicketIdentity, timeline: readonly TicketEventRecord[]): TicketFacts {
  const f: TicketFacts = {
    ...identity,
    status: 'open',
    breaches: [],
    callbacksMade: 0,
    repairs: 0,
    labourMin: 0,
    partLines: 0,
    uncostedLines: 0,
    partsFen: 0,
    repeatReopens: [],
    links: 0,
    entries: timeline.length,
  };
  let round: Satisfaction[] = [];
  for (const e of timeline) {
    switch (e.type) {
      case 'created':
        f.createdAt = e.at;
        break;
      case 'arrive':
        f.arrivedAt ??= e.at; // the first arrival is the response (as the ticket keeps it)
        break;
      case 'resolve': {
        f.resolvedAt = e.at;
        f.repairs += 1;
        f.labourMin += num(e.data.labourMin) ?? 0;
        addParts(f, e.data.parts);
        round = [];
        break;
      }
      case 'callback': {
        f.callbacksMade += 1;
        if (isSatisfaction(e.data.satisfaction)) round.push(e.data.satisfaction);
        // Per caller (h-callers): `remaining` callers still to call; without it, one call closes.
        const remaining = num(e.data.remaining);
        if (remaining === undefined || remaining <= 0) {
          f.status = 'closed';
          f.endedAt = e.at;
          const w = worst(round);
          if (w === undefined) delete f.outcome;
          else f.outcome = w;
        }
        break;
      }
      case 'close':
        f.status = 'closed';
        f.endedAt = e.at;
        break;
      case 'cancel':
        f.status = 'cancelled';
        f.endedAt = e.at;
        break;
      case 'reopen':
        f.status = 'open';
        delete f.arrivedAt;
        delete f.resolvedAt;
        delete f.endedAt;
        delete f.outcome;
        round = [];
        if (e.by === 'system' && e.data.reason === REPEAT_FAULT) f.repeatReopens.push(e.at);
        break;
      case 'sla_breached': {
        const ds = Array.isArray(e.data.deadlines) ? (e.data.deadlines as unknown[]) : [];
        for (const d of ds)
          if ((d === 'respond' || d === 'resolve' || d === 'callback') && !f.breaches.includes(d))
            f.breaches.push(d);
        break;
      }
      case 'link':
        f.links += 1;
        break;
      default:
        break;
    }
  }
  return f;
}
