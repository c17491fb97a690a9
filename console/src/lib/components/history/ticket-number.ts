// Ticket numbers as dispatchers type them into the global search: "T261125-7K3QX2", lower case,
// without the dash or with spaces (pipeline/ids.ts makes them: T + yymmdd + '-' + 6 of Crockford
// base32). Pure.

const NUMBER_RE = /^T(\d{6})([0-9A-HJKMNP-TV-Z]{6})$/;

/** The ticket number a search text is exactly (normalised), else undefined. */
export function exactTicketNumber(text: string): string | undefined {
  const compact = text.replace(/[\s-]/g, '').toUpperCase();
  const m = NUMBER_RE.exec(compact);
  return m ? `T${m[1]}-${m[2]}` : undefined;
}

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  isComposing?: boolean;
}

/** `/` (no modifier, not while typing in a field) focuses the search. */
export function focusesSearch(e: KeyLike, typing: boolean): boolean {
  return e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey && e.isComposing !== true;
}
