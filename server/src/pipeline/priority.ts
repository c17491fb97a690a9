// Suggested priority of a hand-opened ticket from its category and words (a dispatcher may override):
// the most urgent phrase of the table (priority-phrases.ts) the description contains, else the
// category's own priority (devices/lib/categories.ts). A phrase only ever raises the priority.
import { categoryPriority } from '../../../devices/lib/categories';
import type { Priority } from '../store/store';
import { matchPhrases, type PhraseMatch } from './priority-phrases';

export interface PrioritySuggestion {
  priority: Priority;
  /** The phrase that decided it, and the words it was found as; undefined when the category did. */
  phrase: PhraseMatch | undefined;
}

export function explainPriority(category: string, description: string): PrioritySuggestion {
  const byCategory = categoryPriority(category);
  const top = matchPhrases(description)[0];
  if (top && top.phrase.priority < byCategory) return { priority: top.phrase.priority, phrase: top };
  return { priority: byCategory, phrase: undefined };
}

export function suggestPriority(category: string, description: string): Priority {
  return explainPriority(category, description).priority;
}
