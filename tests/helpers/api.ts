// A small HTTP client for tests: JSON in, {status, body} out.
export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export class Api {
  constructor(readonly baseUrl: string) {}

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(this.baseUrl + path, { method, headers, ...(body !== undefined && { body }) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (e.g. /metrics)
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = Record<string, unknown>>(path: string, token?: string) {
    return this.request<T>('GET', path, token ? { token } : {});
  }
  post<T = Record<string, unknown>>(path: string, body: unknown, token?: string) {
    return this.request<T>('POST', path, { body, ...(token && { token }) });
  }

  async login(username: string, password: string): Promise<string> {
    const res = await this.post<{ token: string }>('/api/auth/login', { username, password });
    if (res.status !== 200)
      throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  /** Creates a user (as admin) and returns their token. */
  async userToken(admin: string, username: string, role: string, vanId?: string): Promise<string> {
    const password = `${username}-password`;
    const res = await this.post('/api/users', { username, password, role, ...(vanId && { vanId }) }, admin);
    if (res.status !== 201)
      throw new Error(`create user ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return this.login(username, password);
  }
}
