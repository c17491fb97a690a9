// Whether the fixed ports of the local cluster are free, before anything is started: each port
// that cannot be bound on loopback is reported with the setting that moves it.
import net from 'node:net';
import { portsBySetting, type ClusterPlan } from './cluster-plan';

function inUse(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' || err.code === 'EACCES' ? resolve(true) : reject(err),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

/** One line per port in use ("port 8081 is in use: set CLUSTER_HTTP_PORT …"); none when all are free. */
export async function portsInUse(plan: ClusterPlan): Promise<string[]> {
  const problems: string[] = [];
  for (const [setting, ports] of portsBySetting(plan)) {
    for (const port of ports) {
      if (await inUse(port)) {
        problems.push(
          ports.length > 1
            ? `port ${port} is in use: set ${setting} (the first of ${ports.length} consecutive ports) to another base`
            : `port ${port} is in use: set ${setting} to another port (0: a free one)`,
        );
      }
    }
  }
  return problems;
}
