// Waiting in end-to-end tests. Bolt acknowledges before listeners finish, and the worker, the outbox and the
// jobs run on their own, so what a test looks for appears some time after the request that caused it:
// `eventually` polls for it. `settle` is the other kind of wait — on purpose, long enough for anything
// wrongly triggered to show up — before a test asserts that nothing more happened.

const INTERVAL_MS = 50;

/**
 * Polls `probe` until it returns something other than undefined, null or false, and returns that; fails
 * after `timeoutMs` naming `what` (a function is asked at that moment, so it can describe the last state
 * seen). An error thrown by `probe` ends the wait at once.
 */
export async function eventually<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string | (() => string),
  timeoutMs = 15_000,
): Promise<T> {
  // performance.now, not Date.now: a test may fake Date.
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (performance.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for: ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, INTERVAL_MS));
  }
}

/** Waits `ms` on purpose: before asserting that nothing more happened (no second post, no write), or for time to pass. */
export function settle(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
