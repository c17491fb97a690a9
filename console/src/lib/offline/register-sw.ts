// Registers the console's service worker (/sw.js, built from src/sw.ts) and says when the page is
// served by it, i.e. opens with no network. Called by the technician page.
export async function registerServiceWorker(): Promise<boolean> {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return false;
  try {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    await navigator.serviceWorker.ready;
    return true;
  } catch (err) {
    console.warn('service worker not registered', err);
    return false;
  }
}
