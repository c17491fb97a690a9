// Ticket categories: the one list of them, in the order the hotline form offers them, with their
// labels in both console languages (zh-CN first). A category is data, like a device type: adding
// one is one line below. The API's CategorySchema (server/src/contracts/dto.ts), a device type's
// `category`, the console's labels and the hotline form's choices and keys all come from here.
// The hotline form picks a category by its number (1–9) or by the first letter of its id: keep the
// list at nine at most and the first letters different (tests/registry/registry.test.ts checks).
import type { Label } from './label';

/**
 * `priority`: what a hand-opened ticket of the category is suggested when its words name no danger
 * and no lost service (server/src/pipeline/priority.ts).
 */
export const CATEGORIES = [
  { id: 'electrical', label: { zh: '电力', en: 'Electrical' }, priority: 'P3' },
  { id: 'lighting', label: { zh: '照明', en: 'Lighting' }, priority: 'P4' },
  { id: 'camera', label: { zh: '监控', en: 'Camera' }, priority: 'P4' },
  { id: 'water', label: { zh: '供水', en: 'Water' }, priority: 'P3' },
  { id: 'heating', label: { zh: '供暖', en: 'Heating' }, priority: 'P3' },
  { id: 'fire', label: { zh: '消防', en: 'Fire' }, priority: 'P2' },
  { id: 'other', label: { zh: '其他', en: 'Other' }, priority: 'P4' },
] as const satisfies readonly { id: string; label: Label; priority: 'P1' | 'P2' | 'P3' | 'P4' }[];

export type Category = (typeof CATEGORIES)[number]['id'];

/** The category ids in list order (what `z.enum` takes). */
export const CATEGORY_IDS: readonly Category[] = CATEGORIES.map((c) => c.id);

const labels: ReadonlyMap<string, Label> = new Map(CATEGORIES.map((c) => [c.id, c.label]));

const priorities: ReadonlyMap<string, 'P1' | 'P2' | 'P3' | 'P4'> = new Map(
  CATEGORIES.map((c) => [c.id, c.priority]),
);

/** The priority a ticket of this category starts from; P4 for a string that is not a category. */
export function categoryPriority(id: string): 'P1' | 'P2' | 'P3' | 'P4' {
  return priorities.get(id) ?? 'P4';
}

/** The label of a category id; undefined for a string that is not one (a value from the wire). */
export function categoryLabelOf(id: string): Label | undefined {
  return labels.get(id);
}
