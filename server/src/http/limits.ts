// Limits of the HTTP listener against slow or piled-up connections: a request must send its headers
// within HTTP_HEADERS_TIMEOUT_MS and finish within HTTP_REQUEST_TIMEOUT_MS, and one remote address may
// hold at most HTTP_MAX_CONN_PER_ADDR open connections (the rest are closed at once), so half-open
// requests from one client cannot use up the process's file descriptors; and at most maxConnections
// in all, so HTTP clients together cannot take the descriptors devices need.
import http from 'node:http';
import type { Server as NetServer, Socket } from 'node:net';

export interface HttpLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxConnectionsPerAddress: number;
  /** Open connections in all (Node closes more at once), so HTTP leaves the rest of the fds to MQTT. */
  maxConnections?: number;
}

/** An HTTP server for `handler` with the limits applied. */
export function createLimitedServer(handler: http.RequestListener, limits: HttpLimits): http.Server {
  // Node refuses a headers timeout longer than the request timeout: the headers are part of the request.
  const headersTimeout = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  const server = http.createServer(
    {
      headersTimeout,
      requestTimeout: limits.requestTimeoutMs,
      // How often Node checks those timeouts (default 30 s, which would let a slow client stay 3× longer).
      connectionsCheckingInterval: Math.max(100, Math.min(1000, headersTimeout / 2)),
    },
    handler,
  );
  server.keepAliveTimeout = 5_000;
  if (limits.maxConnections !== undefined) server.maxConnections = limits.maxConnections;
  capPerAddress(server, limits.maxConnectionsPerAddress);
  return server;
}

/**
 * Closes a new connection at once when its address already holds `max` (before any request or TLS
 * work is done for it), so half-open connections from one client cannot use up the file descriptors.
 */
export function capPerAddress(server: NetServer, max: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '?';
    const n = (open.get(address) ?? 0) + 1;
    if (n > max) {
      socket.destroy();
      return;
    }
    open.set(address, n);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
