// The portal controls change the account the way people outside phonebot do (web portal, SCIM, invitee),
// over the emulator's HTTP control API, so a test of "Zoom changed under phonebot" never edits phonebot.
import { afterEach, describe, expect, it } from 'vitest';
import { startZoomEmulator, type ZoomEmulator } from '../../src/zoom/emulator/index.js';
import { TestClient } from './client.js';

let em: ZoomEmulator | undefined;
afterEach(async () => {
  await em?.close();
  em = undefined;
});

async function portal(action: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${em!.baseUrl}/_emulator/portal/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('/_emulator/portal', () => {
  it('withdraws an invitation, reactivates and deletes users as an admin in the portal would', async () => {
    em = await startZoomEmulator();
    const c = await TestClient.create(em);
    expect((await portal('withdraw-invitation', { user: 'carol@example.com' })).status).toBe(204);
    expect((await c.call('GET', '/users/carol@example.com')).status).toBe(404);
    // Only a pending user has an invitation to withdraw.
    expect((await portal('withdraw-invitation', { user: 'alice@example.com' })).status).toBe(400);

    expect((await portal('deactivate', { user: 'alice@example.com' })).status).toBe(204);
    expect(((await c.call('GET', '/users/alice@example.com')).body as { status: string }).status).toBe('inactive');
    expect((await portal('reactivate', { user: 'alice@example.com' })).status).toBe(204);
    expect(((await c.call('GET', '/users/alice@example.com')).body as { status: string }).status).toBe('active');
    expect((await portal('delete-user', { user: 'alice@example.com' })).status).toBe(204);
    expect((await c.call('GET', '/users/alice@example.com')).status).toBe(404);
  });

  it('creates phone users and hands out extensions and numbers, refusing ones already taken', async () => {
    em = await startZoomEmulator();
    const c = await TestClient.create(em);
    const created = await portal('create-phone-user', {
      email: 'scim@example.com',
      extension: '7001',
      callingPlans: [200],
    });
    expect(created.status).toBe(201);
    const phone = await c.call('GET', '/phone/users/scim@example.com');
    expect(phone.status).toBe(200);
    expect(phone.body).toMatchObject({ extension_number: 7001 });
    expect((await portal('create-phone-user', { email: 'other@example.com', extension: '7001' })).status).toBe(400);
    expect((await portal('set-extension', { user: 'scim@example.com', extension: '7002' })).status).toBe(204);
    expect(em.state.findUser('scim@example.com')?.phone?.extensionNumber).toBe('7002');
    const free = em.state.numbers.find((n) => !n.assigneeId)!;
    expect((await portal('assign-number', { user: 'scim@example.com', number: free.number })).status).toBe(204);
    expect(em.state.numbersOf(em.state.findUser('scim@example.com')!.id).map((n) => n.number)).toEqual([free.number]);
    expect((await portal('set-calling-plans', { user: 'scim@example.com', types: [] })).status).toBe(204);
    expect(em.state.findUser('scim@example.com')?.phone?.callingPlans).toEqual([]);
  });

  it('accepts an invitation without sending the webhook when asked', async () => {
    em = await startZoomEmulator();
    em.setWebhook({ url: 'http://127.0.0.1:9/unreachable', secretToken: 'x' });
    expect((await portal('accept-invitation', { user: 'carol@example.com', webhook: false })).status).toBe(204);
    expect(em.state.findUser('carol@example.com')?.status).toBe('active');
    await em.flushWebhooks();
    expect(em.webhookDeliveries).toEqual([]);
  });
});
