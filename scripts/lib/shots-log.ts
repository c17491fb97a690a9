// Progress lines of `npm run screenshots` (seconds since the start), and a plain sleep for polling.
const started = Date.now();

export const say = (msg: string): void => {
  const s = Math.round((Date.now() - started) / 1000);
  process.stdout.write(`[screenshots ${String(s).padStart(4)} s] ${msg}\n`);
};

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
