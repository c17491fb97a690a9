// The memory benchmark's way to make a Node broker collect its garbage: the process runs with
// `--inspect=127.0.0.1:<port>` (given through NODE_OPTIONS) and we ask its inspector for
// HeapProfiler.collectGarbage, a full, compacting GC. Without it an idle server may hold on to the
// garbage of the connect storm for minutes (no allocation, no GC), and RSS says little.
import WebSocket from 'ws';

interface InspectorTarget {
  webSocketDebuggerUrl?: string;
}

/** Runs `rounds` full GCs in the process listening for the inspector on 127.0.0.1:port. */
export async function forceGc(port: number, rounds = 2, timeoutMs = 30_000): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/json/list`, { signal: AbortSignal.timeout(timeoutMs) });
  const targets = (await res.json()) as InspectorTarget[];
  const url = targets.find((t) => t.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no inspector target on port ${port}`);
  const ws = new WebSocket(url);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('inspector: no connection')), timeoutMs);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve();
      });
      ws.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    for (let id = 1; id <= rounds; id++) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('inspector: collectGarbage timed out')), timeoutMs);
        const onMessage = (data: WebSocket.RawData) => {
          const text = Array.isArray(data)
            ? Buffer.concat(data)
            : Buffer.isBuffer(data)
              ? data
              : Buffer.from(new Uint8Array(data));
          const m = JSON.parse(text.toString('utf8')) as { id?: number; error?: { message: string } };
          if (m.id !== id) return;
          clearTimeout(timer);
          ws.off('message', onMessage);
          if (m.error) reject(new Error(`inspector: ${m.error.message}`));
          else resolve();
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
      });
    }
  } finally {
    ws.close();
  }
}
