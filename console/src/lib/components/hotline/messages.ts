// Which message a hotline field shows, as an i18n key with its parameters: the form's own check
// once the field was left filled in or a submit was tried, else the server's objection for as long
// as the field still holds what was sent. Pure, so the rule is tested without a page.
import type { MessageKey, Params } from '../../i18n/i18n.svelte';
import { fieldText, type Field, type HotlineDraft, type Problems, type ServerProblem } from './form';

/** A server objection and what its field held when it was sent: shown until the field changes. */
export interface Objection extends ServerProblem {
  value: string;
}

export interface FieldMessage {
  key: MessageKey;
  params: Params;
}

export interface MessageInputs {
  draft: HotlineDraft;
  /** The problems of the last check asked for (create or link). */
  problems: Problems;
  /** A submit (or link) was tried: every problem shows. */
  attempted: boolean;
  /** Fields left with something in them: their problems show before any submit. */
  touched: Partial<Record<Field, boolean>>;
  objections: readonly Objection[];
}

export function fieldMessage(field: Field, s: MessageInputs): FieldMessage | undefined {
  const p = s.problems[field];
  if (p && (s.attempted || s.touched[field])) {
    return { key: `hotline.error.${p.code}`, params: { max: p.max ?? 0 } };
  }
  const o = s.objections.find((x) => x.field === field && x.value === fieldText(s.draft, field));
  if (!o) return undefined;
  return {
    key: field === 'form' ? 'hotline.error.failed' : 'hotline.error.server',
    params: { message: o.message },
  };
}

/** The server's problems, each with what its field holds now (as it was sent). */
export function objectionsOf(found: readonly ServerProblem[], draft: HotlineDraft): Objection[] {
  return found.map((p) => ({ ...p, value: fieldText(draft, p.field) }));
}
