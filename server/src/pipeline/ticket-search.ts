// The search text of GET /api/tickets?q= (api.md: "`q` searches ticket number, phone, address,
// description, device and compound names"): the LIKE/ILIKE patterns both stores bind. Pure.
//
// Matching is a case-insensitive substring over each field. The ticket number and phone numbers are
// also compared "compact", without the spaces and dashes people type or read out: "7k3qx2",
// "2611257K3QX2" and "t261125 7k3qx2" all find T261125-7K3QX2, and "138 0013 8000" finds
// 13800138000 (and "0537 4412345" finds 0537-4412345).

/** The escape character of every pattern (`LIKE … ESCAPE '\'`). */
export const LIKE_ESCAPE = '\\';

export interface SearchPatterns {
  /** `%text%` with `\`, `%` and `_` escaped: matches the text anywhere, literally. */
  text: string;
  /** The same without whitespace and dashes, for numbers compared compact (ticket id, phones). */
  compact: string;
}

/** Escapes the LIKE wildcards so user input only ever matches itself. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => LIKE_ESCAPE + c);
}

/** Text and compact patterns of a (trimmed, non-empty) search text. */
export function searchPatterns(q: string): SearchPatterns {
  const text = q.trim();
  const compact = compactNumber(text);
  return {
    text: `%${escapeLike(text)}%`,
    compact: `%${escapeLike(compact === '' ? text : compact)}%`,
  };
}

/** A ticket or phone number as typed, without whitespace and dashes. */
export function compactNumber(s: string): string {
  return s.replace(/[\s\-‐-―－]/g, '');
}
