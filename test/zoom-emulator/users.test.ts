import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BOB_ID,
  startZoomEmulator,
  type ZoomEmulator,
  type ZoomEmulatorOptions,
} from '../../src/zoom/emulator/index.js';
import { TestClient } from './client.js';
import { validateUserWebhook } from './openapi.js';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhook-receiver.js';

const SECRET = 'whsec-test-secret';

let em: ZoomEmulator | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await em?.close();
  await receiver?.close();
  em = undefined;
  receiver = undefined;
});

async function setup(
  opts: ZoomEmulatorOptions = {},
): Promise<{ em: ZoomEmulator; c: TestClient; hooks: WebhookReceiver }> {
  receiver = await startWebhookReceiver();
  em = await startZoomEmulator({ rateLimits: false, webhook: { url: receiver.url, secretToken: SECRET }, ...opts });
  return { em, c: await TestClient.create(em), hooks: receiver };
}

/** Independent re-implementation of Zoom's scheme, over the raw bytes received. */
function verifySignature(hook: ReceivedWebhook): boolean {
  const ts = String(hook.headers['x-zm-request-timestamp']);
  const expected = Buffer.from(`v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${hook.raw}`).digest('hex')}`);
  const got = Buffer.from(String(hook.headers['x-zm-signature']));
  return got.length === expected.length && timingSafeEqual(got, expected);
}

function expectValidHook(hook: ReceivedWebhook | undefined, event: string): ReceivedWebhook {
  expect(hook).toBeDefined();
  const h = hook as ReceivedWebhook;
  expect(h.body.event).toBe(event);
  expect(verifySignature(h)).toBe(true);
  expect(h.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(h.headers['x-zm-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  const ts = Number(h.headers['x-zm-request-timestamp']);
  // Header in seconds, event_ts in milliseconds.
  expect(Math.abs(ts * 1000 - h.body.event_ts)).toBeLessThan(2000);
  expect(validateUserWebhook(event, h.body)).toEqual([]);
  return h;
}

describe('invitation lifecycle', () => {
  it('create → pending (listed without id, user.created) → accept → active (user.invitation_accepted)', async () => {
    const { em, c, hooks } = await setup();
    const created = await c.call('POST', '/users', {
      body: {
        action: 'create',
        user_info: { email: 'Zed@Example.com', type: 1, first_name: 'Zed', last_name: 'Zulu' },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const pending = await c.call('GET', '/users', { query: { status: 'pending' } });
    const listed = pending.body.users.find((u: { email: string }) => u.email === 'Zed@Example.com');
    expect(listed).toMatchObject({ status: 'pending', first_name: 'Zed' });
    expect(listed).not.toHaveProperty('id');
    expect(
      (await c.call('GET', '/users')).body.users.some((u: { email: string }) => u.email === 'Zed@Example.com'),
    ).toBe(false);
    const byEmail = await c.call('GET', '/users/zed@example.com');
    expect(byEmail.body).toMatchObject({ id, status: 'pending' });

    const [createdHook] = await hooks.waitFor(1);
    const h = expectValidHook(createdHook, 'user.created');
    expect(h.body.payload).toMatchObject({
      account_id: 'emu-account',
      operator: 'admin@example.com',
      creation_type: 'create',
      object: { id, email: 'Zed@Example.com', first_name: 'Zed', last_name: 'Zulu', type: 1 },
    });

    await em.acceptInvitation('zed@example.com');
    // acceptInvitation awaits the delivery attempt, so the hook is already here.
    expect(hooks.received).toHaveLength(2);
    const accepted = expectValidHook(hooks.received[1], 'user.invitation_accepted');
    expect(accepted.body.payload).toEqual({
      account_id: 'emu-account',
      object: { id, email: 'Zed@Example.com', first_name: 'Zed', last_name: 'Zulu', type: 1 },
    });
    expect((await c.call('GET', `/users/${id}`)).body.status).toBe('active');
    const active = await c.call('GET', '/users');
    expect(active.body.users.find((u: { email: string }) => u.email === 'Zed@Example.com')).toMatchObject({
      id,
      status: 'active',
    });
    await expect(em.acceptInvitation(id)).rejects.toThrow(/no pending invitation/);
  });

  it('autoCreate makes an active user at once; a pending user cannot be activated or deleted, only disassociated', async () => {
    const { c } = await setup();
    const auto = await c.call('POST', '/users', {
      body: { action: 'autoCreate', user_info: { email: 'auto@example.com', type: 1, password: 'Passw0rd!x' } },
    });
    expect((await c.call('GET', `/users/${auto.body.id}`)).body.status).toBe('active');
    expect((await c.call('PUT', '/users/carol@example.com/status', { body: { action: 'activate' } })).status).toBe(400);
    expect((await c.call('DELETE', '/users/carol@example.com', { query: { action: 'delete' } })).status).toBe(400);
    expect((await c.call('DELETE', '/users/carol@example.com')).status).toBe(204);
    expect((await c.call('GET', '/users/carol@example.com')).status).toBe(404);
  });

  it('an invitation expires 30 days after creation by the injected clock', async () => {
    let nowMs = Date.UTC(2026, 5, 1);
    const { em, c } = await setup({ now: () => new Date(nowMs), tokenTtlSeconds: 90 * 24 * 3600 });
    const created = await c.call('POST', '/users', {
      body: { action: 'create', user_info: { email: 'late@example.com', type: 1 } },
    });
    nowMs += 29 * 24 * 3600 * 1000;
    expect((await c.call('GET', `/users/${created.body.id}`)).status).toBe(200);
    nowMs += 1 * 24 * 3600 * 1000;
    const expired = await c.call('GET', `/users/${created.body.id}`);
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe(1120);
    await expect(em.acceptInvitation('late@example.com')).rejects.toThrow(/invitation/);
  });
});

describe('deactivate, activate, disassociate, delete', () => {
  it('deactivating takes every licence: phone user gone, plan seat and number freed, extension reusable', async () => {
    const { em, c, hooks } = await setup();
    const seatsBefore = em.state.planUsage(200)?.assigned;
    const licencesBefore = em.state.phoneLicensesUsed();
    expect((await c.call('PUT', `/users/${BOB_ID}/status`, { body: { action: 'deactivate' } })).status).toBe(200);

    const phone = await c.call('GET', `/phone/users/${BOB_ID}`);
    expect(phone.status).toBe(404);
    expect(phone.body.code).toBe(1001);
    const bob = em.state.findUser(BOB_ID);
    expect(bob).toMatchObject({ status: 'inactive', zoomPhone: false, phone: undefined, type: 1 });
    expect(em.state.planUsage(200)?.assigned).toBe((seatsBefore ?? 0) - 1);
    expect(em.state.phoneLicensesUsed()).toBe(licencesBefore - 1);
    expect(em.state.findNumber('+14155550199')?.assigneeId).toBeUndefined();
    expect((await c.call('GET', `/users/${BOB_ID}/settings`)).body.feature.zoom_phone).toBe(false);
    expect(
      (await c.call('GET', '/users', { query: { status: 'inactive' } })).body.users.map((u: { id: string }) => u.id),
    ).toEqual([BOB_ID]);

    // Extension 1001 is free again.
    await c.call('PATCH', '/users/alice@example.com/settings', { body: { feature: { zoom_phone: true } } });
    expect(
      (await c.call('PATCH', '/phone/users/alice@example.com', { body: { extension_number: '1001' } })).status,
    ).toBe(204);

    await hooks.waitFor(1);
    expectValidHook(hooks.received[0], 'user.deactivated');
    // Deactivating again is a no-op (no second webhook); activation brings the user back without licences.
    expect((await c.call('PUT', `/users/${BOB_ID}/status`, { body: { action: 'deactivate' } })).status).toBe(200);
    expect((await c.call('PUT', `/users/${BOB_ID}/status`, { body: { action: 'activate' } })).status).toBe(200);
    await hooks.waitFor(2);
    expectValidHook(hooks.received[1], 'user.activated');
    expect(em.state.findUser(BOB_ID)).toMatchObject({ status: 'active', zoomPhone: false });
    expect((await c.call('GET', `/phone/users/${BOB_ID}`)).status).toBe(404);
  });

  it('disassociating frees the numbers, plan seats, licence and extension', async () => {
    const { em, c, hooks } = await setup();
    const unassignedBefore = (await c.call('GET', '/phone/numbers', { query: { type: 'unassigned', page_size: 100 } }))
      .body.total_records;
    expect((await c.call('DELETE', '/users/bob@example.com')).status).toBe(204);
    const after = await c.call('GET', '/phone/numbers', { query: { type: 'unassigned', page_size: 100 } });
    expect(after.body.total_records).toBe(unassignedBefore + 1);
    expect(after.body.phone_numbers.some((n: { number: string }) => n.number === '+14155550199')).toBe(true);
    expect(em.state.planUsage(200)?.assigned).toBe(0);
    expect(em.state.phoneLicensesUsed()).toBe(0);
    expect(em.state.extensionHolder('1001')).toBeUndefined();
    expect((await c.call('GET', `/users/${BOB_ID}`)).status).toBe(404);
    await hooks.waitFor(1);
    const h = expectValidHook(hooks.received[0], 'user.disassociated');
    expect(h.body.payload).toMatchObject({
      operator: 'admin@example.com',
      object: { id: BOB_ID, email: 'bob@example.com', first_name: 'Bob', last_name: 'Brown' },
    });
  });

  it('action=delete removes the user permanently and sends user.deleted', async () => {
    const { c, hooks } = await setup();
    expect((await c.call('DELETE', '/users/alice@example.com', { query: { action: 'delete' } })).status).toBe(204);
    expect((await c.call('GET', '/users/alice@example.com')).status).toBe(404);
    await hooks.waitFor(1);
    expectValidHook(hooks.received[0], 'user.deleted');
    // The email is free again.
    expect(
      (
        await c.call('POST', '/users', {
          body: { action: 'create', user_info: { email: 'alice@example.com', type: 1 } },
        })
      ).status,
    ).toBe(201);
  });
});

describe('feature.zoom_phone', () => {
  it('true on an active user creates a phone user with the lowest free extension and uses a licence; false removes it', async () => {
    const { em, c } = await setup();
    const before = em.state.phoneLicensesUsed();
    expect(
      (await c.call('PATCH', '/users/alice@example.com/settings', { body: { feature: { zoom_phone: true } } })).status,
    ).toBe(204);
    const phone = await c.call('GET', '/phone/users/alice@example.com');
    expect(phone.status).toBe(200);
    expect(phone.body.extension_number).toBe(1000);
    expect(em.state.phoneLicensesUsed()).toBe(before + 1);
    expect((await c.call('GET', '/users/alice@example.com/settings')).body.feature.zoom_phone).toBe(true);
    // Turning it on again changes nothing.
    await c.call('PATCH', '/users/alice@example.com/settings', { body: { feature: { zoom_phone: true } } });
    expect(em.state.phoneLicensesUsed()).toBe(before + 1);

    await c.call('POST', '/phone/users/alice@example.com/calling_plans', { body: { calling_plans: [{ type: 100 }] } });
    await c.call('POST', '/phone/users/alice@example.com/phone_numbers', {
      body: { phone_numbers: [{ number: '+14155550105' }] },
    });
    expect(em.state.planUsage(100)?.assigned).toBe(1);

    expect(
      (await c.call('PATCH', '/users/alice@example.com/settings', { body: { feature: { zoom_phone: false } } })).status,
    ).toBe(204);
    expect((await c.call('GET', '/phone/users/alice@example.com')).status).toBe(404);
    expect(em.state.planUsage(100)?.assigned).toBe(0);
    expect(em.state.findNumber('+14155550105')?.assigneeId).toBeUndefined();
    expect(em.state.phoneLicensesUsed()).toBe(before);
  });

  it('on a pending user the PATCH succeeds and changes nothing', async () => {
    const { em, c } = await setup();
    expect(
      (await c.call('PATCH', '/users/carol@example.com/settings', { body: { feature: { zoom_phone: true } } })).status,
    ).toBe(204);
    expect(em.state.findUser('carol@example.com')?.zoomPhone).toBe(false);
    expect((await c.call('GET', '/users/carol@example.com/settings')).body.feature.zoom_phone).toBe(false);
  });

  it('no free licence → 404/1102', async () => {
    const { c } = await setup({
      seed: {
        account: { phoneLicenses: 1 },
        users: [
          { id: 'OnlyUser0AAAAAAAAAAAAA', email: 'a@example.com', status: 'active' },
          { id: 'OtherUsr0AAAAAAAAAAAAA', email: 'b@example.com', status: 'active' },
        ],
      },
    });
    expect(
      (await c.call('PATCH', '/users/a@example.com/settings', { body: { feature: { zoom_phone: true } } })).status,
    ).toBe(204);
    const res = await c.call('PATCH', '/users/b@example.com/settings', { body: { feature: { zoom_phone: true } } });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe(1102);
  });

  it('POST /users with feature.zoom_phone reserves a licence; the phone user appears once the invitation is accepted', async () => {
    const { em, c } = await setup();
    const before = em.state.phoneLicensesUsed();
    const created = await c.call('POST', '/users', {
      body: {
        action: 'create',
        user_info: { email: 'phoneinvite@example.com', type: 1, feature: { zoom_phone: true } },
      },
    });
    expect(created.status).toBe(201);
    expect(em.state.phoneLicensesUsed()).toBe(before + 1);
    expect((await c.call('GET', `/phone/users/${created.body.id}`)).status).toBe(404);
    await em.acceptInvitation(created.body.id);
    const phone = await c.call('GET', `/phone/users/${created.body.id}`);
    expect(phone.status).toBe(200);
    expect(phone.body.extension_number).toBe(1000);
  });

  it('provisioning is asynchronous: the phone user shows up only after phoneUserProvisioningDelayMs', async () => {
    const { c } = await setup({ phoneUserProvisioningDelayMs: 250 });
    expect(
      (await c.call('PATCH', '/users/alice@example.com/settings', { body: { feature: { zoom_phone: true } } })).status,
    ).toBe(204);
    const early = await c.call('GET', '/phone/users/alice@example.com');
    expect(early.status).toBe(404);
    expect(early.body.code).toBe(1001);
    expect((await c.call('GET', '/phone/users', { query: { keyword: 'alice' } })).body.users).toEqual([]);
    expect(
      (
        await c.call('POST', '/phone/users/alice@example.com/calling_plans', {
          body: { calling_plans: [{ type: 100 }] },
        })
      ).status,
    ).toBe(404);
    // The settings already say yes, and the licence is already taken.
    expect((await c.call('GET', '/users/alice@example.com/settings')).body.feature.zoom_phone).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect((await c.call('GET', '/phone/users/alice@example.com')).status).toBe(200);
    expect((await c.call('GET', '/phone/users', { query: { keyword: 'alice' } })).body.users).toHaveLength(1);
  });
});
