// A tiny history router: a few pages, no nesting. The server answers every non-API path with
// index.html (SPA fallback), so a reload on /tech or /manager lands here too.
export const ROUTES = ['/', '/login', '/tech', '/manager', '/audit', '/duty', '/notifications'] as const;
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

  navigate(to: Route, opts: { replace?: boolean } = {}): void {
    if (location.pathname !== to) {
      if (opts.replace) history.replaceState(null, '', to);
      else history.pushState(null, '', to);
    }
    this.route = to;
  }
}

export const router = new Router();
