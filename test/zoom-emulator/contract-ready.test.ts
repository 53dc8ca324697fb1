import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BOB_ID,
  CALL_QUEUE_SALES_ID,
  SHARED_LINE_GROUP_FRONT_ID,
  SITE_LONDON_ID,
  SITE_MAIN_ID,
  startZoomEmulator,
  type ZoomEmulator,
} from '../../src/zoom/emulator/index.js';
import { TestClient, enc, type ApiResponse, type CallOptions } from './client.js';
import { validateZoomResponse } from './openapi.js';
import { READY_ROUTE_KEYS } from './ready-routes.js';

// Issue 15's routes: every answer must match Zoom's OpenAPI schema for that (method, path, status).

const covered = new Set<string>();
let em: ZoomEmulator;
let client: TestClient;

async function contract(
  method: string,
  pattern: string,
  path: string,
  expected: { status: number; code?: number },
  opts: CallOptions = {},
): Promise<ApiResponse> {
  const res = await client.call(method, path, opts);
  expect({ status: res.status, body: res.body }).toMatchObject({ status: expected.status });
  if (expected.code !== undefined) expect(res.body?.code).toBe(expected.code);
  expect(
    validateZoomResponse(method, pattern, res.status, res.body),
    `${method} ${path} → ${res.status} ${res.text}`,
  ).toEqual([]);
  covered.add(`${method} ${pattern}`);
  return res;
}

let dana: { id: string; extensionId: string };
let eve: { id: string; extensionId: string };

beforeAll(async () => {
  em = await startZoomEmulator({ rateLimits: false });
  client = await TestClient.create(em);
  const d = em.portal.createPhoneUser({
    email: 'dana@example.com',
    firstName: 'Dana',
    extension: '1201',
    siteId: SITE_MAIN_ID,
  });
  const e = em.portal.createPhoneUser({
    email: 'eve@example.com',
    firstName: 'Eve',
    extension: '1202',
    siteId: SITE_LONDON_ID,
  });
  dana = { id: d.id, extensionId: d.phone!.extensionId };
  eve = { id: e.id, extensionId: e.phone!.extensionId };
});
afterAll(() => em.close());

describe('emergency addresses and site detail', () => {
  it('GET /phone/sites/{siteId} shows the default emergency address only where the site has one', async () => {
    const main = await contract('GET', '/phone/sites/{siteId}', `/phone/sites/${SITE_MAIN_ID}`, { status: 200 });
    expect(main.body.default_emergency_address).toMatchObject({
      address_line1: '55 Almaden Blvd',
      country: 'US',
      level: 0,
      status: 4,
      is_default: true,
    });
    const london = await contract('GET', '/phone/sites/{siteId}', `/phone/sites/${SITE_LONDON_ID}`, { status: 200 });
    expect(london.body.default_emergency_address).toBeUndefined();
    await contract('GET', '/phone/sites/{siteId}', '/phone/sites/nope', { status: 400, code: 400 });
    // The list does not carry it.
    const list = await client.call('GET', '/phone/sites');
    expect(list.body.sites[0].default_emergency_address).toBeUndefined();
  });

  it('POST a personal address, then list and get it with its verification status', async () => {
    const created = await contract(
      'POST',
      '/phone/emergency_addresses',
      '/phone/emergency_addresses',
      { status: 201 },
      {
        body: {
          address_line1: '1 Main St',
          city: 'Springfield',
          state_code: 'IL',
          zip: '62701',
          country: 'us',
          user_id: 'eve@example.com',
        },
      },
    );
    expect(created.body).toMatchObject({
      level: 1,
      status: 2,
      country: 'US',
      owner: { id: eve.id, extension_number: '1202' },
    });
    const id = created.body.id as string;
    const mine = await contract(
      'GET',
      '/phone/emergency_addresses',
      '/phone/emergency_addresses',
      { status: 200 },
      { query: { user_id: eve.id } },
    );
    expect(mine.body.emergency_addresses.map((a: { id: string }) => a.id)).toEqual([id]);
    const one = await contract(
      'GET',
      '/phone/emergency_addresses/{emergencyAddressId}',
      `/phone/emergency_addresses/${id}`,
      { status: 200 },
    );
    expect(one.body.owner.extension_number).toBe(1202);
    em.portal.setAddressStatus(id, 5);
    expect((await client.call('GET', `/phone/emergency_addresses/${id}`)).body.status).toBe(5);
    await contract('GET', '/phone/emergency_addresses/{emergencyAddressId}', '/phone/emergency_addresses/missing', {
      status: 400,
      code: 400,
    });
    await contract(
      'GET',
      '/phone/emergency_addresses',
      '/phone/emergency_addresses',
      { status: 400, code: 400 },
      { query: { site_id: 'nope' } },
    );
    const bySite = await contract(
      'GET',
      '/phone/emergency_addresses',
      '/phone/emergency_addresses',
      { status: 200 },
      { query: { site_id: SITE_MAIN_ID } },
    );
    expect(bySite.body.total_records).toBe(1);
  });

  it('POST refuses a missing field, a bad country and an unknown user', async () => {
    const base = {
      address_line1: '1 Main St',
      city: 'Springfield',
      state_code: 'IL',
      zip: '62701',
      country: 'US',
      user_id: dana.id,
    };
    const missing = await contract(
      'POST',
      '/phone/emergency_addresses',
      '/phone/emergency_addresses',
      { status: 400, code: 300 },
      { body: { ...base, zip: '' } },
    );
    expect(missing.body.errors).toEqual([{ field: 'zip', message: 'Invalid field.' }]);
    await contract(
      'POST',
      '/phone/emergency_addresses',
      '/phone/emergency_addresses',
      { status: 400, code: 300 },
      { body: { ...base, country: 'USA' } },
    );
    const unknown = await client.call('POST', '/phone/emergency_addresses', {
      body: { ...base, user_id: 'ghost@example.com' },
    });
    expect(unknown.status).toBe(404);
  });
});

describe('desk phones and provision templates', () => {
  it('GET /phone/provision_templates lists the account templates', async () => {
    const res = await contract('GET', '/phone/provision_templates', '/phone/provision_templates', { status: 200 });
    expect(res.body.provision_templates.map((t: { name: string }) => t.name)).toEqual([
      'Sales desk phones',
      'Standard desk phones',
    ]);
  });

  it('adds, lists, unassigns and deletes a device; MAC notation is normalised and unique; ≤ 3 per user', async () => {
    const templates = (await client.call('GET', '/phone/provision_templates')).body.provision_templates as {
      id: string;
    }[];
    const created = await contract(
      'POST',
      '/phone/devices',
      '/phone/devices',
      { status: 201 },
      {
        body: {
          display_name: 'Dana desk',
          mac_address: '00:11:22:33:44:55',
          type: 'Poly',
          model: 'VVX 450',
          assigned_to: 'dana@example.com',
          provision_template_id: templates[0]!.id,
        },
      },
    );
    const id = created.body.id as string;
    const got = await contract('GET', '/phone/devices/{deviceId}', `/phone/devices/${id}`, { status: 200 });
    expect(got.body).toMatchObject({
      mac_address: '001122334455',
      provision_template_id: templates[0]!.id,
      assignee: { id: dana.id, extension_number: 1201 },
    });
    const assigned = await contract(
      'GET',
      '/phone/devices',
      '/phone/devices',
      { status: 200 },
      { query: { type: 'assigned' } },
    );
    expect(assigned.body.devices.map((d: { id: string }) => d.id)).toEqual([id]);

    const dup = await contract(
      'POST',
      '/phone/devices',
      '/phone/devices',
      { status: 400, code: 300 },
      { body: { display_name: 'x', mac_address: '0011.2233.4455', type: 'Poly' } },
    );
    expect(dup.body.message).toContain('already in use');
    await contract(
      'POST',
      '/phone/devices',
      '/phone/devices',
      { status: 400, code: 300 },
      { body: { display_name: 'x', mac_address: 'zz', type: 'Poly' } },
    );
    await contract(
      'POST',
      '/phone/devices',
      '/phone/devices',
      { status: 404, code: 1001 },
      { body: { display_name: 'x', mac_address: '001122334466', type: 'Poly', assigned_to: 'ghost@example.com' } },
    );

    for (const mac of ['00-11-22-33-44-56', '001122334457']) {
      expect(
        (
          await client.call('POST', '/phone/devices', {
            body: { display_name: mac, mac_address: mac, type: 'Poly', assigned_to: dana.id },
          })
        ).status,
      ).toBe(201);
    }
    const fourth = await client.call('POST', '/phone/devices', {
      body: { display_name: '4th', mac_address: '001122334458', type: 'Poly', assigned_to: dana.id },
    });
    expect(fourth.status).toBe(400);
    expect(fourth.body.message).toContain('at most 3');

    await contract(
      'DELETE',
      '/phone/devices/{deviceId}/extensions/{extensionId}',
      `/phone/devices/${id}/extensions/${dana.extensionId}`,
      { status: 204 },
    );
    expect(em.state.devices.find((d) => d.id === id)?.assigneeIds).toEqual([]);
    await contract(
      'DELETE',
      '/phone/devices/{deviceId}/extensions/{extensionId}',
      `/phone/devices/${id}/extensions/${dana.extensionId}`,
      { status: 400, code: 300 },
    );
    // An unassigned device is given to a user by extension id (restore does this), and taken off again.
    await contract(
      'POST',
      '/phone/devices/{deviceId}/extensions',
      `/phone/devices/${id}/extensions`,
      { status: 201 },
      { body: { assignee_extension_ids: [dana.extensionId] } },
    );
    expect(em.state.devices.find((d) => d.id === id)?.assigneeIds).toEqual([dana.id]);
    await contract(
      'POST',
      '/phone/devices/{deviceId}/extensions',
      `/phone/devices/${id}/extensions`,
      { status: 400, code: 300 },
      { body: { assignee_extension_ids: ['no-such-extension'] } },
    );
    await client.call('DELETE', `/phone/devices/${id}/extensions/${dana.extensionId}`);
    const unassigned = await client.call('GET', '/phone/devices', { query: { type: 'unassigned' } });
    expect(unassigned.body.devices.map((d: { id: string }) => d.id)).toEqual([id]);
    await contract('DELETE', '/phone/devices/{deviceId}', `/phone/devices/${id}`, { status: 204 });
    await contract('DELETE', '/phone/devices/{deviceId}', `/phone/devices/${id}`, { status: 400, code: 300 });
    await contract('GET', '/phone/devices/{deviceId}', `/phone/devices/${id}`, { status: 400, code: 300 });
  });
});

describe('call queues and shared line groups', () => {
  it('lists and gets queues; members join (≤ 10 per call) and leave', async () => {
    const list = await contract('GET', '/phone/call_queues', '/phone/call_queues', { status: 200 });
    expect(list.body.call_queues.map((q: { name: string }) => q.name)).toEqual(['Sales Queue', 'Support Queue']);
    const path = `/phone/call_queues/${CALL_QUEUE_SALES_ID}`;
    await contract(
      'POST',
      '/phone/call_queues/{callQueueId}/members',
      `${path}/members`,
      { status: 201 },
      { body: { members: { users: [{ email: 'dana@example.com' }, { id: BOB_ID }] } } },
    );
    const q = await contract('GET', '/phone/call_queues/{callQueueId}', path, { status: 200 });
    expect(q.body.members.users.map((u: { id: string }) => u.id)).toEqual([dana.id, BOB_ID]);
    expect(q.body.phone_numbers).toEqual([
      { id: 'NumCqSalesAAAAAAAAAAAA', number: '+14155550300', source: 'internal' },
    ]);

    await contract(
      'POST',
      '/phone/call_queues/{callQueueId}/members',
      `${path}/members`,
      { status: 400, code: 300 },
      { body: { members: { users: [{ id: dana.id }] } } },
    );
    const eleven = Array.from({ length: 11 }, () => ({ id: eve.id }));
    const tooMany = await contract(
      'POST',
      '/phone/call_queues/{callQueueId}/members',
      `${path}/members`,
      { status: 400, code: 300 },
      { body: { members: { users: eleven } } },
    );
    expect(tooMany.body.message).toBe('Exceeded the maximum number to add members per time.');
    await contract(
      'POST',
      '/phone/call_queues/{callQueueId}/members',
      `${path}/members`,
      { status: 404, code: 1001 },
      { body: { members: { users: [{ email: 'alice@example.com' }] } } },
    );
    await contract(
      'POST',
      '/phone/call_queues/{callQueueId}/members',
      '/phone/call_queues/nope/members',
      { status: 400, code: 300 },
      { body: { members: { users: [{ id: eve.id }] } } },
    );
    await contract('GET', '/phone/call_queues/{callQueueId}', '/phone/call_queues/nope', { status: 404, code: 13000 });

    await contract('DELETE', '/phone/call_queues/{callQueueId}/members/{memberId}', `${path}/members/${enc(dana.id)}`, {
      status: 204,
    });
    await contract('DELETE', '/phone/call_queues/{callQueueId}/members/{memberId}', `${path}/members/${enc(dana.id)}`, {
      status: 404,
    });
    await contract(
      'DELETE',
      '/phone/call_queues/{callQueueId}/members/{memberId}',
      `/phone/call_queues/nope/members/${dana.id}`,
      { status: 400, code: 300 },
    );
    expect(em.state.callQueues.find((x) => x.id === CALL_QUEUE_SALES_ID)?.memberIds).toEqual([BOB_ID]);
  });

  it('a user may be in only one shared line group', async () => {
    em.state.sharedLineGroups.push({
      id: 'SlgOther0AAAAAAAAAAAAA',
      displayName: 'Other',
      extensionId: 'SlgOtherExtAAAAAAAAAAA',
      extensionNumber: '861',
      phoneNumbers: [],
      memberIds: [],
    });
    const list = await contract('GET', '/phone/shared_line_groups', '/phone/shared_line_groups', { status: 200 });
    expect(list.body.total_records).toBe(2);
    const path = `/phone/shared_line_groups/${SHARED_LINE_GROUP_FRONT_ID}`;
    await contract(
      'POST',
      '/phone/shared_line_groups/{slgId}/members',
      `${path}/members`,
      { status: 201 },
      { body: { members: { users: [{ id: eve.id }] } } },
    );
    const g = await contract('GET', '/phone/shared_line_groups/{sharedLineGroupId}', path, { status: 200 });
    expect(g.body.members.users.map((u: { id: string }) => u.id)).toEqual([eve.id]);
    const second = await contract(
      'POST',
      '/phone/shared_line_groups/{slgId}/members',
      '/phone/shared_line_groups/SlgOther0AAAAAAAAAAAAA/members',
      { status: 400, code: 300 },
      { body: { members: { users: [{ id: eve.id }] } } },
    );
    expect(second.body.message).toContain('already a member of shared line group Front Desk');
    await contract('GET', '/phone/shared_line_groups/{sharedLineGroupId}', '/phone/shared_line_groups/nope', {
      status: 404,
      code: 404,
    });
    await contract(
      'DELETE',
      '/phone/shared_line_groups/{slgId}/members/{memberId}',
      `${path}/members/${eve.extensionId}`,
      { status: 204 },
    );
    await contract(
      'DELETE',
      '/phone/shared_line_groups/{slgId}/members/{memberId}',
      `${path}/members/${eve.extensionId}`,
      { status: 400, code: 300 },
    );
  });
});

describe('phone user settings: outbound caller ID', () => {
  it('own number, a queue number after customizing it, hidden; anything else refused', async () => {
    const bob = `/phone/users/${BOB_ID}`;
    const before = await contract('GET', '/phone/users/{userId}/settings', `${bob}/settings`, { status: 200 });
    expect(before.body.outbound_caller).toEqual({ number: '+14155550199' });
    const queueNumber = '+14155550300';
    await contract(
      'PATCH',
      '/phone/users/{userId}/settings',
      `${bob}/settings`,
      { status: 400, code: 400 },
      { body: { outbound_caller_id: queueNumber } },
    );
    await contract(
      'POST',
      '/phone/users/{userId}/outbound_caller_id/customized_numbers',
      `${bob}/outbound_caller_id/customized_numbers`,
      { status: 201 },
      { body: { phone_number_ids: ['NumCqSalesAAAAAAAAAAAA'] } },
    );
    const custom = await contract(
      'GET',
      '/phone/users/{userId}/outbound_caller_id/customized_numbers',
      `${bob}/outbound_caller_id/customized_numbers`,
      { status: 200 },
    );
    expect(custom.body.customize_numbers).toMatchObject([
      { phone_number_id: 'NumCqSalesAAAAAAAAAAAA', phone_number: queueNumber, extension_name: 'Sales Queue' },
    ]);
    await contract(
      'POST',
      '/phone/users/{userId}/outbound_caller_id/customized_numbers',
      `${bob}/outbound_caller_id/customized_numbers`,
      { status: 400, code: 300 },
      { body: { phone_number_ids: ['nope'] } },
    );
    await contract(
      'PATCH',
      '/phone/users/{userId}/settings',
      `${bob}/settings`,
      { status: 204 },
      { body: { outbound_caller_id: queueNumber } },
    );
    expect((await client.call('GET', `${bob}/settings`)).body.outbound_caller).toEqual({ number: queueNumber });
    await contract(
      'PATCH',
      '/phone/users/{userId}/settings',
      `${bob}/settings`,
      { status: 204 },
      { body: { outbound_caller_id: '' } },
    );
    expect((await client.call('GET', `${bob}/settings`)).body.outbound_caller).toEqual({ number: '' });
    await contract(
      'PATCH',
      '/phone/users/{userId}/settings',
      '/phone/users/alice@example.com/settings',
      { status: 404, code: 1001 },
      { body: { outbound_caller_id: '' } },
    );
    await contract('GET', '/phone/users/{userId}/settings', '/phone/users/alice@example.com/settings', {
      status: 404,
      code: 1001,
    });
    await contract(
      'GET',
      '/phone/users/{userId}/outbound_caller_id/customized_numbers',
      '/phone/users/alice@example.com/outbound_caller_id/customized_numbers',
      { status: 404, code: 1001 },
    );
    await contract(
      'POST',
      '/phone/users/{userId}/outbound_caller_id/customized_numbers',
      '/phone/users/alice@example.com/outbound_caller_id/customized_numbers',
      { status: 404, code: 1001 },
      { body: { phone_number_ids: ['x'] } },
    );
  });

  it('a user can hold a base plan and add-ons (Power Pack 4010, International 4000)', async () => {
    em.state.callingPlans.find((p) => p.type === 4000)!.subscribed = 2;
    const res = await client.call('POST', `/phone/users/${dana.id}/calling_plans`, {
      body: { calling_plans: [{ type: 200 }, { type: 4010 }, { type: 4000 }] },
    });
    expect(res.status).toBe(200);
    expect((await client.call('GET', `/phone/users/${dana.id}`)).body.calling_plans).toEqual([
      { type: 200 },
      { type: 4010 },
      { type: 4000 },
    ]);
  });
});

describe('coverage', () => {
  it('POST /phone/users/batch takes desk_phones and outbound_caller_id with the user', async () => {
    for (const email of ['frank@example.com', 'gina@example.com']) {
      await client.call('POST', '/users', { body: { action: 'create', user_info: { email, type: 1 } } });
      await em.portal.acceptInvitation(email, { webhook: false });
    }
    const free = em.state.numbers.filter((n) => n.assigneeId === undefined && n.number.startsWith('+1'));
    const row = (email: string, ext: string, extra: Record<string, unknown>) => ({
      email,
      extension_number: ext,
      calling_plans: ['US/CA Unlimited', 'Power Pack'],
      site_name: 'Main Office',
      ...extra,
    });
    const phone = {
      brand: 'Poly',
      model: 'VVX 450',
      mac: '02-00-00-00-00-01',
      provision_template: 'Sales desk phones',
    };
    // A MAC already in the account, or a caller ID that is not one of the row's numbers: the whole batch is refused.
    em.portal.addDevice({ macAddress: '02:00:00:00:00:09', displayName: 'spare' });
    const refused = await client.call('POST', '/phone/users/batch', {
      body: { users: [row('frank@example.com', '1401', { desk_phones: [{ ...phone, mac: '020000000009' }] })] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.field).toBe('users[0].desk_phones');
    const badCaller = await client.call('POST', '/phone/users/batch', {
      body: { users: [row('frank@example.com', '1401', { outbound_caller_id: '+14155550300' })] },
    });
    expect(badCaller.status).toBe(400);
    expect(em.state.findUser('frank@example.com')?.phone).toBeUndefined();

    await contract(
      'POST',
      '/phone/users/batch',
      '/phone/users/batch',
      { status: 201 },
      {
        body: {
          users: [
            row('frank@example.com', '1401', {
              phone_numbers: [free[0]!.number],
              desk_phones: [phone],
              outbound_caller_id: free[0]!.number,
            }),
            row('gina@example.com', '1402', { outbound_caller_id: '' }),
          ],
        },
      },
    );
    const frank = em.state.findUser('frank@example.com')!;
    expect(frank.phone?.callingPlans).toEqual([200, 4010]);
    expect(frank.phone?.outboundCallerId).toBe(free[0]!.number);
    expect(em.state.findUser('gina@example.com')?.phone?.outboundCallerId).toBe('');
    const device = em.state.devices.find((d) => d.macAddress === '020000000001')!;
    expect(device).toMatchObject({ deviceType: 'Poly', model: 'VVX 450', assigneeIds: [frank.id] });
    expect(device.provisionTemplateId).toBe(
      em.state.provisionTemplates.find((t) => t.name === 'Sales desk phones')!.id,
    );
  });

  it('every issue-15 route was exercised above', () => {
    expect([...READY_ROUTE_KEYS].filter((k) => !covered.has(k))).toEqual([]);
  });
});
