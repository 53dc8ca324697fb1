import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALICE_ID,
  BOB_ID,
  CAROL_ID,
  RATE_LIMIT_LABELS,
  ROUTES,
  SITE_LONDON_ID,
  SITE_MAIN_ID,
  defaultSeed,
  startZoomEmulator,
  type ZoomEmulator,
} from '../../src/zoom/emulator/index.js';
import { TestClient, enc, requestToken, type ApiResponse, type CallOptions } from './client.js';
import { phoneNumberList } from '../../src/zoom/schemas.js';
import { specRateLimitLabel, validateZoomResponse } from './openapi.js';
import { READY_ROUTE_KEYS } from './ready-routes.js';

// Every response the emulator gives must match what Zoom's OpenAPI files declare for that
// (method, path, status); where a status declares no schema, the generic {code, message} error shape.

const covered = new Set<string>();
let em: ZoomEmulator;
let client: TestClient;

async function contract(
  method: string,
  pattern: string,
  path: string,
  expected: { status: number; code?: number },
  opts: CallOptions = {},
  c: TestClient = client,
): Promise<ApiResponse> {
  const res = await c.call(method, path, opts);
  expect({ status: res.status, body: res.body }).toMatchObject({ status: expected.status });
  if (expected.code !== undefined) expect(res.body?.code).toBe(expected.code);
  expect(
    validateZoomResponse(method, pattern, res.status, res.body),
    `${method} ${path} → ${res.status} ${res.text}`,
  ).toEqual([]);
  expect(res.headers.get('x-zm-trackingid')).toMatch(/^v=2\.0;clid=emu;rid=EMU_[0-9a-f]+$/);
  covered.add(`${method} ${pattern}`);
  return res;
}

beforeAll(async () => {
  em = await startZoomEmulator({ rateLimits: false });
  client = await TestClient.create(em);
});
afterAll(() => em.close());

describe('rate-limit label map', () => {
  it('matches the Rate Limit Label of every operation in the specs', () => {
    for (const key of Object.keys(RATE_LIMIT_LABELS)) {
      const [method, pattern] = key.split(' ') as [string, string];
      expect(RATE_LIMIT_LABELS[key], key).toBe(specRateLimitLabel(method, pattern));
    }
    for (const r of ROUTES)
      expect(RATE_LIMIT_LABELS[`${r.method} ${r.pattern}`], `${r.method} ${r.pattern}`).toBe(r.label);
  });
});

describe('Users API', () => {
  it('POST /users', async () => {
    const created = await contract(
      'POST',
      '/users',
      '/users',
      { status: 201 },
      {
        body: {
          action: 'create',
          user_info: { email: 'new.hire@example.com', type: 1, first_name: 'New', last_name: 'Hire' },
        },
      },
    );
    expect(created.body).toMatchObject({
      email: 'new.hire@example.com',
      first_name: 'New',
      last_name: 'Hire',
      type: 1,
    });
    expect(created.body.id).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const invalid = await contract(
      'POST',
      '/users',
      '/users',
      { status: 400, code: 300 },
      { body: { action: 'create', user_info: { email: 'not-an-email', type: 1 } } },
    );
    expect(invalid.body.errors).toEqual([{ field: 'user_info.email', message: 'Invalid field.' }]);
    await contract(
      'POST',
      '/users',
      '/users',
      { status: 400, code: 300 },
      { body: { user_info: { email: 'a@example.com', type: 1 } } },
    );
    const dup = await contract(
      'POST',
      '/users',
      '/users',
      { status: 409, code: 1005 },
      { body: { action: 'create', user_info: { email: 'ALICE@example.com', type: 1 } } },
    );
    expect(dup.body.message).toBe('Email "ALICE@example.com" has already been used.');
    await contract(
      'POST',
      '/users',
      '/users',
      { status: 409, code: 1005 },
      { body: { action: 'create', user_info: { email: 'carol@example.com', type: 1 } } },
    );
    await contract(
      'POST',
      '/users',
      '/users',
      { status: 400, code: 1009 },
      { body: { action: 'create', user_info: { email: 'taken@elsewhere.example', type: 1 } } },
    );
    await contract(
      'POST',
      '/users',
      '/users',
      { status: 400, code: 2032 },
      { body: { action: 'ssoCreate', user_info: { email: 'sso@example.com', type: 1 } } },
    );
    await contract('POST', '/users', '/users', { status: 400, code: 300 }, { rawBody: '{not json' });
  });

  it('POST /users: no phone licence (1102) and no paid seat (2034)', async () => {
    const small = await startZoomEmulator({
      rateLimits: false,
      seed: { ...defaultSeed, account: { phoneLicenses: 1, licensedSeats: 3 } },
    });
    try {
      const c = await TestClient.create(small);
      const res = await contract(
        'POST',
        '/users',
        '/users',
        { status: 404, code: 1102 },
        { body: { action: 'create', user_info: { email: 'p@example.com', type: 1, feature: { zoom_phone: true } } } },
        c,
      );
      expect(res.body.message).toContain('Zoom Phone');
      await contract(
        'POST',
        '/users',
        '/users',
        { status: 400, code: 2034 },
        { body: { action: 'create', user_info: { email: 'paid@example.com', type: 2 } } },
        c,
      );
      // Basic users need no paid seat.
      await contract(
        'POST',
        '/users',
        '/users',
        { status: 201 },
        { body: { action: 'create', user_info: { email: 'basic@example.com', type: 1 } } },
        c,
      );
    } finally {
      await small.close();
    }
  });

  it('GET /users', async () => {
    const active = await contract('GET', '/users', '/users', { status: 200 });
    expect(active.body.users.map((u: { email: string }) => u.email)).toEqual(['alice@example.com', 'bob@example.com']);
    const pending = await contract('GET', '/users', '/users', { status: 200 }, { query: { status: 'pending' } });
    expect(pending.body.users.length).toBeGreaterThanOrEqual(1);
    for (const u of pending.body.users) expect(u).not.toHaveProperty('id');
    await contract('GET', '/users', '/users', { status: 200 }, { query: { status: 'inactive' } });
    await contract('GET', '/users', '/users', { status: 400, code: 300 }, { query: { next_page_token: 'bogus' } });
  });

  it('GET /users/{userId}', async () => {
    const byId = await contract('GET', '/users/{userId}', `/users/${ALICE_ID}`, { status: 200 });
    expect(byId.body).toMatchObject({
      id: ALICE_ID,
      email: 'alice@example.com',
      status: 'active',
      account_id: 'emu-account',
    });
    const byEmail = await contract('GET', '/users/{userId}', `/users/${enc('carol@example.com')}`, { status: 200 });
    expect(byEmail.body).toMatchObject({ id: CAROL_ID, status: 'pending' });
    const missing = await contract('GET', '/users/{userId}', '/users/nobody@example.com', { status: 404, code: 1001 });
    expect(missing.body.message).toBe('User does not exist: nobody@example.com.');
  });

  it('GET /users/{userId}: expired invitation is 400/1120', async () => {
    const old = new Date(Date.now() - 31 * 24 * 3600 * 1000).toISOString();
    const e2 = await startZoomEmulator({
      rateLimits: false,
      seed: { users: [{ id: 'OldInvite0AAAAAAAAAAAA', email: 'old@example.com', status: 'pending', createdAt: old }] },
    });
    try {
      const c = await TestClient.create(e2);
      await contract('GET', '/users/{userId}', '/users/old@example.com', { status: 400, code: 1120 }, {}, c);
      await contract('DELETE', '/users/{userId}', '/users/old@example.com', { status: 400, code: 1120 }, {}, c);
      await contract(
        'PUT',
        '/users/{userId}/status',
        '/users/old@example.com/status',
        { status: 400, code: 1120 },
        { body: { action: 'activate' } },
        c,
      );
      await contract(
        'PATCH',
        '/users/{userId}/settings',
        '/users/old@example.com/settings',
        { status: 400, code: 1120 },
        { body: { feature: { zoom_phone: true } } },
        c,
      );
      // The lapsed invitation no longer holds the email: re-inviting works and yields a new id.
      const again = await contract(
        'POST',
        '/users',
        '/users',
        { status: 201 },
        { body: { action: 'create', user_info: { email: 'old@example.com', type: 1 } } },
        c,
      );
      expect(again.body.id).not.toBe('OldInvite0AAAAAAAAAAAA');
    } finally {
      await e2.close();
    }
  });

  it('GET/PATCH /users/{userId}/settings', async () => {
    const s = await contract('GET', '/users/{userId}/settings', `/users/${BOB_ID}/settings`, { status: 200 });
    expect(s.body.feature.zoom_phone).toBe(true);
    for (const option of ['meeting_authentication', 'recording_authentication', 'meeting_security']) {
      await contract(
        'GET',
        '/users/{userId}/settings',
        `/users/${BOB_ID}/settings`,
        { status: 200 },
        { query: { option } },
      );
    }
    await contract('GET', '/users/{userId}/settings', '/users/ghost/settings', { status: 404, code: 1001 });
    await contract(
      'PATCH',
      '/users/{userId}/settings',
      `/users/${ALICE_ID}/settings`,
      { status: 204 },
      { body: { feature: { zoom_phone: true } } },
    );
    expect(em.state.findUser(ALICE_ID)?.zoomPhone).toBe(true);
    await contract(
      'PATCH',
      '/users/{userId}/settings',
      `/users/${ALICE_ID}/settings`,
      { status: 400, code: 300 },
      { body: { feature: { zoom_phone: 'yes' } } },
    );
    await contract(
      'PATCH',
      '/users/{userId}/settings',
      '/users/ghost/settings',
      { status: 404, code: 1001 },
      { body: { feature: { zoom_phone: true } } },
    );
  });

  it('PUT /users/{userId}/status', async () => {
    await contract(
      'POST',
      '/users',
      '/users',
      { status: 201 },
      { body: { action: 'autoCreate', user_info: { email: 'temp@example.com', type: 1, password: 'Passw0rd!x' } } },
    );
    await contract(
      'PUT',
      '/users/{userId}/status',
      '/users/temp@example.com/status',
      { status: 200 },
      { body: { action: 'deactivate' } },
    );
    await contract(
      'PUT',
      '/users/{userId}/status',
      '/users/temp@example.com/status',
      { status: 200 },
      { body: { action: 'activate' } },
    );
    await contract(
      'PUT',
      '/users/{userId}/status',
      '/users/temp@example.com/status',
      { status: 400, code: 300 },
      { body: { action: 'explode' } },
    );
    await contract(
      'PUT',
      '/users/{userId}/status',
      '/users/carol@example.com/status',
      { status: 400, code: 300 },
      { body: { action: 'activate' } },
    );
    await contract(
      'PUT',
      '/users/{userId}/status',
      '/users/ghost@example.com/status',
      { status: 404, code: 1001 },
      { body: { action: 'activate' } },
    );
  });

  it('DELETE /users/{userId}', async () => {
    await contract(
      'DELETE',
      '/users/{userId}',
      '/users/new.hire@example.com',
      { status: 400, code: 300 },
      { query: { action: 'delete' } },
    );
    await contract('DELETE', '/users/{userId}', '/users/new.hire@example.com', { status: 204 });
    await contract(
      'DELETE',
      '/users/{userId}',
      '/users/temp@example.com',
      { status: 204 },
      { query: { action: 'delete' } },
    );
    await contract('DELETE', '/users/{userId}', '/users/temp@example.com', { status: 404, code: 1001 });
    await contract(
      'DELETE',
      '/users/{userId}',
      `/users/${ALICE_ID}`,
      { status: 400, code: 300 },
      { query: { action: 'destroy' } },
    );
  });
});

describe('Phone API', () => {
  it('GET /phone/users', async () => {
    const list = await contract('GET', '/phone/users', '/phone/users', { status: 200 });
    expect(list.body.users.some((u: { email: string }) => u.email === 'bob@example.com')).toBe(true);
    const byExt = await contract(
      'GET',
      '/phone/users',
      '/phone/users',
      { status: 200 },
      { query: { keyword: '1001' } },
    );
    expect(byExt.body.users.map((u: { email: string }) => u.email)).toEqual(['bob@example.com']);
    await contract(
      'GET',
      '/phone/users',
      '/phone/users',
      { status: 200 },
      { query: { site_id: SITE_MAIN_ID, status: 'activate', calling_type: 200 } },
    );
    await contract(
      'GET',
      '/phone/users',
      '/phone/users',
      { status: 400, code: 400 },
      { query: { next_page_token: 'bogus' } },
    );
  });

  it('GET /phone/users/{userId}', async () => {
    const bob = await contract('GET', '/phone/users/{userId}', `/phone/users/${BOB_ID}`, { status: 200 });
    expect(bob.body).toMatchObject({
      id: BOB_ID,
      email: 'bob@example.com',
      extension_number: 1001,
      status: 'activate',
      site_id: SITE_MAIN_ID,
    });
    expect(bob.body.calling_plans).toEqual([{ type: 200 }]);
    await contract('GET', '/phone/users/{userId}', '/phone/users/bob@example.com', { status: 200 });
    await contract('GET', '/phone/users/{userId}', '/phone/users/carol@example.com', { status: 404, code: 1001 });
  });

  it('PATCH /phone/users/{userId}', async () => {
    await contract(
      'PATCH',
      '/phone/users/{userId}',
      '/phone/users/alice@example.com',
      { status: 204 },
      {
        body: { extension_number: '1234', site_id: SITE_LONDON_ID, template_id: 'Sa1esTeam/Q5RToadh5ug==' },
      },
    );
    const used = await contract(
      'PATCH',
      '/phone/users/{userId}',
      '/phone/users/alice@example.com',
      { status: 400, code: 400 },
      { body: { extension_number: '1001' } },
    );
    expect(used.body.message).toBe('Extension number 1001 is already used.');
    await contract(
      'PATCH',
      '/phone/users/{userId}',
      '/phone/users/alice@example.com',
      { status: 400, code: 400 },
      { body: { extension_number: '12' } },
    );
    await contract(
      'PATCH',
      '/phone/users/{userId}',
      '/phone/users/alice@example.com',
      { status: 400, code: 300 },
      { body: { extension_number: 1234 } },
    );
    const site = await contract(
      'PATCH',
      '/phone/users/{userId}',
      '/phone/users/alice@example.com',
      { status: 404, code: 404 },
      { body: { site_id: 'nope' } },
    );
    expect(site.body.message).toBe('Site does not exist.');
    const tpl = await contract(
      'PATCH',
      '/phone/users/{userId}',
      '/phone/users/alice@example.com',
      { status: 404, code: 404 },
      { body: { template_id: 'nope' } },
    );
    expect(tpl.body.message).toBe('Template is invalid');
    await contract(
      'PATCH',
      '/phone/users/{userId}',
      '/phone/users/carol@example.com',
      { status: 404, code: 1001 },
      { body: { extension_number: '1500' } },
    );
  });

  it('POST /phone/users/batch', async () => {
    for (const email of ['dan@example.com', 'erin@example.com']) {
      await contract(
        'POST',
        '/users',
        '/users',
        { status: 201 },
        { body: { action: 'autoCreate', user_info: { email, type: 1, password: 'Passw0rd!x' } } },
      );
    }
    const ok = await contract(
      'POST',
      '/phone/users/batch',
      '/phone/users/batch',
      { status: 201 },
      {
        body: {
          users: [
            {
              email: 'dan@example.com',
              extension_number: '1500',
              calling_plans: ['US/CA Metered'],
              site_name: 'Main Office',
              template_name: 'Standard User',
              phone_numbers: ['+14155550100'],
            },
          ],
        },
      },
    );
    expect(ok.body).toEqual([{ email: 'dan@example.com', id: em.state.findUser('dan@example.com')?.id }]);
    const eleven = Array.from({ length: 11 }, (_, i) => ({
      email: `u${i}@example.com`,
      extension_number: String(1600 + i),
      calling_plans: [],
      site_name: 'Main Office',
    }));
    const tooMany = await contract(
      'POST',
      '/phone/users/batch',
      '/phone/users/batch',
      { status: 400, code: 400 },
      { body: { users: eleven } },
    );
    expect(tooMany.body.message).toBe('User size must be less than 10.');
    await contract(
      'POST',
      '/phone/users/batch',
      '/phone/users/batch',
      { status: 404, code: 404 },
      {
        body: {
          users: [
            {
              email: 'erin@example.com',
              extension_number: '1501',
              calling_plans: [],
              site_name: 'Main Office',
              template_name: 'Nope',
            },
          ],
        },
      },
    );
    const bad = await contract(
      'POST',
      '/phone/users/batch',
      '/phone/users/batch',
      { status: 400, code: 300 },
      {
        body: {
          users: [
            { email: 'carol@example.com', extension_number: '1502', calling_plans: [], site_name: 'Main Office' },
          ],
        },
      },
    );
    expect(bad.body.message).toContain('carol@example.com');
  });

  it('PUT /phone/users/batch', async () => {
    await contract(
      'PUT',
      '/phone/users/batch',
      '/phone/users/batch',
      { status: 204 },
      { body: { batch_type: 'activate', user_ids: [BOB_ID], activation_status: 'deactivate' } },
    );
    await contract(
      'PUT',
      '/phone/users/batch',
      '/phone/users/batch',
      { status: 204 },
      { body: { batch_type: 'activate', user_ids: ['bob@example.com'], activation_status: 'activate' } },
    );
    await contract(
      'PUT',
      '/phone/users/batch',
      '/phone/users/batch',
      { status: 204 },
      { body: { batch_type: 'move_site', user_ids: [BOB_ID], site_id: SITE_MAIN_ID } },
    );
    await contract(
      'PUT',
      '/phone/users/batch',
      '/phone/users/batch',
      { status: 400, code: 400 },
      { body: { batch_type: 'teleport', user_ids: [BOB_ID] } },
    );
    await contract(
      'PUT',
      '/phone/users/batch',
      '/phone/users/batch',
      { status: 404, code: 1001 },
      { body: { batch_type: 'activate', user_ids: ['ghost'], activation_status: 'activate' } },
    );
  });

  it('GET /phone/calling_plans', async () => {
    const res = await contract('GET', '/phone/calling_plans', '/phone/calling_plans', { status: 200 });
    expect(res.body.calling_plans.find((p: { type: number }) => p.type === 200)).toMatchObject({
      name: 'US/CA Unlimited Calling Plan',
      subscribed: 20,
    });
  });

  it('POST/DELETE /phone/users/{userId}/calling_plans', async () => {
    const ok = await contract(
      'POST',
      '/phone/users/{userId}/calling_plans',
      '/phone/users/alice@example.com/calling_plans',
      { status: 200 },
      { body: { calling_plans: [{ type: 100 }] } },
    );
    expect(ok.text).toBe('');
    await contract(
      'POST',
      '/phone/users/{userId}/calling_plans',
      '/phone/users/alice@example.com/calling_plans',
      { status: 400, code: 300 },
      { body: { calling_plans: [{ type: 4000 }] } },
    );
    await contract(
      'POST',
      '/phone/users/{userId}/calling_plans',
      '/phone/users/alice@example.com/calling_plans',
      { status: 400, code: 300 },
      { body: { calling_plans: [{ type: 'x' }] } },
    );
    await contract(
      'POST',
      '/phone/users/{userId}/calling_plans',
      '/phone/users/carol@example.com/calling_plans',
      { status: 404, code: 1001 },
      { body: { calling_plans: [{ type: 100 }] } },
    );
    await contract(
      'DELETE',
      '/phone/users/{userId}/calling_plans/{planType}',
      '/phone/users/alice@example.com/calling_plans/1000',
      { status: 400, code: 400 },
    );
    await contract(
      'DELETE',
      '/phone/users/{userId}/calling_plans/{planType}',
      '/phone/users/carol@example.com/calling_plans/100',
      { status: 404, code: 1001 },
    );
  });

  it('POST/DELETE /phone/users/{userId}/phone_numbers', async () => {
    const ok = await contract(
      'POST',
      '/phone/users/{userId}/phone_numbers',
      '/phone/users/alice@example.com/phone_numbers',
      { status: 200 },
      {
        body: { phone_numbers: [{ number: '+14155550101' }, { id: 'NumUs0102AAAAAAAAAAAAA' }] },
      },
    );
    expect(ok.body.phone_numbers).toEqual([
      { id: 'NumUs0101AAAAAAAAAAAAA', number: '+14155550101' },
      { id: 'NumUs0102AAAAAAAAAAAAA', number: '+14155550102' },
    ]);
    const inUse = await contract(
      'POST',
      '/phone/users/{userId}/phone_numbers',
      '/phone/users/alice@example.com/phone_numbers',
      { status: 400, code: 409 },
      {
        body: { phone_numbers: [{ number: '+14155550199' }] },
      },
    );
    expect(inUse.body.message).toBe('Phone number already in use.');
    await contract(
      'POST',
      '/phone/users/{userId}/phone_numbers',
      '/phone/users/alice@example.com/phone_numbers',
      { status: 400, code: 400 },
      { body: { phone_numbers: [{ number: '+19999999999' }] } },
    );
    await contract(
      'POST',
      '/phone/users/{userId}/phone_numbers',
      '/phone/users/alice@example.com/phone_numbers',
      { status: 400, code: 316 },
      { body: { phone_numbers: [{ number: '415-555-0103' }] } },
    );
    await contract(
      'POST',
      '/phone/users/{userId}/phone_numbers',
      '/phone/users/carol@example.com/phone_numbers',
      { status: 404, code: 1001 },
      { body: { phone_numbers: [{ number: '+14155550103' }] } },
    );
    await contract(
      'DELETE',
      '/phone/users/{userId}/phone_numbers/{phoneNumberId}',
      `/phone/users/alice@example.com/phone_numbers/${enc('+14155550101')}`,
      { status: 204 },
    );
    await contract(
      'DELETE',
      '/phone/users/{userId}/phone_numbers/{phoneNumberId}',
      '/phone/users/alice@example.com/phone_numbers/NumUs0102AAAAAAAAAAAAA',
      { status: 204 },
    );
    await contract(
      'DELETE',
      '/phone/users/{userId}/phone_numbers/{phoneNumberId}',
      '/phone/users/alice@example.com/phone_numbers/NumBob0199AAAAAAAAAAAA',
      { status: 404, code: 400 },
    );
    await contract(
      'DELETE',
      '/phone/users/{userId}/phone_numbers/{phoneNumberId}',
      '/phone/users/alice@example.com/phone_numbers/nope',
      { status: 400, code: 400 },
    );
    await contract(
      'DELETE',
      '/phone/users/{userId}/calling_plans/{planType}',
      '/phone/users/alice@example.com/calling_plans/100',
      { status: 204 },
    );
    // Without a calling plan no direct number can be assigned.
    await contract(
      'POST',
      '/phone/users/{userId}/phone_numbers',
      '/phone/users/alice@example.com/phone_numbers',
      { status: 400, code: 300 },
      { body: { phone_numbers: [{ number: '+14155550103' }] } },
    );
  });

  it('GET /phone/numbers', async () => {
    const assigned = await contract(
      'GET',
      '/phone/numbers',
      '/phone/numbers',
      { status: 200 },
      { query: { type: 'assigned' } },
    );
    const bobs = assigned.body.phone_numbers.find((n: { number: string }) => n.number === '+14155550199');
    expect(bobs.assignee).toEqual({ id: BOB_ID, name: 'Bob Brown', extension_number: 1001, type: 'user' });
    const unassigned = await contract(
      'GET',
      '/phone/numbers',
      '/phone/numbers',
      { status: 200 },
      { query: { type: 'unassigned', site_id: SITE_LONDON_ID, page_size: 100 } },
    );
    expect(unassigned.body.phone_numbers.every((n: { assignee?: unknown }) => n.assignee === undefined)).toBe(true);
    expect(unassigned.body.phone_numbers).toHaveLength(4);
    await contract(
      'GET',
      '/phone/numbers',
      '/phone/numbers',
      { status: 200 },
      { query: { phone_number: '4155550199' } },
    );
    await contract(
      'GET',
      '/phone/numbers',
      '/phone/numbers',
      { status: 400, code: 400 },
      { query: { next_page_token: 'bogus' } },
    );
  });

  it('GET /number_management/numbers', async () => {
    const res = await contract(
      'GET',
      '/number_management/numbers',
      '/number_management/numbers',
      { status: 200 },
      { query: { keyword: '1415555019' } },
    );
    expect(res.body.numbers).toHaveLength(1);
    expect(res.body.numbers[0].assigned_list).toEqual([
      { assigned_to_id: BOB_ID, assigned_to_name: 'Bob Brown', assigned_to_type: 'User', extension_number: '1001' },
    ]);
    await contract(
      'GET',
      '/number_management/numbers',
      '/number_management/numbers',
      { status: 200 },
      { query: { assigned_to_type: 'PhoneUnassigned', page_size: 5 } },
    );
    await contract(
      'GET',
      '/number_management/numbers',
      '/number_management/numbers',
      { status: 400, code: 999 },
      { query: { number_type: 'Banana' } },
    );
    await contract(
      'GET',
      '/number_management/numbers',
      '/number_management/numbers',
      { status: 400, code: 1002010 },
      { query: { site_id: 'nope' } },
    );
    await contract(
      'GET',
      '/number_management/numbers',
      '/number_management/numbers',
      { status: 400, code: 1003100 },
      { query: { next_page_token: 'bogus' } },
    );
    await contract(
      'GET',
      '/number_management/numbers',
      '/number_management/numbers',
      { status: 400, code: 999 },
      { query: { assigned_to_type: 'Nobody' } },
    );
  });

  it('GET /number_management/numbers answers the queries phonebot sends, in the shape its client reads', async () => {
    // findPhoneNumber: one number by keyword.
    const one = await contract(
      'GET',
      '/number_management/numbers',
      '/number_management/numbers',
      { status: 200 },
      { query: { allocated_product: 'ZOOM_PHONE', keyword: '14155550199', page_size: 30 } },
    );
    expect(phoneNumberList.parse(one.body).numbers).toEqual([
      expect.objectContaining({ number: '+14155550199', assignee: { id: BOB_ID, name: 'Bob Brown', type: 'User' } }),
    ]);
    // listPhoneNumbers('unassigned'): the pool for `number auto`.
    const pool = await contract(
      'GET',
      '/number_management/numbers',
      '/number_management/numbers',
      { status: 200 },
      {
        query: {
          allocated_product: 'ZOOM_PHONE',
          assigned_to_type: 'PhoneUnassigned',
          number_status: 'Normal',
          page_size: 200,
        },
      },
    );
    const parsed = phoneNumberList.parse(pool.body).numbers;
    expect(parsed.length).toBeGreaterThan(0);
    expect(parsed.every((n) => n.assignee === undefined && n.site?.id)).toBe(true);
    expect(parsed.map((n) => n.number)).not.toContain('+14155550199');
  });

  it('GET /phone/sites and /phone/setting_templates', async () => {
    const sites = await contract('GET', '/phone/sites', '/phone/sites', { status: 200 });
    expect(sites.body.sites.map((s: { name: string }) => s.name)).toEqual(['Main Office', 'London']);
    // Only the single site reports its short extension length (site codes: full = code + short).
    const one = await contract('GET', '/phone/sites/{siteId}', `/phone/sites/${SITE_MAIN_ID}`, { status: 200 });
    expect(one.body).toMatchObject({ id: SITE_MAIN_ID, name: 'Main Office', short_extension: { length: 3 } });
    await contract('GET', '/phone/sites/{siteId}', '/phone/sites/nope', { status: 400, code: 400 });
    const tpl = await contract(
      'GET',
      '/phone/setting_templates',
      '/phone/setting_templates',
      { status: 200 },
      { query: { site_id: SITE_MAIN_ID } },
    );
    expect(tpl.body.templates.map((t: { name: string }) => t.name)).toEqual(['Standard User', 'Sales Team']);
    await contract(
      'GET',
      '/phone/setting_templates',
      '/phone/setting_templates',
      { status: 404, code: 404 },
      { query: { site_id: 'nope' } },
    );
  });
});

describe('auth, rate limits and unknown endpoints', () => {
  it('401/124 bodies and 429 bodies have the generic error shape', async () => {
    const noToken = await contract(
      'GET',
      '/phone/users/{userId}',
      `/phone/users/${BOB_ID}`,
      { status: 401, code: 124 },
      { token: null },
    );
    expect(noToken.body.message).toBe('Invalid access token.');
    await contract('GET', '/users', '/users', { status: 401, code: 124 }, { token: 'forged' });
    const limited = await startZoomEmulator({ rateLimitOverrides: { general: { Medium: 1 } } });
    try {
      const c = await TestClient.create(limited);
      await contract('GET', '/users', '/users', { status: 200 }, {}, c);
      await contract('GET', '/users', '/users', { status: 429, code: 429 }, {}, c);
    } finally {
      await limited.close();
    }
  });

  it('an unknown endpoint is 400/2300', async () => {
    const res = await client.call('GET', '/phone/teleporters');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: 2300, message: 'This API endpoint is not recognized.' });
  });

  it('the OAuth token response has the documented fields', async () => {
    const res = await requestToken(em);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'api_url', 'expires_in', 'scope', 'token_type']);
    expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 3600, api_url: em.baseUrl });
  });
});

describe('coverage', () => {
  it('every implemented route was exercised above (or in contract-ready.test.ts)', () => {
    const all = ROUTES.map((r) => `${r.method} ${r.pattern}`).filter((k) => !READY_ROUTE_KEYS.has(k));
    expect(all.filter((k) => !covered.has(k))).toEqual([]);
  });
});
