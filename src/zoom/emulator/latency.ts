// How slowly the emulated Zoom answers. Set at start (--latency, latencyMs) or changed while running
// (setLatency, POST /_emulator/latency), so a test can make Zoom slow at the moment it matters: Slack's 3 s
// window must hold however long Zoom takes.
import type { Latency } from './types.js';

export function checkLatency(l: Latency): void {
  const ok = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 600_000;
  if (typeof l === 'number' ? !ok(l) : !(ok(l.min) && ok(l.max) && l.min <= l.max)) {
    throw new Error('latency must be milliseconds (0–600000) or { min, max } with min <= max');
  }
}

/** `{ "ms": 3000 }`, `{ "min": 100, "max": 400 }`, or `{}` for the start-up setting. */
export function latencyFromJson(body: Record<string, unknown>): Latency | undefined {
  if (body.ms !== undefined) return body.ms as number;
  if (body.min !== undefined || body.max !== undefined) return { min: body.min as number, max: body.max as number };
  return undefined;
}
