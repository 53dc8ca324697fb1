import { afterEach, describe, expect, it } from 'vitest';
import { startZoomEmulator, type ZoomEmulator } from '../../src/zoom/emulator/index.js';
import { RateLimiter } from '../../src/zoom/emulator/rate-limiter.js';
import { TestClient, type ApiResponse } from './client.js';

const PER_SECOND = {
  code: 429,
  message: 'You have reached the maximum per-second rate limit for this API. Try again later.',
};
const DAILY = {
  code: 429,
  message:
    'You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.',
};

let em: ZoomEmulator | undefined;
afterEach(async () => {
  await em?.close();
  em = undefined;
});

function burst(c: TestClient, n: number, path: string): Promise<ApiResponse[]> {
  return Promise.all(Array.from({ length: n }, () => c.call('GET', path)));
}

/** Fires `count` requests on a fixed schedule (not waiting for answers), like a client pacing at `perSecond`. */
async function paced(c: TestClient, path: string, perSecond: number, count: number): Promise<ApiResponse[]> {
  const start = performance.now();
  const interval = 1000 / perSecond;
  return Promise.all(
    Array.from(
      { length: count },
      (_, i) =>
        new Promise<ApiResponse>((resolve, reject) => {
          setTimeout(
            () => c.call('GET', path).then(resolve, reject),
            Math.max(0, start + i * interval - performance.now()),
          );
        }),
    ),
  );
}

describe('per-second limits', () => {
  it('a burst over the Pro Phone Medium limit (10/s) gets 429s with the documented body and headers', async () => {
    em = await startZoomEmulator({ plan: 'pro' });
    const c = await TestClient.create(em);
    const results = await burst(c, 25, '/phone/users');
    const ok = results.filter((r) => r.status === 200);
    const limited = results.filter((r) => r.status === 429);
    expect(ok.length).toBeGreaterThanOrEqual(10);
    expect(ok.length).toBeLessThanOrEqual(12);
    expect(ok.length + limited.length).toBe(25);
    for (const r of limited) {
      expect(r.body).toEqual(PER_SECOND);
      expect(r.headers.get('x-ratelimit-category')).toBe('Medium');
      expect(r.headers.get('x-ratelimit-type')).toBe('QPS');
      expect(r.headers.get('x-ratelimit-limit')).toBe('10');
      expect(r.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(r.headers.get('retry-after')).toBeNull();
    }
    expect(ok[0]?.headers.get('x-ratelimit-category')).toBe('Medium');
    expect(ok[0]?.headers.get('x-ratelimit-limit')).toBe('10');
    expect(em.calls.filter((k) => k.status === 429).every((k) => k.family === 'phone' && k.label === 'Medium')).toBe(
      true,
    );

    // Buckets are per (family, label): the general Medium bucket and the Phone Light bucket are untouched.
    expect((await c.call('GET', '/users')).status).toBe(200);
    expect((await c.call('GET', '/phone/users/bob@example.com')).status).toBe(200);
    // And the Phone Medium bucket refills continuously: 0.3 s buys ~3 requests.
    await new Promise((r) => setTimeout(r, 300));
    expect((await burst(c, 2, '/phone/users')).every((r) => r.status === 200)).toBe(true);
  });

  it('a client pacing at exactly the documented rate never gets a 429', async () => {
    em = await startZoomEmulator({ plan: 'business' });
    const c = await TestClient.create(em);
    // Business Phone Medium 20/s and Phone Light 40/s, each paced at 100% for 1.2 s (longer than the 1 s burst allowance).
    const [medium, light] = await Promise.all([
      paced(c, '/phone/users', 20, 24),
      paced(c, '/phone/users/bob@example.com', 40, 48),
    ]);
    expect(medium.filter((r) => r.status !== 200)).toEqual([]);
    expect(light.filter((r) => r.status !== 200)).toEqual([]);
  });

  it('refills at the documented rate: after draining, t seconds buy rate × t requests', async () => {
    em = await startZoomEmulator();
    const c = await TestClient.create(em);
    const rate = 40; // Business Phone Light
    const tDrainStart = performance.now();
    const drain = await burst(c, 60, '/phone/users/bob@example.com');
    expect(drain.some((r) => r.status === 429)).toBe(true);
    const tDrainEnd = performance.now();
    await new Promise((r) => setTimeout(r, 500));
    const tBurstStart = performance.now();
    const results = await burst(c, 40, '/phone/users/bob@example.com');
    const tBurstEnd = performance.now();
    const ok = results.filter((r) => r.status === 200).length;
    // Lower bound: tokens earned between the drain's last answer and the burst's first request (5 % slack).
    expect(ok).toBeGreaterThanOrEqual(Math.floor((0.95 * rate * (tBurstStart - tDrainEnd)) / 1000));
    // Upper bound: tokens earned since the drain began, plus the one partial token left over.
    expect(ok).toBeLessThanOrEqual(Math.ceil((rate * (tBurstEnd - tDrainStart)) / 1000) + 1);
  });

  it('the business plan has the higher table: 20 Phone Medium requests at once pass', async () => {
    em = await startZoomEmulator();
    const c = await TestClient.create(em);
    const results = await burst(c, 30, '/phone/users');
    const ok = results.filter((r) => r.status === 200).length;
    expect(ok).toBeGreaterThanOrEqual(20);
    expect(ok).toBeLessThanOrEqual(22);
  });

  it('rateLimitHeaders: false sends bare 429s', async () => {
    em = await startZoomEmulator({ plan: 'pro', rateLimitHeaders: false });
    const c = await TestClient.create(em);
    const results = await burst(c, 20, '/phone/users');
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const r of [...limited, ...results.filter((x) => x.status === 200)]) {
      expect([...r.headers.keys()].filter((h) => h.startsWith('x-ratelimit') || h === 'retry-after')).toEqual([]);
    }
    expect(limited[0]?.body).toEqual(PER_SECOND);
  });

  it('rateLimits: false never limits', async () => {
    em = await startZoomEmulator({ plan: 'pro', rateLimits: false });
    const c = await TestClient.create(em);
    expect((await burst(c, 60, '/phone/users')).every((r) => r.status === 200)).toBe(true);
  });
});

describe('daily POST /users action=create cap', () => {
  it('counts create requests per UTC day and answers the daily 429 with Retry-After at next midnight', async () => {
    let nowMs = Date.UTC(2026, 3, 1, 22, 30, 0);
    em = await startZoomEmulator({ dailyUserCreateCap: 3, now: () => new Date(nowMs), tokenTtlSeconds: 7 * 24 * 3600 });
    const c = await TestClient.create(em);
    const create = (email: string, action = 'create'): Promise<ApiResponse> =>
      c.call('POST', '/users', { body: { action, user_info: { email, type: 1, password: 'Passw0rd!x' } } });
    expect((await create('d1@example.com')).status).toBe(201);
    expect((await create('alice@example.com')).status).toBe(409); // still a request against the cap
    expect((await create('d2@example.com')).status).toBe(201);
    expect((await create('auto@example.com', 'autoCreate')).status).toBe(201); // not a create: not counted
    const denied = await create('d3@example.com');
    expect(denied.status).toBe(429);
    expect(denied.body).toEqual(DAILY);
    expect(denied.headers.get('x-ratelimit-type')).toBe('Daily-limit');
    expect(denied.headers.get('x-ratelimit-limit')).toBe('3');
    expect(denied.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(denied.headers.get('retry-after')).toBe('2026-04-02T00:00:00Z');
    expect(em.state.findUser('d3@example.com')).toBeUndefined();
    // Other calls are unaffected, and the cap resets at 00:00 UTC.
    expect((await c.call('GET', '/users')).status).toBe(200);
    nowMs = Date.UTC(2026, 3, 2, 0, 0, 1);
    expect((await create('d3@example.com')).status).toBe(201);
  });
});

// No implemented route is Heavy or Resource-intensive, so these limits are checked on the limiter itself.
describe('Heavy / Resource-intensive limits', () => {
  it('share one daily cap per family (Pro Phone: 15,000) that resets at 00:00 UTC', () => {
    let nowMs = Date.UTC(2026, 6, 4, 12, 0, 0);
    const limiter = new RateLimiter({
      plan: 'pro',
      enabled: true,
      headers: true,
      now: () => new Date(nowMs),
      dailyUserCreateCap: 1500,
      overrides: { phone: { Heavy: 1e9, 'Resource-intensive': 1e9 } },
    });
    for (let i = 0; i < 10_000; i++) expect(limiter.check('phone', 'Heavy').ok).toBe(true);
    for (let i = 0; i < 5_000; i++) expect(limiter.check('phone', 'Resource-intensive').ok).toBe(true);
    const denied = limiter.check('phone', 'Heavy');
    expect(denied).toMatchObject({ ok: false, type: 'Daily-limit', body: DAILY });
    expect(denied.headers).toEqual({
      'X-RateLimit-Category': 'Heavy',
      'X-RateLimit-Type': 'Daily-limit',
      'X-RateLimit-Limit': '15000',
      'X-RateLimit-Remaining': '0',
      'Retry-After': '2026-07-05T00:00:00Z',
    });
    expect(limiter.check('phone', 'Resource-intensive').ok).toBe(false);
    // The general family has its own cap, and Light/Medium have none.
    expect(limiter.check('general', 'Heavy').ok).toBe(true);
    expect(limiter.check('phone', 'Light').ok).toBe(true);
    nowMs = Date.UTC(2026, 6, 5, 0, 0, 0);
    expect(limiter.check('phone', 'Heavy').ok).toBe(true);
  });

  it('Resource-intensive is a per-minute bucket (Business general: 20/min)', () => {
    const limiter = new RateLimiter({
      plan: 'business',
      enabled: true,
      headers: true,
      now: () => new Date(),
      dailyUserCreateCap: 10_000,
    });
    for (let i = 0; i < 20; i++) expect(limiter.check('general', 'Resource-intensive').ok).toBe(true);
    const denied = limiter.check('general', 'Resource-intensive');
    expect(denied).toMatchObject({ ok: false, type: 'QPS', body: PER_SECOND });
    expect(denied.headers['X-RateLimit-Limit']).toBe('20');
    expect(limiter.limit('phone', 'Heavy')).toBe(10);
    expect(limiter.limit('general', 'Light')).toBe(80);
  });
});
