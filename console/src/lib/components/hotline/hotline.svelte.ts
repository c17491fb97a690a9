// The hotline form's page-level state, shared by the form, the map's pick layer and the launcher:
// whether the form is open, whether the map is waiting for a click, the picked point, and the short
// confirmation shown after a ticket was created or a report linked.
import type { GeoPoint } from '../../map/pick';
import { isTypingTarget, opensHotline } from './keys';

const NOTICE_MS = 6000;

export class Hotline {
  open = $state(false);
  /** The map is in "pick a point" mode: the next click sets `point`. */
  picking = $state(false);
  point = $state.raw<GeoPoint | undefined>();
  notice = $state('');
  /** Bumped to ask the open form to put the focus back in its first field. */
  focusRequest = $state(0);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #returnTo: HTMLElement | undefined;

  show(): void {
    if (this.open) {
      this.focusRequest++;
      return;
    }
    const active = document.activeElement;
    this.#returnTo = active instanceof HTMLElement && active !== document.body ? active : undefined;
    this.picking = false;
    this.point = undefined;
    this.open = true;
  }

  /** Closes the form; the focus goes back to where it was before it opened. */
  close(): void {
    this.#reset();
    const back = this.#returnTo;
    this.#returnTo = undefined;
    if (back?.isConnected) back.focus();
  }

  /** A click on the map while picking (bound, to be handed to the map layer as it is). */
  readonly pick = (p: GeoPoint): void => {
    if (!this.picking) return;
    this.point = p;
    this.picking = false;
  };

  /** Closes the form after a ticket was created or a report linked, and says so for a few seconds. */
  done(message: string): void {
    this.#reset();
    this.#returnTo = undefined;
    this.notice = message;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => (this.notice = ''), NOTICE_MS);
  }

  /**
   * The page's keydown (keys pressed inside the form never get here): N or F2 opens the form for
   * those allowed to create tickets; Esc leaves map-pick mode while the focus is on the map.
   */
  pageKey(e: KeyboardEvent, allowed: boolean): void {
    if (!allowed || e.defaultPrevented) return;
    if (e.key === 'Escape' && this.picking) {
      e.preventDefault();
      this.picking = false;
      return;
    }
    if (!opensHotline(e, isTypingTarget(e.target))) return;
    // Also keeps the N from being typed into the name field that takes the focus.
    e.preventDefault();
    this.show();
  }

  #reset(): void {
    this.open = false;
    this.picking = false;
    this.point = undefined;
  }
}
