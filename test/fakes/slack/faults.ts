import type { FaultSpec } from './types.js';

export interface FaultReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Pending injected failures, consumed first-in first-out per matching request. */
export class FaultQueue {
  private readonly pending: Array<{ spec: FaultSpec; remaining: number }> = [];

  add(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (times > 0) this.pending.push({ spec, remaining: times });
  }

  clear(): void {
    this.pending.length = 0;
  }

  /** `'*'` stands for every Web API method but not for the extra routes (downloads, uploads, response_url). */
  take(target: string, isApiMethod: boolean): FaultSpec | undefined {
    const i = this.pending.findIndex((f) => f.spec.method === target || (isApiMethod && f.spec.method === '*'));
    const entry = this.pending[i];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.pending.splice(i, 1);
    return entry.spec;
  }
}

export function faultReply(spec: FaultSpec): FaultReply {
  const json = { 'content-type': 'application/json; charset=utf-8' };
  switch (spec.kind) {
    case 'ratelimited':
      return {
        status: 429,
        headers: { ...json, 'retry-after': String(spec.retryAfter ?? 1) },
        body: JSON.stringify({ ok: false, error: 'ratelimited' }),
      };
    case 'http': {
      const status = spec.status ?? 500;
      return {
        status,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body: `fake slack: injected HTTP ${status}`,
      };
    }
    case 'error':
      return { status: 200, headers: json, body: JSON.stringify({ ok: false, error: spec.error ?? 'internal_error' }) };
  }
}
