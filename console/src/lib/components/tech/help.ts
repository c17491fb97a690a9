// "Need help": the technician asks for a second van, a supervisor or parts. The contract has no
// event for it, so it is a timeline `note` whose text starts with HELP_PREFIX; the dispatcher's
// console recognises it by that prefix (helpRequest). Pure.
import type { TimelineEntry } from '../../api/types';

export const HELP_PREFIX = '【请求支援】';

export const HELP_NEEDS = ['van', 'supervisor', 'parts'] as const;
export type HelpNeed = (typeof HELP_NEEDS)[number];

/** The note's text: the prefix, what is needed (in words), then the technician's own words. */
export function helpText(needs: readonly string[], said: string): string {
  const what = needs.join('、');
  const extra = said.trim();
  return `${HELP_PREFIX}${what}${extra ? `：${extra}` : ''}`;
}

/** Whether a note's text is a request for help. */
export const isHelpText = (text: unknown): boolean =>
  typeof text === 'string' && text.startsWith(HELP_PREFIX);

/**
 * The latest request for help on a ticket's timeline that is still standing: asked while the
 * ticket was worked on, not followed by resolve, cancel or a new dispatch.
 */
export function helpRequest(timeline: readonly TimelineEntry[]): { at: string; what: string } | undefined {
  let found: { at: string; what: string } | undefined;
  for (const e of timeline) {
    if (e.type === 'note' && isHelpText(e.data.text)) {
      found = { at: e.at, what: String(e.data.text).slice(HELP_PREFIX.length) };
    } else if (e.type === 'resolve' || e.type === 'cancel' || e.type === 'dispatch') found = undefined;
  }
  return found;
}
