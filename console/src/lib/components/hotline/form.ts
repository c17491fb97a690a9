// The hotline form as data: what the dispatcher has typed (a draft), the body it becomes, and the
// problems with it, checked by the server's own schemas (CreateTicketBody, LinkReportBody) so the
// form refuses exactly what POST /api/tickets would. The priority suggestion is the server's too.
import type { z } from 'zod';
import { CATEGORY_IDS, type Category } from '../../../../../devices/lib/categories';
import { CreateTicketBody, LinkReportBody, PrioritySchema } from '../../../../../server/src/contracts/dto';
import { explainPriority, suggestPriority } from '../../../../../server/src/pipeline/priority';
import type { CompoundDto, Priority } from '../../api/types';
import type { GeoPoint } from '../../map/pick';

export type { Category };
/** The categories offered, in order: the list is devices/lib/categories.ts (the API's CategorySchema too). */
export const CATEGORIES: readonly Category[] = CATEGORY_IDS;
export const PRIORITY_OPTIONS: readonly Priority[] = PrioritySchema.options;

/** The request bodies as sent (after the schema has normalised them, e.g. the phone's spaces). */
export type CreateTicketRequest = z.infer<typeof CreateTicketBody>;
export type LinkReportRequest = z.infer<typeof LinkReportBody>;

export interface HotlineDraft {
  reporterName: string;
  reporterPhone: string;
  /** What is typed in the compound field; `compoundId` is set only once it names a compound. */
  compoundText: string;
  compoundId: string | undefined;
  address: string;
  category: Category | '';
  description: string;
  /** Chosen by hand; undefined while the suggestion applies. */
  priority: Priority | undefined;
  point: GeoPoint | undefined;
}

export function emptyDraft(): HotlineDraft {
  return {
    reporterName: '',
    reporterPhone: '',
    compoundText: '',
    compoundId: undefined,
    address: '',
    category: '',
    description: '',
    priority: undefined,
    point: undefined,
  };
}

/** Nothing typed or chosen yet: closing the form loses nothing. */
export function isBlank(d: HotlineDraft): boolean {
  return (
    [d.reporterName, d.reporterPhone, d.compoundText, d.address, d.description].every((s) => !s.trim()) &&
    d.category === '' &&
    d.priority === undefined &&
    d.point === undefined &&
    d.compoundId === undefined
  );
}

/** The priority the server would give this ticket (same function). */
export function suggestedPriority(d: Pick<HotlineDraft, 'category' | 'description'>): Priority {
  return suggestPriority(d.category, d.description);
}

/** The resident's words that decided the suggestion (e.g. 水管爆), if the words decided it. */
export function suggestionPhrase(d: Pick<HotlineDraft, 'category' | 'description'>): string | undefined {
  return explainPriority(d.category, d.description).phrase?.text;
}

export function effectivePriority(d: HotlineDraft): Priority {
  return d.priority ?? suggestedPriority(d);
}

// ---- problems

/** The form's fields (by their input's name), the picked point, and the form as a whole. */
export type Field =
  | 'reporterName'
  | 'reporterPhone'
  | 'compound'
  | 'address'
  | 'category'
  | 'description'
  | 'priority'
  | 'point'
  | 'form';

export type ProblemCode = 'required' | 'tooLong' | 'phone' | 'invalid' | 'unknownCompound' | 'noPlace';

export interface Problem {
  code: ProblemCode;
  /** For tooLong: the most characters allowed. */
  max?: number;
}

export type Problems = Partial<Record<Field, Problem>>;

export type Checked<T> = { ok: true; body: T } | { ok: false; problems: Problems };

/** Which form field a schema path (or a server error's `reporter.phone`) belongs to. */
export function fieldOfPath(path: readonly PropertyKey[]): Field {
  const [head, sub] = path;
  switch (head) {
    case 'reporter':
      return sub === 'phone' ? 'reporterPhone' : 'reporterName';
    case 'compoundId':
      return 'compound';
    case 'lat':
    case 'lng':
      return 'point';
    case 'address':
    case 'category':
    case 'description':
    case 'priority':
      return head;
    default:
      return 'form';
  }
}

/** What the draft holds for a field, as compared to tell whether it changed or is empty. */
export function fieldText(d: HotlineDraft, field: Field): string {
  switch (field) {
    case 'reporterName':
      return d.reporterName.trim();
    case 'reporterPhone':
      return d.reporterPhone.trim();
    case 'compound':
      return d.compoundText.trim();
    case 'address':
      return d.address.trim();
    case 'category':
      return d.category;
    case 'description':
      return d.description.trim();
    case 'priority':
      return d.priority ?? '';
    case 'point':
      return d.point ? 'set' : '';
    case 'form':
      return 'set';
  }
}

function problemsOf(d: HotlineDraft, issues: readonly z.core.$ZodIssue[]): Problems {
  const problems: Problems = {};
  for (const issue of issues) {
    const field = fieldOfPath(issue.path);
    if (problems[field]) continue; // the first problem of a field is the one shown
    if (issue.code === 'too_big') problems[field] = { code: 'tooLong', max: Number(issue.maximum) };
    else if (fieldText(d, field) === '') problems[field] = { code: 'required' };
    else if (field === 'reporterPhone') problems[field] = { code: 'phone' };
    else problems[field] = { code: 'invalid' };
  }
  return problems;
}

function reporterOf(d: HotlineDraft): { name: string; phone: string } {
  return { name: d.reporterName, phone: d.reporterPhone.trim() };
}

/** The POST /api/tickets body the draft makes. The caller is required: a hotline call has one. */
export function createInput(d: HotlineDraft): Record<string, unknown> {
  const address = d.address.trim();
  return {
    ...(d.category !== '' && { category: d.category }),
    description: d.description.trim(),
    // Left out while it is the suggestion: the server then suggests the same and records so.
    ...(d.priority !== undefined && { priority: d.priority }),
    source: 'hotline',
    ...(d.compoundId !== undefined && { compoundId: d.compoundId }),
    ...(d.point && { lat: d.point.lat, lng: d.point.lng }),
    ...(address && { address }),
    reporter: reporterOf(d),
  };
}

/**
 * The draft checked with the server's CreateTicketBody, plus what the form asks on top: a typed
 * compound must be one of the compounds, and the ticket needs a place (compound, address or point).
 */
export function checkCreate(d: HotlineDraft): Checked<CreateTicketRequest> {
  const r = CreateTicketBody.safeParse(createInput(d));
  const problems = r.success ? {} : problemsOf(d, r.error.issues);
  if (d.compoundText.trim() !== '' && d.compoundId === undefined && !problems.compound) {
    problems.compound = { code: 'unknownCompound' };
  }
  const hasPlace = d.compoundId !== undefined || d.address.trim() !== '' || d.point !== undefined;
  if (!hasPlace && !problems.compound && !problems.address) problems.address = { code: 'noPlace' };
  if (r.success && Object.keys(problems).length === 0) return { ok: true, body: r.data };
  return { ok: false, problems };
}

/** The draft as a further report of an existing ticket (POST /api/tickets/{id}/link). */
export function checkLink(d: HotlineDraft): Checked<LinkReportRequest> {
  const address = d.address.trim();
  const r = LinkReportBody.safeParse({
    description: d.description.trim(),
    reporter: reporterOf(d),
    source: 'hotline',
    ...(address && { address }),
  });
  return r.success ? { ok: true, body: r.data } : { ok: false, problems: problemsOf(d, r.error.issues) };
}

/** The field the focus should go to for these problems: the first in the form's order. */
export function firstProblem(problems: Problems, order: readonly Field[]): Field | undefined {
  return order.find((f) => problems[f] !== undefined);
}

// ---- the server's answer

export interface ServerProblem {
  field: Field;
  message: string;
}

/**
 * A 400's message split by field: the server writes `invalid body: reporter.phone: …; description: …`.
 * Anything it does not attribute to a field belongs to the form as a whole.
 */
export function serverProblems(message: string): ServerProblem[] {
  const m = /^invalid body: (.*)$/s.exec(message);
  if (!m?.[1]) return [{ field: 'form', message }];
  return m[1].split('; ').map((part) => {
    const p = /^([\w.]+): (.*)$/s.exec(part);
    if (!p?.[1] || p[2] === undefined) return { field: 'form', message: part };
    return { field: fieldOfPath(p[1].split('.')), message: p[2] };
  });
}

// ---- compounds by name

/** Compounds matching what is typed: name prefix first, then name, id or address containing it. */
export function matchCompounds<C extends Pick<CompoundDto, 'id' | 'name' | 'address'>>(
  query: string,
  compounds: readonly C[],
  limit = 8,
): C[] {
  const q = query.trim().toLowerCase();
  const rank = (c: C): number => {
    const name = c.name.toLowerCase();
    if (!q) return 0;
    if (name.startsWith(q)) return 0;
    if (name.includes(q)) return 1;
    if (c.id.toLowerCase().includes(q) || (c.address ?? '').toLowerCase().includes(q)) return 2;
    return -1;
  };
  return compounds
    .map((c) => ({ c, r: rank(c) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.c.name.localeCompare(b.c.name, 'zh-CN'))
    .slice(0, limit)
    .map((x) => x.c);
}

/** The compound the text names exactly (its name, case and spaces aside, or its id). */
export function compoundNamed<C extends Pick<CompoundDto, 'id' | 'name'>>(
  text: string,
  compounds: readonly C[],
): C | undefined {
  const q = text.trim().toLowerCase();
  if (!q) return undefined;
  return (
    compounds.find((c) => c.name.trim().toLowerCase() === q) ??
    compounds.find((c) => c.id.toLowerCase() === q)
  );
}
