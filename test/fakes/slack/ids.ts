import { randomBytes } from 'node:crypto';

const TS_EPOCH_SECONDS = 1_700_000_000;
const TS_STEP_MICROS = 100;

/**
 * Message timestamps are deterministic and strictly increasing so tests can compare them as
 * strings (fixed width) and predict ordering, like real Slack ts values within one channel.
 */
export class TsClock {
  private micros = 0;

  next(): string {
    this.micros += TS_STEP_MICROS;
    const seconds = TS_EPOCH_SECONDS + Math.floor(this.micros / 1_000_000);
    const frac = String(this.micros % 1_000_000).padStart(6, '0');
    return `${seconds}.${frac}`;
  }
}

/** Slack-looking ids (`F0000000001`, `V0000000001`, ...): a prefix and a zero-padded counter. */
export class IdSequence {
  private n = 0;

  constructor(private readonly prefix: string) {}

  next(): string {
    this.n += 1;
    return `${this.prefix}${String(this.n).padStart(10, '0')}`;
  }
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Same three-part shape as real trigger ids, e.g. `10000000001.1700000000.8088930838d88f008e0`. */
export function makeTriggerId(seq: number): string {
  return `${10_000_000_000 + seq}.${TS_EPOCH_SECONDS}.${randomHex(10)}`;
}

export function makeViewHash(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomHex(4)}`;
}
