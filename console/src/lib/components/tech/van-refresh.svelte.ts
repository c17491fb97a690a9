// Fallback for the van's position on the technician's page: re-read it over REST while `wanted`
// (live, on a ticket) and the page is visible, as long as no fixes arrive over the socket.
import type { TechStore } from '../../state/tech.svelte';

/** Without position fixes over the socket, the van's position is re-read this often. */
export const VAN_REFRESH_MS = 20_000;

/** Call during component initialisation (it sets up an effect). */
export function keepVanFresh(store: TechStore, wanted: () => boolean): void {
  $effect(() => {
    if (!wanted()) return;
    const ctl = new AbortController();
    const timer = setInterval(() => {
      if (document.visibilityState !== 'visible' || store.fixAge(Date.now()) < VAN_REFRESH_MS) return;
      store.refreshVan(ctl.signal).catch(() => {}); // the next round, or the next resync, tries again
    }, VAN_REFRESH_MS);
    return () => {
      clearInterval(timer);
      ctl.abort();
    };
  });
}
