import type { RateLimitLabel, RatePlan } from './types.js';

type Family = 'phone' | 'general';

/** Requests per window (1 s; 60 s for Resource-intensive), docs/reference/zoom-api.md §3.2 / §3.3. */
const LIMITS: Record<RatePlan, Record<Family, Record<RateLimitLabel, number>>> = {
  pro: {
    general: { Light: 30, Medium: 20, Heavy: 10, 'Resource-intensive': 10 },
    phone: { Light: 20, Medium: 10, Heavy: 5, 'Resource-intensive': 5 },
  },
  business: {
    general: { Light: 80, Medium: 60, Heavy: 40, 'Resource-intensive': 20 },
    phone: { Light: 40, Medium: 20, Heavy: 10, 'Resource-intensive': 10 },
  },
};

/** Heavy and Resource-intensive share one daily cap per family. */
const SHARED_DAILY_CAP: Record<RatePlan, Record<Family, number>> = {
  pro: { general: 30_000, phone: 15_000 },
  business: { general: 60_000, phone: 30_000 },
};

export const DEFAULT_DAILY_USER_CREATE_CAP: Record<RatePlan, number> = { pro: 1_500, business: 10_000 };

export const PER_SECOND_MESSAGE = 'You have reached the maximum per-second rate limit for this API. Try again later.';
export const DAILY_MESSAGE =
  'You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.';

export type RateDecision =
  | { ok: true; headers: Record<string, string> }
  | {
      ok: false;
      type: 'QPS' | 'Daily-limit';
      headers: Record<string, string>;
      body: { code: number; message: string };
    };

/**
 * Token bucket: capacity = one window's worth, refilled continuously. A client pacing at exactly the
 * documented rate never drains it, while a burst gets `capacity` requests through and then 429s.
 */
class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly capacity: number,
    private readonly windowMs: number,
  ) {
    this.tokens = capacity;
    this.last = performance.now();
  }

  take(): boolean {
    const t = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) * this.capacity) / this.windowMs);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  get remaining(): number {
    return Math.max(0, Math.floor(this.tokens));
  }
}

export interface RateLimiterOptions {
  plan: RatePlan;
  enabled: boolean;
  headers: boolean;
  now: () => Date;
  dailyUserCreateCap: number;
  overrides?: Partial<Record<Family, Partial<Record<RateLimitLabel, number>>>>;
}

/** Per-account limits; the emulator holds one account, so one limiter. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly daily = new Map<string, number>();

  constructor(private readonly opts: RateLimiterOptions) {}

  limit(family: Family, label: RateLimitLabel): number {
    return this.opts.overrides?.[family]?.[label] ?? LIMITS[this.opts.plan][family][label];
  }

  /** Consumes one request from the (family, label) bucket and, for Heavy/Resource-intensive, the daily cap. */
  check(family: Family, label: RateLimitLabel): RateDecision {
    if (!this.opts.enabled) return { ok: true, headers: {} };
    const shared = label === 'Heavy' || label === 'Resource-intensive';
    if (shared) {
      const cap = SHARED_DAILY_CAP[this.opts.plan][family];
      if (this.dailyCount(`${family}:shared`) >= cap) return this.dailyDenied(label, cap);
    }
    const bucket = this.bucket(family, label);
    if (!bucket.take()) {
      return {
        ok: false,
        type: 'QPS',
        body: { code: 429, message: PER_SECOND_MESSAGE },
        headers: this.opts.headers
          ? {
              'X-RateLimit-Category': label,
              'X-RateLimit-Type': 'QPS',
              'X-RateLimit-Limit': String(bucket.capacity),
              'X-RateLimit-Remaining': '0',
            }
          : {},
      };
    }
    if (shared) this.bumpDaily(`${family}:shared`);
    return {
      ok: true,
      headers: this.opts.headers
        ? {
            'X-RateLimit-Category': label,
            'X-RateLimit-Limit': String(bucket.capacity),
            'X-RateLimit-Remaining': String(bucket.remaining),
          }
        : {},
    };
  }

  /** The POST /users action=create daily cap counts requests, not successful creations (the spec says "requests per day"). */
  checkUserCreate(label: RateLimitLabel): RateDecision {
    if (!this.opts.enabled) return { ok: true, headers: {} };
    const cap = this.opts.dailyUserCreateCap;
    if (this.dailyCount('user-create') >= cap) return this.dailyDenied(label, cap);
    this.bumpDaily('user-create');
    return { ok: true, headers: {} };
  }

  private bucket(family: Family, label: RateLimitLabel): TokenBucket {
    const key = `${family}:${label}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = new TokenBucket(this.limit(family, label), label === 'Resource-intensive' ? 60_000 : 1_000);
      this.buckets.set(key, b);
    }
    return b;
  }

  private dayKey(): string {
    return this.opts.now().toISOString().slice(0, 10);
  }

  private dailyCount(name: string): number {
    return this.daily.get(`${this.dayKey()}:${name}`) ?? 0;
  }

  private bumpDaily(name: string): void {
    const key = `${this.dayKey()}:${name}`;
    this.daily.set(key, (this.daily.get(key) ?? 0) + 1);
  }

  /** Daily limits reset at 00:00 UTC, the only reset time Zoom ever showed (docs/reference/zoom-api.md §3.5). */
  nextMidnightUtc(): string {
    const n = this.opts.now();
    return new Date(Date.UTC(n.getUTCFullYear(), n.getUTCMonth(), n.getUTCDate() + 1))
      .toISOString()
      .replace('.000Z', 'Z');
  }

  private dailyDenied(label: RateLimitLabel, cap: number): RateDecision {
    return {
      ok: false,
      type: 'Daily-limit',
      body: { code: 429, message: DAILY_MESSAGE },
      headers: this.opts.headers
        ? {
            'X-RateLimit-Category': label,
            'X-RateLimit-Type': 'Daily-limit',
            'X-RateLimit-Limit': String(cap),
            'X-RateLimit-Remaining': '0',
            'Retry-After': this.nextMidnightUtc(),
          }
        : {},
    };
  }
}
