// Collects the Zoom calls made while a piece of work runs (the Zoom adapter records each one), so each audit entry can name the
// x-zm-trackingid of every Zoom call it caused (what Zoom support asks for).
import { AsyncLocalStorage } from 'node:async_hooks';

export interface TracedCall {
  method: string;
  path: string;
  status: number;
  trackingId?: string;
}

const storage = new AsyncLocalStorage<TracedCall[]>();

export async function traceZoomCalls<T>(fn: () => Promise<T>): Promise<{ result: T; calls: TracedCall[] }> {
  const calls: TracedCall[] = [];
  const result = await storage.run(calls, fn);
  return { result, calls };
}

/** Like traceZoomCalls but keeps the calls when `fn` throws, for the audit entry of a failure. */
export async function traceZoomCallsSettled<T>(
  fn: () => Promise<T>,
): Promise<{ ok: true; result: T; calls: TracedCall[] } | { ok: false; error: unknown; calls: TracedCall[] }> {
  const calls: TracedCall[] = [];
  try {
    const result = await storage.run(calls, fn);
    return { ok: true, result, calls };
  } catch (error) {
    return { ok: false, error, calls };
  }
}

export function recordZoomCall(call: TracedCall): void {
  storage.getStore()?.push(call);
}

export function trackingIds(calls: TracedCall[]): string[] {
  return calls.map((c) => c.trackingId).filter((t): t is string => Boolean(t));
}
