// A tiny history router: a few pages, no nesting. The server answers every non-API path with
// index.html (SPA fallback), so a reload on /tech or /manager lands here too.
export const ROUTES = [
  '/',
  '/login',
  '/tech',
  '/manager',
  '/audit',
  '/duty',
  '/notifications',
  '/replay',
  '/handover',
  '/integrations',
  '/report',
  '/tickets',
] as const;
export type Route = (typeof ROUTES)[number];

function known(path: string): Route | undefined {
  return ROUTES.find((r) => r === path);
}

class Router {
  /** The current page; an unknown path counts as the dispatcher page ('/'). */
  route = $state<Route>(known(location.pathname) ?? '/');

  constructor() {
    addEventListener('popstate', () => {
      this.route = known(location.pathname) ?? '/';
    });
  }

  /** `search` (e.g. `?van=van-1`) goes into the URL with the page. */
  navigate(to: Route, opts: { replace?: boolean; search?: string } = {}): void {
    const url = to + (opts.search ?? '');
    if (location.pathname + location.search !== url) {
      if (opts.replace) history.replaceState(null, '', url);
      else history.pushState(null, '', url);
    }
    this.route = to;
  }
}

export const router = new Router();
