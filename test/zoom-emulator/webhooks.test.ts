import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  signWebhook,
  startZoomEmulator,
  type ZoomEmulator,
  type ZoomEmulatorOptions,
} from '../../src/zoom/emulator/index.js';
import { TestClient } from './client.js';
import { startWebhookReceiver, type Responder, type WebhookReceiver } from './webhook-receiver.js';

const SECRET = 'hook-secret';

let em: ZoomEmulator | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await em?.close();
  await receiver?.close();
  em = undefined;
  receiver = undefined;
});

async function setup(
  respond?: Responder,
  opts: ZoomEmulatorOptions = {},
): Promise<{ em: ZoomEmulator; c: TestClient; hooks: WebhookReceiver }> {
  receiver = await startWebhookReceiver(respond);
  em = await startZoomEmulator({
    rateLimits: false,
    webhook: { url: receiver.url, secretToken: SECRET },
    webhookRetryDelaysMs: [20, 40, 60],
    ...opts,
  });
  return { em, c: await TestClient.create(em), hooks: receiver };
}

function hmacHex(message: string): string {
  return createHmac('sha256', SECRET).update(message).digest('hex');
}

async function closedPortUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}/gone`;
}

describe('webhook delivery', () => {
  it('signs v0:{ts}:{raw body} with the secret token (hex, v0= prefix)', async () => {
    const { em, hooks } = await setup();
    await em.acceptInvitation('carol@example.com');
    const [hook] = hooks.received;
    const ts = String(hook?.headers['x-zm-request-timestamp']);
    expect(ts).toMatch(/^\d{10}$/);
    expect(hook?.headers['x-zm-signature']).toBe(`v0=${hmacHex(`v0:${ts}:${hook?.raw}`)}`);
    expect(signWebhook(SECRET, ts, hook?.raw ?? '')).toBe(hook?.headers['x-zm-signature']);
    expect(hook?.headers['user-agent']).toBe('Zoom Marketplace/1.0a');
  });

  it('retries on 5xx with the same request id and a fresh signature each time', async () => {
    const { em, hooks } = await setup((_h, i) => ({ status: i < 2 ? 500 : 200 }));
    await em.acceptInvitation('carol@example.com');
    expect(hooks.received).toHaveLength(3);
    const ids = new Set(hooks.received.map((h) => h.headers['x-zm-request-id']));
    expect(ids.size).toBe(1);
    for (const h of hooks.received)
      expect(h.headers['x-zm-signature']).toBe(
        `v0=${hmacHex(`v0:${String(h.headers['x-zm-request-timestamp'])}:${h.raw}`)}`,
      );
    expect(em.webhookDeliveries.map((d) => [d.event, d.attempt, d.status])).toEqual([
      ['user.invitation_accepted', 1, 500],
      ['user.invitation_accepted', 2, 500],
      ['user.invitation_accepted', 3, 200],
    ]);
  });

  it('does not retry 4xx answers', async () => {
    const { em, hooks } = await setup(() => ({ status: 400 }));
    await em.acceptInvitation('carol@example.com');
    expect(hooks.received).toHaveLength(1);
  });

  it('retries network failures and slow endpoints, then gives up after the configured retries', async () => {
    const slow = await setup(() => ({ status: 200, delayMs: 150 }), { webhookTimeoutMs: 50 });
    await slow.em.acceptInvitation('carol@example.com');
    expect(slow.em.webhookDeliveries).toHaveLength(4);
    expect(slow.em.webhookDeliveries.every((d) => d.status === undefined && /timed out/.test(d.error ?? ''))).toBe(
      true,
    );
    await slow.em.close();
    await slow.hooks.close();

    em = await startZoomEmulator({
      rateLimits: false,
      webhook: { url: await closedPortUrl(), secretToken: SECRET },
      webhookRetryDelaysMs: [10],
    });
    await em.acceptInvitation('carol@example.com');
    expect(em.webhookDeliveries.map((d) => d.attempt)).toEqual([1, 2]);
    expect(em.webhookDeliveries.every((d) => d.error !== undefined)).toBe(true);
  });

  it('delivers API-triggered events in the order they happened; flushWebhooks() waits for them', async () => {
    const { em, c, hooks } = await setup();
    const created = await c.call('POST', '/users', {
      body: { action: 'autoCreate', user_info: { email: 'w@example.com', type: 1, password: 'Passw0rd!x' } },
    });
    await c.call('PUT', `/users/${created.body.id}/status`, { body: { action: 'deactivate' } });
    await c.call('PUT', `/users/${created.body.id}/status`, { body: { action: 'activate' } });
    await c.call('DELETE', `/users/${created.body.id}`, { query: { action: 'delete' } });
    await em.flushWebhooks();
    expect(hooks.received.map((h) => h.body.event)).toEqual([
      'user.created',
      'user.deactivated',
      'user.activated',
      'user.deleted',
    ]);
    expect(hooks.received[0]?.body.payload.creation_type).toBe('autoCreate');
    expect(hooks.received.every((h) => h.body.payload.object.id === created.body.id)).toBe(true);
  });

  it('sends nothing without a webhook; setWebhook switches the target', async () => {
    const { em, c, hooks } = await setup();
    em.setWebhook(undefined);
    await c.call('DELETE', '/users/alice@example.com');
    await em.flushWebhooks();
    expect(hooks.received).toHaveLength(0);
    em.setWebhook({ url: hooks.url, secretToken: SECRET });
    await c.call('DELETE', '/users/bob@example.com');
    await em.flushWebhooks();
    expect(hooks.received.map((h) => h.body.event)).toEqual(['user.disassociated']);
  });
});

describe('endpoint.url_validation', () => {
  it('accepts an endpoint that answers {plainToken, encryptedToken = hex HMAC(secret, plainToken)}', async () => {
    const { em, hooks } = await setup((h) => {
      const plainToken = h.body.payload.plainToken as string;
      return { status: 200, body: { plainToken, encryptedToken: hmacHex(plainToken) } };
    });
    const result = await em.validateWebhookUrl();
    expect(result.ok).toBe(true);
    expect(result.status).toBe(200);
    const [hook] = hooks.received;
    expect(hook?.body).toMatchObject({ event: 'endpoint.url_validation', payload: { plainToken: result.plainToken } });
    expect(hook?.headers['x-zm-signature']).toBe(
      `v0=${hmacHex(`v0:${String(hook?.headers['x-zm-request-timestamp'])}:${hook?.raw}`)}`,
    );
  });

  it('rejects a wrong answer', async () => {
    const { em } = await setup((h) => ({
      status: 200,
      body: { plainToken: h.body.payload.plainToken, encryptedToken: 'nope' },
    }));
    const result = await em.validateWebhookUrl();
    expect(result.ok).toBe(false);
    expect(result.response).toMatchObject({ encryptedToken: 'nope' });
  });
});
