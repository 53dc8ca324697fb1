import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startZoomEmulator, type ZoomEmulator } from '../../src/zoom/emulator/index.js';
import { TestClient, requestToken } from './client.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

let em: ZoomEmulator | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await em?.close();
  await receiver?.close();
  em = undefined;
  receiver = undefined;
});

async function control(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}/_emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('/_emulator control API', () => {
  it('makes Zoom slow from now on, and fast again', async () => {
    em = await startZoomEmulator();
    const c = await TestClient.create(em);
    expect((await control(em.baseUrl, 'POST', 'latency', { ms: 600 })).body).toEqual({ latency: 600 });
    let started = Date.now();
    expect((await c.call('GET', '/users')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect((await control(em.baseUrl, 'POST', 'latency', { min: -1, max: 5 })).status).toBe(400);
    expect((await control(em.baseUrl, 'POST', 'latency', {})).body).toEqual({ latency: null });
    started = Date.now();
    await c.call('GET', '/users');
    expect(Date.now() - started).toBeLessThan(400);
  });

  it('drives faults, invitations, tokens, state and calls from another process', async () => {
    em = await startZoomEmulator({ plan: 'pro', rateLimitOverrides: { general: { Medium: 1 } } });
    const base = em.baseUrl;
    const c = await TestClient.create(em);

    expect(
      (
        await control(base, 'POST', 'faults', {
          method: 'GET',
          path: '^/v2/users$',
          kind: 'status',
          status: 503,
          times: 1,
        })
      ).status,
    ).toBe(201);
    // Listed back as the RegExp's source (which escapes `/`).
    expect((await control(base, 'GET', 'faults')).body).toEqual({
      faults: [{ method: 'GET', path: new RegExp('^/v2/users$').source, kind: 'status', status: 503, times: 1 }],
    });
    expect((await c.call('GET', '/users')).status).toBe(503);
    await control(base, 'POST', 'faults', { kind: 'status', status: 500, times: 3 });
    expect((await control(base, 'DELETE', 'faults')).status).toBe(204);
    expect((await control(base, 'GET', 'faults')).body).toEqual({ faults: [] });

    expect((await control(base, 'POST', 'accept-invitation', { email: 'carol@example.com' })).status).toBe(204);
    expect(em.state.findUser('carol@example.com')?.status).toBe('active');
    const again = await control(base, 'POST', 'accept-invitation', { email: 'carol@example.com' });
    expect(again.status).toBe(400);
    const unknown = await control(base, 'POST', 'accept-invitation', { email: 'who@example.com' });
    expect(unknown).toEqual({ status: 404, body: { code: 1001, message: 'User does not exist: who@example.com.' } });

    const state = (await control(base, 'GET', 'state')).body as {
      account: { phoneLicensesUsed: number };
      users: { email: string; status: string }[];
      callingPlans: { type: number; assigned: number; available: number }[];
    };
    expect(state.account.phoneLicensesUsed).toBe(1);
    expect(state.users.find((u) => u.email === 'carol@example.com')?.status).toBe('active');
    expect(state.callingPlans.find((p) => p.type === 200)).toMatchObject({ assigned: 1, available: 19 });

    const calls = (await control(base, 'GET', 'calls')).body as {
      path: string;
      status: number;
      at: string;
      fault?: string;
    }[];
    expect(calls.map((k) => [k.path, k.status])).toEqual([
      ['/oauth/token', 200],
      ['/v2/users', 503],
    ]);
    expect(calls[1]?.fault).toBe('status');
    expect(new Date(calls[1]?.at ?? '').getTime()).not.toBeNaN();
    expect((await control(base, 'DELETE', 'calls')).status).toBe(204);
    expect(em.calls).toHaveLength(0);

    // Control endpoints need no token and are not rate limited (general Medium is 1/s here).
    for (let i = 0; i < 5; i++) expect((await control(base, 'GET', 'state')).status).toBe(200);

    expect((await control(base, 'POST', 'expire-tokens')).status).toBe(204);
    expect((await c.call('GET', '/users/alice@example.com')).body).toEqual({
      code: 124,
      message: 'Access token is expired.',
    });
    expect((await control(base, 'POST', 'nonsense')).status).toBe(404);
  });

  it('sets the webhook target and runs the URL validation challenge', async () => {
    em = await startZoomEmulator({ rateLimits: false });
    receiver = await startWebhookReceiver((h) => ({
      status: 200,
      body: { plainToken: h.body.payload?.plainToken, encryptedToken: 'wrong' },
    }));
    expect((await control(em.baseUrl, 'POST', 'webhook', { url: receiver.url, secretToken: 's' })).status).toBe(204);
    const validation = await control(em.baseUrl, 'POST', 'webhook/validate');
    expect(validation.body).toMatchObject({ ok: false, status: 200 });
    await control(em.baseUrl, 'POST', 'accept-invitation', { email: 'carol@example.com' });
    expect(receiver.received.map((h) => h.body.event)).toEqual(['endpoint.url_validation', 'user.invitation_accepted']);
    expect((await control(em.baseUrl, 'POST', 'webhook', {})).status).toBe(204);
    const deliveries = (await control(em.baseUrl, 'GET', 'webhook/deliveries')).body as {
      event: string;
      status: number;
    }[];
    expect(deliveries).toEqual([expect.objectContaining({ event: 'user.invitation_accepted', status: 200 })]);
  });
});

describe('main.ts', () => {
  it('runs standalone, prints its URLs and stops on SIGTERM', async () => {
    const main = fileURLToPath(new URL('../../src/zoom/emulator/main.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', main, '--port', '0', '--plan', 'pro', '--latency', '1-3'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const vars: Record<string, string> = {};
      const lines = createInterface({ input: child.stdout });
      for await (const line of lines) {
        const [k, ...v] = line.split('=');
        if (k) vars[k] = v.join('=');
        if (k === 'ZOOM_CLIENT_SECRET') break;
      }
      expect(vars.ZOOM_API_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
      expect(vars.ZOOM_OAUTH_URL).toBe(`${vars.ZOOM_EMULATOR_BASE_URL}/oauth/token`);
      const target = { apiUrl: vars.ZOOM_API_URL ?? '', oauthUrl: vars.ZOOM_OAUTH_URL ?? '' };
      expect((await requestToken(target)).status).toBe(200);
      const c = await TestClient.create(target);
      const res = await c.call('GET', '/phone/users/bob@example.com');
      expect(res.body.extension_number).toBe(1001);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
