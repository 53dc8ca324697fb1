// The Zoom client against the emulator: OAuth caching and refresh, error mapping, retries that never
// repeat an unconfirmed write, pacing under the published rate limits, pagination.
import { afterEach, describe, expect, it } from 'vitest';
import { ZoomApi } from '../../src/zoom/api.js';
import { type ZoomEmulator, defaultSeed, startZoomEmulator } from '../../src/zoom/emulator/index.js';
import { ZoomApiError, ZoomUncertainError } from '../../src/domain/zoom-errors.js';
import { parseRetryAfter, ZoomHttp } from '../../src/zoom/http.js';
import { TokenProvider } from '../../src/zoom/oauth.js';
import { traceZoomCalls } from '../../src/domain/zoom-call-trace.js';

let emu: ZoomEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function client(
  opts: {
    seed?: Parameters<typeof startZoomEmulator>[0] extends infer O ? (O extends { seed?: infer S } ? S : never) : never;
    timeoutMs?: number;
    rateLimitOverrides?: object;
  } = {},
) {
  emu = await startZoomEmulator({ seed: opts.seed ?? 'default', rateLimitOverrides: opts.rateLimitOverrides as never });
  const tokens = new TokenProvider({
    oauthUrl: emu.oauthUrl,
    accountId: 'emu-account',
    clientId: 'emu-client-id',
    clientSecret: 'emu-client-secret',
  });
  const http = new ZoomHttp({
    apiUrl: emu.apiUrl,
    tokens,
    plan: 'business',
    timeoutMs: opts.timeoutMs ?? 5_000,
    sleepImpl: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))),
  });
  return { api: new ZoomApi(http), emu };
}

const oauthCalls = () => emu!.calls.filter((c) => c.family === 'oauth').length;

describe('authentication', () => {
  it('fetches one token for many concurrent calls and reuses it', async () => {
    const { api } = await client();
    await Promise.all([api.findUser('alice@example.com'), api.findUser('bob@example.com'), api.listCallingPlans()]);
    await api.findUser('carol@example.com');
    expect(oauthCalls()).toBe(1);
  });

  it('on 401/124 refreshes the token once and retries', async () => {
    const { api } = await client();
    await api.findUser('alice@example.com');
    emu!.expireTokens();
    const user = await api.findUser('alice@example.com');
    expect(user?.email).toBe('alice@example.com');
    expect(oauthCalls()).toBe(2);
  });

  it('reports bad credentials clearly', async () => {
    emu = await startZoomEmulator();
    const tokens = new TokenProvider({
      oauthUrl: emu.oauthUrl,
      accountId: 'emu-account',
      clientId: 'emu-client-id',
      clientSecret: 'wrong',
    });
    const api = new ZoomApi(new ZoomHttp({ apiUrl: emu.apiUrl, tokens, plan: 'business' }));
    await expect(api.findUser('alice@example.com')).rejects.toThrow(/Zoom refused the credentials.*ZOOM_CLIENT_SECRET/);
  });
});

describe('errors', () => {
  it('maps Zoom errors to status, code, message and tracking id', async () => {
    const { api } = await client();
    const err = await api.createUser({ email: 'alice@example.com' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZoomApiError);
    const e = err as ZoomApiError;
    expect([e.status, e.code]).toEqual([409, 1005]);
    expect(e.message).toMatch(/already been used/);
    expect(e.trackingId).toBeTruthy();
  });

  it('treats "no such user" as absent, not as an error', async () => {
    const { api } = await client();
    expect(await api.findUser('nobody@example.com')).toBeUndefined();
    expect(await api.findPhoneUser('alice@example.com')).toBeUndefined();
  });

  it('records the tracking id of every call made inside a trace', async () => {
    const { api } = await client();
    const { calls } = await traceZoomCalls(async () => {
      await api.findUser('alice@example.com');
      await api.listCallingPlans();
    });
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c.trackingId)).toBe(true);
  });
});

describe('retries', () => {
  it('retries a read after 5xx, connection reset and an empty body', async () => {
    const { api } = await client();
    emu!.injectFault({ method: 'GET', path: '/phone/calling_plans', kind: 'status', status: 503 });
    emu!.injectFault({ method: 'GET', path: '/phone/calling_plans', kind: 'reset' });
    emu!.injectFault({ method: 'GET', path: '/phone/calling_plans', kind: 'empty' });
    const plans = await api.listCallingPlans();
    expect(plans.length).toBeGreaterThan(0);
    expect(emu!.calls.filter((c) => c.path.endsWith('/phone/calling_plans'))).toHaveLength(4);
  });

  it('retries 429s, honouring Retry-After in seconds or as a date', async () => {
    const { api } = await client();
    emu!.injectFault({
      method: 'GET',
      path: '/phone/sites',
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '0' },
    });
    emu!.injectFault({
      method: 'GET',
      path: '/phone/sites',
      kind: 'status',
      status: 429,
      headers: { 'retry-after': new Date(Date.now() + 200).toUTCString() },
    });
    emu!.injectFault({ method: 'GET', path: '/phone/sites', kind: 'status', status: 429 });
    const started = Date.now();
    expect((await api.listSites()).length).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(emu!.calls.filter((c) => c.path.endsWith('/phone/sites'))).toHaveLength(4);
  });

  it('retries a write refused with 429 (Zoom did not apply it)', async () => {
    const { api } = await client();
    emu!.injectFault({ method: 'POST', path: '/users', kind: 'status', status: 429 });
    const created = await api.createUser({ email: 'new1@example.com' });
    expect(created.id).toBeTruthy();
    expect(emu!.state.findUser('new1@example.com')?.status).toBe('pending');
    expect(emu!.calls.filter((c) => c.method === 'POST' && c.path === '/v2/users').map((c) => c.status)).toEqual([
      429, 201,
    ]);
  });

  it('never repeats a write whose answer was lost; it reports it as uncertain', async () => {
    const { api } = await client();
    emu!.injectFault({ method: 'POST', path: '/users', kind: 'reset', afterEffect: true });
    const err = await api.createUser({ email: 'new2@example.com' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZoomUncertainError);
    expect(emu!.calls.filter((c) => c.method === 'POST' && c.path === '/v2/users')).toHaveLength(1);
    // It was applied: the caller must read before trying again.
    expect(emu!.state.findUser('new2@example.com')).toBeDefined();
  });

  it('reports a write answered with 500 as uncertain, without retrying', async () => {
    const { api } = await client();
    emu!.injectFault({ method: 'PATCH', path: /\/phone\/users\//, kind: 'status', status: 500 });
    await expect(api.updatePhoneUser('bob@example.com', { extensionNumber: '1555' })).rejects.toBeInstanceOf(
      ZoomUncertainError,
    );
    expect(emu!.calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
  });

  it('times out a call that never answers', async () => {
    const { api } = await client({ timeoutMs: 300 });
    emu!.injectFault({ method: 'PATCH', path: /\/phone\/users\//, kind: 'timeout' });
    await expect(api.updatePhoneUser('bob@example.com', { extensionNumber: '1556' })).rejects.toThrow(/timed out/);
  });

  it('parses Retry-After as seconds, HTTP date or ISO time', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('2026-01-01T00:00:05Z', now)).toBe(5000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:02 GMT', now)).toBe(2000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('pacing and pagination', () => {
  it('paces a burst under the per-second limit instead of drawing 429s', async () => {
    const { api } = await client();
    // 60 Light Phone calls at Business+ (40/s): sent at once they would exceed the bucket.
    const started = Date.now();
    await Promise.all(Array.from({ length: 60 }, () => api.findPhoneUser('bob@example.com')));
    const statuses = emu!.calls.filter((c) => c.path.includes('/phone/users/')).map((c) => c.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(0);
    expect(Date.now() - started).toBeGreaterThan(500);
  });

  it('follows next_page_token to the last page', async () => {
    const numbers = Array.from({ length: 230 }, (_, i) => ({
      id: `Num${String(i).padStart(4, '0')}AAAAAAAAAAAAAA`,
      number: `+1415556${String(1000 + i)}`,
      numberType: 'toll' as const,
      location: { country: 'US' },
    }));
    const { api } = await client({ seed: { ...defaultSeed, numbers, users: [] } });
    const seen: string[] = [];
    for await (const n of api.listPhoneNumbers('all')) seen.push(n.number);
    expect(seen).toHaveLength(230);
    expect(new Set(seen).size).toBe(230);
    // Number Management pages hold up to 200 numbers.
    expect(emu!.calls.filter((c) => c.path.endsWith('/number_management/numbers')).length).toBe(2);
  });
});
