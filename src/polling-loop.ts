// One loop for everything phonebot does again and again in the background: the provisioning worker and
// the Slack outbox (run, then sleep until the next poll or a kick), the bulk import monitor and the
// housekeeping timer (a fixed grid, as setInterval: a run still going when the next one is due skips it).
// Runs never overlap, a failed run is logged and the loop goes on, and stop() waits for the run in progress.
import type { Logger } from './log.js';

export interface PollingLoopOptions {
  intervalMs: number;
  /**
   * 'after' (default): the next run starts intervalMs after the last one ended, sooner when woken.
   * 'rate': runs on a grid of intervalMs from start(); a run still going when the next is due skips it.
   */
  pace?: 'after' | 'rate';
  /** First run at start() (default), or one interval later. */
  runAtStart?: boolean;
  /** Let the process exit while the loop sleeps (timers that must not keep a CLI run alive). */
  unref?: boolean;
  log: Pick<Logger, 'warn'>;
  /** Logged, with the error, when a run throws. */
  failureMessage: string;
}

/** A run returns true when there is more to do at once (no sleep before the next run). */
export type PollingRun = () => Promise<boolean | void>;

export class PollingLoop {
  private running = false;
  private loop?: Promise<void>;
  private wakeSleep?: () => void;
  private kicked = false;
  private startedAt = 0;

  constructor(
    private readonly runOnce: PollingRun,
    private readonly opts: PollingLoopOptions,
  ) {}

  get started(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startedAt = Date.now();
    this.loop = this.run();
  }

  /** Run again as soon as possible: now when sleeping, right after the current run otherwise. */
  kick(): void {
    this.kicked = true;
    this.wake();
  }

  /** Ends the current sleep (a kick that is not remembered when a run is in progress). */
  wake(): void {
    this.wakeSleep?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    if (this.opts.runAtStart === false) await this.sleep();
    while (this.running) {
      // A kick that arrives during the run is seen below, not lost.
      this.kicked = false;
      let again = false;
      try {
        again = (await this.runOnce()) === true;
      } catch (err) {
        this.opts.log.warn({ err: err instanceof Error ? err.message : String(err) }, this.opts.failureMessage);
      }
      if (!this.running) return;
      if (again || this.kicked) continue;
      await this.sleep();
    }
  }

  private sleep(): Promise<void> {
    const every = this.opts.intervalMs;
    const ms = this.opts.pace === 'rate' ? every - ((Date.now() - this.startedAt) % every) : every;
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeSleep = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (this.opts.unref) timer.unref();
      this.wakeSleep = done;
    });
  }
}
