// The issue-15 Zoom client (zoom/ready-api.ts) against the emulator: each method's one call, the answers in
// camelCase, "gone" answers as undefined, and the limits Zoom sets (≤ 10 members per call).
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
import { ZoomApiError } from '../../src/domain/zoom-errors.js';
import { ZoomHttp } from '../../src/zoom/http.js';
import { TokenProvider } from '../../src/zoom/oauth.js';
import { ZoomReadyApi } from '../../src/zoom/ready-api.js';
import { routeFor } from '../../src/zoom/rate-limits.js';

let emu: ZoomEmulator;
let api: ZoomReadyApi;
let dana: { id: string; extensionId: string };

beforeAll(async () => {
  emu = await startZoomEmulator({ seed: 'default' });
  const tokens = new TokenProvider({
    oauthUrl: emu.oauthUrl,
    accountId: 'emu-account',
    clientId: 'emu-client-id',
    clientSecret: 'emu-client-secret',
  });
  api = new ZoomReadyApi(new ZoomHttp({ apiUrl: emu.apiUrl, tokens, plan: 'business', timeoutMs: 5_000 }));
  const u = emu.portal.createPhoneUser({
    email: 'dana@example.com',
    firstName: 'Dana',
    extension: '1301',
    siteId: SITE_MAIN_ID,
  });
  dana = { id: u.id, extensionId: u.phone!.extensionId };
});
afterAll(() => emu.close());

describe('ZoomReadyApi', () => {
  it('reads a site with its default emergency address; an unknown site is undefined', async () => {
    expect(await api.getSite(SITE_MAIN_ID)).toMatchObject({
      id: SITE_MAIN_ID,
      name: 'Main Office',
      defaultEmergencyAddress: { city: 'San Jose', status: 'verified', personal: false },
    });
    expect((await api.getSite(SITE_LONDON_ID))?.defaultEmergencyAddress).toBeUndefined();
    expect(await api.getSite('nope')).toBeUndefined();
  });

  it('creates a personal address and reads its verification status as Zoom changes it', async () => {
    const a = await api.createPersonalEmergencyAddress(dana.id, {
      addressLine1: '1 Main St',
      city: 'Springfield',
      stateCode: 'IL',
      zip: '62701',
      country: 'US',
    });
    expect(a).toMatchObject({ personal: true, status: 'unverified', ownerId: dana.id, stateCode: 'IL' });
    emu.portal.setAddressStatus(a.id, 6);
    expect((await api.getEmergencyAddress(a.id))?.status).toBe('failed');
    expect((await api.listEmergencyAddresses({ userId: dana.id })).map((x) => x.id)).toEqual([a.id]);
    expect(await api.getEmergencyAddress('missing')).toBeUndefined();
  });

  it('adds a desk phone, finds it by MAC, unassigns and deletes it', async () => {
    const templates = await api.listProvisionTemplates();
    expect(templates.map((t) => t.name)).toContain('Sales desk phones');
    const { id } = await api.addDevice({
      displayName: 'Dana desk',
      macAddress: 'a1b2c3d4e5f6',
      type: 'Poly',
      model: 'VVX 450',
      assignedTo: dana.id,
      provisionTemplateId: templates[0]!.id,
    });
    const found = await api.findDeviceByMac('A1B2C3D4E5F6');
    expect(found).toMatchObject({
      id,
      provisionTemplateId: templates[0]!.id,
      assignees: [{ userId: dana.id, extensionId: dana.extensionId, extensionNumber: '1301' }],
    });
    expect((await api.getPhoneUserSettings(dana.id)).deskPhones).toEqual([{ id, macAddress: 'a1b2c3d4e5f6' }]);
    await api.unassignDevice(id, dana.extensionId);
    expect((await api.getDevice(id))?.assignees).toEqual([]);
    expect((await api.getPhoneUserSettings(dana.id)).deskPhones).toEqual([]);
    expect((await api.listDevices({ assigned: false })).map((d) => d.id)).toEqual([id]);
    // An unassigned phone already in the account is given back to its user (restore, reuse).
    await api.assignDevice(id, [dana.extensionId]);
    expect((await api.getDevice(id))?.assignees).toEqual([expect.objectContaining({ userId: dana.id })]);
    expect((await api.getPhoneUserSettings(dana.id)).deskPhones?.map((d) => d.id)).toEqual([id]);
    await api.unassignDevice(id, dana.extensionId);
    await api.deleteDevice(id);
    expect(await api.getDevice(id)).toBeUndefined();
    await expect(api.addDevice({ displayName: 'x', macAddress: 'bad', type: 'Poly' })).rejects.toBeInstanceOf(
      ZoomApiError,
    );
  });

  it('joins and leaves call queues and shared line groups; a vanished queue is undefined', async () => {
    expect((await api.listCallQueues()).map((q) => q.name)).toEqual(['Sales Queue', 'Support Queue']);
    await api.addCallQueueMembers(CALL_QUEUE_SALES_ID, [dana.id, BOB_ID]);
    const q = await api.getCallQueue(CALL_QUEUE_SALES_ID);
    expect(q).toMatchObject({
      name: 'Sales Queue',
      extensionNumber: '850',
      phoneNumbers: [{ id: 'NumCqSalesAAAAAAAAAAAA', number: '+14155550300' }],
    });
    expect(q?.members.map((m) => m.userId)).toEqual([dana.id, BOB_ID]);
    await api.removeCallQueueMember(CALL_QUEUE_SALES_ID, dana.id);
    expect((await api.getCallQueue(CALL_QUEUE_SALES_ID))?.members.map((m) => m.userId)).toEqual([BOB_ID]);
    expect(() =>
      api.addCallQueueMembers(
        CALL_QUEUE_SALES_ID,
        Array.from({ length: 11 }, () => dana.id),
      ),
    ).toThrow(RangeError);

    expect((await api.listSharedLineGroups()).map((g) => g.name)).toEqual(['Front Desk']);
    await api.addSharedLineGroupMembers(SHARED_LINE_GROUP_FRONT_ID, [dana.id]);
    expect((await api.getSharedLineGroup(SHARED_LINE_GROUP_FRONT_ID))?.members.map((m) => m.userId)).toEqual([dana.id]);
    await api.removeSharedLineGroupMember(SHARED_LINE_GROUP_FRONT_ID, dana.id);
    expect((await api.getSharedLineGroup(SHARED_LINE_GROUP_FRONT_ID))?.members).toEqual([]);

    emu.portal.deleteCallQueue('CqSupportAAAAAAAAAAAAA');
    expect(await api.getCallQueue('CqSupportAAAAAAAAAAAAA')).toBeUndefined();
  });

  it('sets a queue number as outbound caller ID after customizing it, and hides it', async () => {
    expect(await api.getPhoneUserSettings(BOB_ID)).toEqual({ outboundCallerId: '+14155550199', deskPhones: [] });
    await api.addCustomizedCallerIds(BOB_ID, ['NumCqSalesAAAAAAAAAAAA']);
    expect(await api.listCustomizedCallerIds(BOB_ID)).toEqual([
      { phoneNumberId: 'NumCqSalesAAAAAAAAAAAA', number: '+14155550300' },
    ]);
    await api.setOutboundCallerId(BOB_ID, '+14155550300');
    expect((await api.getPhoneUserSettings(BOB_ID)).outboundCallerId).toBe('+14155550300');
    await api.setOutboundCallerId(BOB_ID, '');
    expect((await api.getPhoneUserSettings(BOB_ID)).outboundCallerId).toBe('');
  });

  it('paces every new route by its own label, none of them falling back to the default', () => {
    expect(routeFor('DELETE', '/phone/devices/D1/extensions/E1')).toEqual({
      pattern: '/phone/devices/{deviceId}/extensions/{extensionId}',
      label: 'light',
      family: 'phone',
    });
    expect(routeFor('PATCH', '/phone/users/U1/settings')).toEqual({
      pattern: '/phone/users/{userId}/settings',
      label: 'light',
      family: 'phone',
    });
    expect(routeFor('GET', '/phone/emergency_addresses')).toMatchObject({
      pattern: '/phone/emergency_addresses',
      label: 'medium',
    });
  });
});
