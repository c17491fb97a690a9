// The hotline form's keyboard: the page shortcut that opens it, the order Enter walks through, and
// the keys that pick a category or a priority directly. Pure, so the rules are tested without a page.
import type { Priority } from '../../api/types';
import { CATEGORIES, PRIORITY_OPTIONS, type Category } from './form';

/** The form's controls in Tab / Enter order. */
export const FORM_ORDER = [
  'reporterName',
  'reporterPhone',
  'compound',
  'address',
  'category',
  'description',
  'priority',
  'submit',
] as const;
export type Control = (typeof FORM_ORDER)[number];

/** The control after `c` (the submit button stays last). */
export function nextControl(c: Control): Control {
  const i = FORM_ORDER.indexOf(c);
  return FORM_ORDER[Math.min(i + 1, FORM_ORDER.length - 1)] ?? 'submit';
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey?: boolean;
  isComposing?: boolean;
}

/** The shape of an event target this module looks at (an Element, or a stand-in in tests). */
interface TargetLike {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

const NOT_TEXT_INPUTS: ReadonlySet<string> = new Set([
  'button',
  'checkbox',
  'radio',
  'submit',
  'reset',
  'range',
  'color',
  'file',
  'image',
]);

/**
 * Whether a key pressed on this target goes into a text field (or a select, whose letters jump to
 * options): page shortcuts stay quiet there.
 */
export function isTypingTarget(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false;
  const el = target as TargetLike;
  if (el.isContentEditable === true) return true;
  const tag = el.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !NOT_TEXT_INPUTS.has((el.type ?? 'text').toLowerCase());
  return false;
}

/** `N` (outside text fields, no modifier) or `F2` (anywhere) opens a new hotline ticket. */
export function opensHotline(e: KeyLike, typing: boolean): boolean {
  if (e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return false;
  if (e.key === 'F2') return true;
  return !typing && (e.key === 'n' || e.key === 'N');
}

/** Ctrl+Enter (⌘+Enter on a Mac) submits from anywhere in the form, the description included. */
export function submitsForm(e: KeyLike): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.isComposing;
}

/** Number keys 1–9 in list order, or a category's first letter (each one is different). */
export function categoryForKey(key: string): Category | undefined {
  if (/^[1-9]$/.test(key)) return CATEGORIES[Number(key) - 1];
  if (!/^[a-z]$/i.test(key)) return undefined;
  const k = key.toLowerCase();
  return CATEGORIES.find((c) => c.startsWith(k));
}

/** The parameters of the category field's hint: how many number keys, and the letters that pick one. */
export function categoryKeysHint(): { n: number; letters: string } {
  return { n: CATEGORIES.length, letters: CATEGORIES.map((c) => c.charAt(0).toUpperCase()).join(' ') };
}

/** Number keys 1–4 pick P1–P4. */
export function priorityForKey(key: string): Priority | undefined {
  return /^[1-9]$/.test(key) ? PRIORITY_OPTIONS[Number(key) - 1] : undefined;
}

/** In the priority field, Backspace or Delete goes back to the suggestion. */
export function resetsPriority(key: string): boolean {
  return key === 'Backspace' || key === 'Delete';
}
