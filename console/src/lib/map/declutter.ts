// Van labels must not pile up: a cheap screen-space declutter. Each label sits to the right of its
// marker; labels are placed in order of importance and one that would overlap a label already
// placed, or another van's marker, is hidden. Pure: positions in container pixels come in.

export interface LabelCandidate {
  id: string;
  /** The marker's centre, container pixels. */
  x: number;
  y: number;
  /** The label's size, pixels (an estimate is fine). */
  w: number;
  h: number;
  /** Higher is placed first (a busy van's label wins over an idle one's). */
  priority: number;
}

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Label offset from the marker centre and the marker's half size, matching VansLayer's icon. */
export const LABEL_GAP_PX = 15;
export const MARKER_HALF_PX = 13;
const CELL = 64;

const overlaps = (a: Rect, b: Rect) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** A uniform grid of rectangles, so each test looks at neighbours only. */
class Grid {
  readonly #cells = new Map<number, { rect: Rect; owner: string }[]>();

  #keys(r: Rect, fn: (key: number) => void): void {
    for (let cx = Math.floor(r.x0 / CELL); cx <= Math.floor(r.x1 / CELL); cx++)
      for (let cy = Math.floor(r.y0 / CELL); cy <= Math.floor(r.y1 / CELL); cy++) fn(cx * 100_003 + cy);
  }

  add(rect: Rect, owner: string): void {
    this.#keys(rect, (k) => {
      const cell = this.#cells.get(k);
      if (cell) cell.push({ rect, owner });
      else this.#cells.set(k, [{ rect, owner }]);
    });
  }

  hits(rect: Rect, except: string): boolean {
    let hit = false;
    this.#keys(rect, (k) => {
      if (hit) return;
      for (const o of this.#cells.get(k) ?? []) {
        if (o.owner !== except && overlaps(rect, o.rect)) {
          hit = true;
          return;
        }
      }
    });
    return hit;
  }
}

/** The ids whose labels to show. */
export function declutter(items: readonly LabelCandidate[]): Set<string> {
  const markers = new Grid();
  for (const it of items) {
    markers.add(
      {
        x0: it.x - MARKER_HALF_PX,
        y0: it.y - MARKER_HALF_PX,
        x1: it.x + MARKER_HALF_PX,
        y1: it.y + MARKER_HALF_PX,
      },
      it.id,
    );
  }
  const labels = new Grid();
  const shown = new Set<string>();
  const order = [...items].sort(
    (a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const it of order) {
    const rect = {
      x0: it.x + LABEL_GAP_PX,
      y0: it.y - it.h / 2,
      x1: it.x + LABEL_GAP_PX + it.w,
      y1: it.y + it.h / 2,
    };
    if (labels.hits(rect, it.id) || markers.hits(rect, it.id)) continue;
    labels.add(rect, it.id);
    shown.add(it.id);
  }
  return shown;
}

/** Label width without measuring the DOM (no forced layout): wide CJK glyphs, narrow the rest. */
export function estimateLabelWidth(text: string, fontPx = 12, paddingPx = 12): number {
  let w = 0;
  for (const ch of text) w += (ch.codePointAt(0) ?? 0) > 0x2e80 ? fontPx : fontPx * 0.6;
  return Math.ceil(w + paddingPx);
}
