import { afterEach, describe, expect, it } from 'vitest';
import { ALICE_ID, startZoomEmulator, type ZoomEmulator } from '../../src/zoom/emulator/index.js';
import { TestClient } from './client.js';

let em: ZoomEmulator | undefined;
afterEach(async () => {
  await em?.close();
  em = undefined;
});

async function setup(): Promise<{ em: ZoomEmulator; c: TestClient }> {
  em = await startZoomEmulator({ rateLimits: false });
  return { em, c: await TestClient.create(em) };
}

const newUser = (email: string): { body: object } => ({ body: { action: 'create', user_info: { email, type: 1 } } });

describe("kind: 'status'", () => {
  it('answers the given status instead of Zoom, without side effects, then stops after `times`', async () => {
    const { em, c } = await setup();
    em.injectFault({ method: 'POST', path: '/users', kind: 'status', status: 500, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await c.call('POST', '/users', newUser('f1@example.com'));
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ code: 500, message: 'Internal Server Error' });
      expect(res.headers.get('x-zm-trackingid')).toBeTruthy();
    }
    expect(em.state.findUser('f1@example.com')).toBeUndefined();
    expect((await c.call('POST', '/users', newUser('f1@example.com'))).status).toBe(201);
    expect(em.calls.filter((k) => k.path === '/v2/users').map((k) => [k.status, k.fault])).toEqual([
      [500, 'status'],
      [500, 'status'],
      [201, undefined],
    ]);
  });

  it('can fake a 429 with or without Retry-After, or a 503 with any body', async () => {
    const { em, c } = await setup();
    em.injectFault({ kind: 'status', status: 429, headers: { 'Retry-After': '2' } });
    em.injectFault({ kind: 'status', status: 429 });
    em.injectFault({ kind: 'status', status: 503, body: '<html>upstream unavailable</html>' });
    const a = await c.call('GET', '/users');
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBe('2');
    expect(a.body).toEqual({
      code: 429,
      message: 'You have reached the maximum per-second rate limit for this API. Try again later.',
    });
    const b = await c.call('GET', '/users');
    expect(b.status).toBe(429);
    expect(b.headers.get('retry-after')).toBeNull();
    const d = await c.call('GET', '/users');
    expect(d.status).toBe(503);
    expect(d.text).toBe('<html>upstream unavailable</html>');
    expect((await c.call('GET', '/users')).status).toBe(200);
  });

  it('matches on method and path (string = exact path, RegExp = pattern)', async () => {
    const { em, c } = await setup();
    em.injectFault({
      method: 'DELETE',
      path: /^\/v2\/phone\/users\/[^/]+\/phone_numbers\//,
      kind: 'status',
      status: 502,
    });
    em.injectFault({ method: 'GET', path: '/v2/phone/users', kind: 'status', status: 504 });
    expect((await c.call('GET', '/phone/users/bob@example.com')).status).toBe(200);
    expect(
      (
        await c.call('POST', '/phone/users/bob@example.com/phone_numbers', {
          body: { phone_numbers: [{ number: '+14155550100' }] },
        })
      ).status,
    ).toBe(200);
    expect((await c.call('DELETE', '/phone/users/bob@example.com/phone_numbers/NumUs0100AAAAAAAAAAAAA')).status).toBe(
      502,
    );
    expect(em.state.findNumber('+14155550100')?.assigneeId).toBeDefined();
    expect((await c.call('GET', '/phone/users')).status).toBe(504);
    em.injectFault({ kind: 'status', status: 500, times: 5 });
    em.clearFaults();
    expect((await c.call('GET', '/phone/users')).status).toBe(200);
  });

  it('delays the answer by delayMs', async () => {
    const { em, c } = await setup();
    em.injectFault({ kind: 'status', status: 500, delayMs: 150 });
    const t0 = performance.now();
    expect((await c.call('GET', '/users')).status).toBe(500);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('applies to the token endpoint too', async () => {
    const { em } = await setup();
    em.injectFault({ path: '/oauth/token', kind: 'status', status: 503 });
    const res = await fetch(`${em.oauthUrl}?grant_type=account_credentials&account_id=emu-account`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('emu-client-id:emu-client-secret').toString('base64')}` },
    });
    expect(res.status).toBe(503);
  });
});

describe("kind: 'reset' / 'timeout' / 'empty'", () => {
  it("'reset' drops the connection and applies nothing", async () => {
    const { em, c } = await setup();
    em.injectFault({ method: 'PATCH', kind: 'reset' });
    await expect(
      c.call('PATCH', `/users/${ALICE_ID}/settings`, { body: { feature: { zoom_phone: true } } }),
    ).rejects.toThrow();
    expect(em.state.findUser(ALICE_ID)?.zoomPhone).toBe(false);
    expect(em.calls.at(-1)).toMatchObject({ method: 'PATCH', status: 0, fault: 'reset' });
    expect((await c.call('GET', '/phone/users/alice@example.com')).status).toBe(404);
  });

  it("'reset' with afterEffect applies the write and loses the answer, so a client must re-read before retrying", async () => {
    const { em, c } = await setup();
    em.injectFault({ method: 'PATCH', kind: 'reset', afterEffect: true });
    await expect(
      c.call('PATCH', `/users/${ALICE_ID}/settings`, { body: { feature: { zoom_phone: true } } }),
    ).rejects.toThrow();
    expect(em.state.findUser(ALICE_ID)?.zoomPhone).toBe(true);
    expect((await c.call('GET', '/phone/users/alice@example.com')).status).toBe(200);
  });

  it("'timeout' never answers; with afterEffect the write still happened and a blind retry fails", async () => {
    const { em, c } = await setup();
    em.injectFault({ method: 'POST', path: /calling_plans$/, kind: 'timeout' });
    await expect(
      c.call('POST', '/phone/users/bob@example.com/calling_plans', {
        body: { calling_plans: [{ type: 100 }] },
        signal: AbortSignal.timeout(150),
      }),
    ).rejects.toThrow();
    expect(em.state.findUser('bob@example.com')?.phone?.callingPlans).toEqual([200]);

    em.injectFault({ method: 'POST', path: /calling_plans$/, kind: 'timeout', afterEffect: true });
    await expect(
      c.call('POST', '/phone/users/bob@example.com/calling_plans', {
        body: { calling_plans: [{ type: 100 }] },
        signal: AbortSignal.timeout(150),
      }),
    ).rejects.toThrow();
    expect(em.state.findUser('bob@example.com')?.phone?.callingPlans).toEqual([200, 100]);
    const retry = await c.call('POST', '/phone/users/bob@example.com/calling_plans', {
      body: { calling_plans: [{ type: 100 }] },
    });
    expect(retry.status).toBe(400);
    expect((await c.call('GET', '/phone/users/bob@example.com')).body.calling_plans).toEqual([
      { type: 200 },
      { type: 100 },
    ]);
  });

  it("close() does not wait for a request held by 'timeout'", async () => {
    const { em, c } = await setup();
    em.injectFault({ kind: 'timeout' });
    const pending = c.call('GET', '/users').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    await em.close();
    expect(performance.now() - t0).toBeLessThan(500);
    expect(await pending).toBeInstanceOf(Error);
  });

  it("'empty' answers 200 with no body; afterEffect keeps the write", async () => {
    const { em, c } = await setup();
    em.injectFault({ method: 'POST', path: '/users', kind: 'empty' });
    const res = await c.call('POST', '/users', newUser('e1@example.com'));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(em.state.findUser('e1@example.com')).toBeUndefined();
    em.injectFault({ method: 'POST', path: '/users', kind: 'empty', afterEffect: true });
    expect((await c.call('POST', '/users', newUser('e2@example.com'))).text).toBe('');
    expect(em.state.findUser('e2@example.com')?.status).toBe('pending');
  });
});

describe('latency', () => {
  it('adds latencyMs to every API response', async () => {
    em = await startZoomEmulator({ rateLimits: false, latencyMs: { min: 60, max: 80 } });
    const c = await TestClient.create(em);
    const t0 = performance.now();
    await c.call('GET', '/users');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
  });
});
