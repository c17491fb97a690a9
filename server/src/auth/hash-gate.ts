// A bound on human-login password hashing. scrypt runs on libuv's thread pool (4 threads by default),
// which device connects, file access and DNS share: at most `concurrency` login hashes run at once,
// at most `queue` more wait, and beyond that a login is refused at once (429) instead of piling up.
export interface HashGateLimits {
  concurrency: number;
  queue: number;
}

export class HashGateFull extends Error {
  constructor() {
    super('too many logins are being checked right now');
  }
}

export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limits: HashGateLimits) {}

  /** Runs `task` when a slot is free; rejects with HashGateFull, without running it, when the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.concurrency) {
      if (this.waiting.length >= this.limits.queue) throw new HashGateFull();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Logins hashing now and waiting for a slot. */
  load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
