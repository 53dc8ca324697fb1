import type { RecordedCall, WaitForOptions } from './types.js';

const DEFAULT_TIMEOUT_MS = 3000;
const DEFAULT_INTERVAL_MS = 10;
const SUMMARY_CALLS = 15;

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

export function summarizeCalls(calls: readonly RecordedCall[]): string {
  if (calls.length === 0) return '  (no Web API calls recorded)';
  return calls
    .slice(-SUMMARY_CALLS)
    .map((c) => {
      const outcome = c.response?.ok === true ? 'ok' : `${c.status} ${String(c.response?.error ?? '')}`.trim();
      return `  ${c.at.toISOString().slice(11, 23)} ${c.method} ${clip(JSON.stringify(c.args), 200)} → ${outcome}`;
    })
    .join('\n');
}

/**
 * Polls instead of subscribing: Bolt acks before listeners finish, so the state tests want appears
 * some time after the HTTP response, and a predicate over fake state is the simplest contract.
 */
export async function pollUntil<T>(
  // An async predicate is awaited: a pending Promise is truthy and would otherwise pass at once.
  predicate: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  opts: WaitForOptions,
  calls: () => readonly RecordedCall[],
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // performance.now, not Date.now: tests may fake Date to age trigger ids.
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (performance.now() >= deadline) {
      const what = opts.message ?? 'waitFor: condition not met';
      throw new Error(`${what} (after ${timeoutMs} ms)\nRecent Slack calls:\n${summarizeCalls(calls())}`);
    }
    await new Promise((resolve) => setTimeout(resolve, opts.intervalMs ?? DEFAULT_INTERVAL_MS));
  }
}
