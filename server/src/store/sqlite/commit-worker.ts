// The commit worker's thread: a second connection to the store file that runs the group commit and the
// telemetry compaction, so neither blocks the server's event loop. Driven by CommitWorker (commit-client.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { prepareCommit } from './commit';
import type { FromWorker, ToWorker, WorkerOptions } from './commit-client';
import { openDatabase } from './open';
import { prepareTelemetry } from './telemetry';

const port = parentPort;
if (!port) throw new Error('commit-worker.ts runs only as a worker thread');
const opts = workerData as WorkerOptions;
const db = openDatabase(opts.file, false);
const commit = prepareCommit(db);
const telemetry = prepareTelemetry(db, opts.compactChunkRows);
let closing = false;
let compacting: Promise<unknown> = Promise.resolve();

function reply(m: FromWorker): void {
  port?.postMessage(m);
}

function failure(seq: number, error: unknown): FromWorker {
  const e = error instanceof Error ? error : new Error(String(error));
  const code = (e as { code?: unknown }).code;
  return { seq, ok: false, name: e.name, message: e.message, ...(typeof code === 'string' && { code }) };
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'commit':
      try {
        reply({ seq: m.seq, ok: true, committed: commit(m.rows) });
      } catch (error) {
        reply(failure(m.seq, error));
      }
      return;
    case 'compact': {
      const run = telemetry.compact(m.policy, () => !closing && db.open);
      compacting = run.then(
        (compacted) => reply({ seq: m.seq, ok: true, compacted }),
        (error: unknown) => reply(failure(m.seq, error)),
      );
      return;
    }
    case 'close':
      closing = true;
      void compacting.then(() => {
        if (db.open) db.close();
        port.close();
      });
      return;
  }
});
