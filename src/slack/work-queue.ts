// Work that follows an acknowledgement runs a few at a time: a burst of a hundred commands is acked at
// once and then worked through, instead of a hundred validations competing with the acks for the one
// event loop (Slack needs each ack within 3 s; phonebot aims for 100 ms).
export class WorkQueue {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly concurrency: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
