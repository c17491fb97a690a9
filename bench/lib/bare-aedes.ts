// The bare broker the ingest and memory benchmarks compare with: an aedes 1.2 broker with default options in its own process
// (`node --import tsx bench/lib/bare-aedes.ts`), on a free 127.0.0.1 port, told to the parent
// over IPC as `{ type: 'listening', port }`. Stops on SIGTERM or when the parent goes away.
import net from 'node:net';
import { Aedes } from 'aedes';

export interface AedesListening {
  type: 'listening';
  port: number;
}

const aedes = new Aedes();
await aedes.listen();
const server = net.createServer((socket) => aedes.handle(socket));
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  if (addr && typeof addr === 'object') process.send?.({ type: 'listening', port: addr.port });
});

function stop(): void {
  server.close();
  aedes.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', stop);
process.on('disconnect', stop);
