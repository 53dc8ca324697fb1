// CSV imports on an account whose sites use site codes (full extension = site code + short extension):
// the rows go through POST /phone/users/batch with the short extension, are read back, and end with the
// full extension in Zoom; a row the batch call cannot express (a plan without a batch name) goes user by user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeed, type SeedUser } from '../../src/zoom/emulator/index.js';
import { fileSharedEnvelope, sendEvent } from '../fakes/slack/index.js';
import { eventually } from '../support/eventually.js';
import { ADMIN, GENERAL, type Harness, SIGNING_SECRET, startHarness, textOf } from '../support/harness.js';
import { buttonsOf, click } from '../support/slack-actions.js';

const BERLIN = 'SiteBerlinAAAAAAAAAAAA';
const PARIS = 'SiteParis0AAAAAAAAAAAA';
const staff: SeedUser[] = Array.from({ length: 13 }, (_, i) => ({
  id: `Coded${String(i).padStart(2, '0')}AAAAAAAAAAAAAAA`,
  email: `staff${i}@example.com`,
  firstName: 'Staff',
  lastName: String(i),
  type: 2,
  status: 'active',
}));

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    zoom: {
      seed: {
        ...defaultSeed,
        // Berlin is listed first: the account's main site.
        sites: [
          {
            id: BERLIN,
            name: 'Berlin',
            siteCode: 2,
            shortExtensionLength: 3,
            country: { code: 'DE', name: 'Germany' },
          },
          { id: PARIS, name: 'Paris', siteCode: 3, shortExtensionLength: 3, country: { code: 'FR', name: 'France' } },
        ],
        // Zoom Phone Basic (3010) has no name in the batch call's list of plans.
        callingPlans: [...defaultSeed.callingPlans, { type: 3010, name: 'Zoom Phone Basic', subscribed: 5 }],
        users: staff,
      },
    },
  });
});
afterAll(async () => {
  await h?.stop();
});

const db = () => h.bot.services.db;

async function finished(batchId: number) {
  let status = '';
  return eventually(
    async () => {
      const b = await db().batch.findUniqueOrThrow({ where: { id: batchId } });
      status = b.status;
      return b.status === 'done' && b;
    },
    () => `batch ${batchId} to finish (it is ${status})`,
    30_000,
  );
}

describe('CSV import on an account with site codes', () => {
  it('batches the rows with short extensions, reads them back, and leaves each user with the full extension', async () => {
    const csv = [
      'Email,Extension,Calling Plan,Site',
      ...[0, 1, 2, 3, 4].map((i) => `staff${i}@example.com,${2100 + i},US/CA Unlimited,Berlin`),
      ...[5, 6, 7, 8].map((i) => `staff${i}@example.com,${3100 + i},US/CA Unlimited,Paris`),
      'staff9@example.com,2109,US/CA Unlimited,',
      'staff10@example.com,3110,Zoom Phone Basic,Paris',
    ].join('\n');
    const file = h.slack.addFile({ name: 'coded.csv', content: csv, user: ADMIN, channel: GENERAL, filetype: 'csv' });
    expect(
      (
        await sendEvent(
          h.bot.url,
          SIGNING_SECRET,
          fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL }),
        )
      ).status,
    ).toBe(200);
    const msg = await h.slack.waitFor(
      () => h.slack.messages(GENERAL).find((m) => textOf(m).includes('CSV import: coded.csv')),
      { timeoutMs: 15_000, message: 'no preview' },
    );
    expect(textOf(msg)).toMatch(/Will create\*\n11/);
    const batch = await db().batch.findFirstOrThrow({ where: { fileName: 'coded.csv' } });

    const before = h.zoom.calls.length;
    await click(h, ADMIN, {
      ...buttonsOf(msg).find((b) => b.actionId === 'csv_run')!,
      channel: GENERAL,
      messageTs: msg.ts,
    });
    await finished(batch.id);
    const run = h.zoom.calls.slice(before);

    // Ten rows went to Zoom in batch calls, each with the short extension and its site.
    const sent = run
      .filter((c) => c.method === 'POST' && c.path === '/v2/phone/users/batch' && c.status === 201)
      .flatMap((c) => (c.body as { users: { email: string; extension_number: string; site_name: string }[] }).users);
    expect(sent.map((u) => u.email).sort()).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `staff${i}@example.com`).sort(),
    );
    expect(sent.find((u) => u.email === 'staff0@example.com')).toMatchObject({
      extension_number: '100',
      site_name: 'Berlin',
    });
    expect(sent.find((u) => u.email === 'staff6@example.com')).toMatchObject({
      extension_number: '106',
      site_name: 'Paris',
    });
    // No site column value: the main site.
    expect(sent.find((u) => u.email === 'staff9@example.com')).toMatchObject({
      extension_number: '109',
      site_name: 'Berlin',
    });
    expect(run.filter((c) => c.method === 'POST' && c.path === '/v2/phone/users/batch').length).toBeLessThanOrEqual(2);
    // Read back with site listings, not one call per user.
    expect(
      run.filter((c) => c.method === 'GET' && c.path === '/v2/phone/users' && c.query.site_id).length,
    ).toBeGreaterThan(0);
    // Only the Basic row went user by user: one licence switch, one PATCH with the full extension.
    const patches = run.filter((c) => c.method === 'PATCH' && c.path.startsWith('/v2/phone/users/'));
    expect(patches.map((c) => (c.body as { extension_number?: string }).extension_number)).toEqual(['3110']);
    expect(run.filter((c) => c.method === 'PATCH' && /\/v2\/users\/.+\/settings/.test(c.path))).toHaveLength(1);

    // Zoom's end state: the full extension (code + short) in the right site, for every row.
    const zoomUser = (i: number) => h.zoom.state.findUser(`staff${i}@example.com`)!.phone;
    for (const i of [0, 1, 2, 3, 4])
      expect(zoomUser(i)).toMatchObject({ extensionNumber: String(2100 + i), siteId: BERLIN, callingPlans: [200] });
    for (const i of [5, 6, 7, 8])
      expect(zoomUser(i)).toMatchObject({ extensionNumber: String(3100 + i), siteId: PARIS, callingPlans: [200] });
    expect(zoomUser(9)).toMatchObject({ extensionNumber: '2109', siteId: BERLIN });
    expect(zoomUser(10)).toMatchObject({ extensionNumber: '3110', siteId: PARIS, callingPlans: [3010] });
    // The per-user record as Zoom's API returns it shows the full extension.
    expect((await h.bot.services.zoom.findPhoneUser('staff6@example.com'))?.extensionNumber).toBe('3106');

    const rows = await db().batchRow.findMany({ where: { batchId: batch.id }, orderBy: { rowNumber: 'asc' } });
    expect(rows.map((r) => r.outcome)).toEqual(Array(11).fill('created'));
    const records = await db().phoneUser.findMany({ where: { email: { in: staff.map((s) => s.email) } } });
    expect(Object.fromEntries(records.map((r) => [r.email, r.extension]))).toMatchObject({
      'staff0@example.com': '2100',
      'staff6@example.com': '3106',
      'staff9@example.com': '2109',
      'staff10@example.com': '3110',
    });
    const provisioned = await db().auditLog.findMany({
      where: { batchId: batch.id, action: 'phone_user.provisioned' },
    });
    expect(provisioned).toHaveLength(11);
    expect(
      provisioned.filter((a) => (a.after as { verified?: string } | null)?.verified === 'GET /phone/users'),
    ).toHaveLength(10);
    expect(await db().auditLog.count({ where: { batchId: batch.id, action: 'request.batch_fallback' } })).toBe(0);
  });

  it('hands a user whose read-back shows another extension to the per-user steps, which set the full extension', async () => {
    const csv = [
      'Email,Extension,Calling Plan,Site',
      'staff11@example.com,2111,US/CA Unlimited,Berlin',
      'staff12@example.com,3112,US/CA Unlimited,Paris',
    ].join('\n');
    const file = h.slack.addFile({ name: 'coded2.csv', content: csv, user: ADMIN, channel: GENERAL, filetype: 'csv' });
    await sendEvent(
      h.bot.url,
      SIGNING_SECRET,
      fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL }),
    );
    const msg = await h.slack.waitFor(
      () => h.slack.messages(GENERAL).find((m) => textOf(m).includes('CSV import: coded2.csv')),
      { timeoutMs: 15_000, message: 'no preview' },
    );
    const batch = await db().batch.findFirstOrThrow({ where: { fileName: 'coded2.csv' } });
    const before = h.zoom.calls.length;
    await click(h, ADMIN, {
      ...buttonsOf(msg).find((b) => b.actionId === 'csv_run')!,
      channel: GENERAL,
      messageTs: msg.ts,
    });
    // Right after the batch call, before the read-back, staff11's extension changes in Zoom.
    await h.slack.waitFor(
      () =>
        h.zoom.calls
          .slice(before)
          .find((c) => c.method === 'POST' && c.path === '/v2/phone/users/batch' && c.status === 201),
      { timeoutMs: 10_000, message: 'no batch call' },
    );
    h.zoom.portal.setExtension('staff11@example.com', '2999');
    await finished(batch.id);

    const fallback = await db().auditLog.findMany({ where: { batchId: batch.id, action: 'request.batch_fallback' } });
    expect(fallback.map((a) => [a.target, (a.detail as { reason: string }).reason])).toEqual([
      ['staff11@example.com', 'Zoom shows extension 2999 after the batch call, not 2111'],
    ]);
    expect(h.zoom.state.findUser('staff11@example.com')!.phone).toMatchObject({
      extensionNumber: '2111',
      siteId: BERLIN,
    });
    expect(h.zoom.state.findUser('staff12@example.com')!.phone).toMatchObject({
      extensionNumber: '3112',
      siteId: PARIS,
    });
    const rows = await db().batchRow.findMany({ where: { batchId: batch.id }, orderBy: { rowNumber: 'asc' } });
    expect(rows.map((r) => r.outcome)).toEqual(['created', 'created']);
  });

  it('finishes an invitee who accepts through the batch call with the short extension, read back at once', async () => {
    const csv = [
      'Email,First Name,Last Name,Extension,Calling Plan,Site',
      'hire@example.com,New,Hire,2130,US/CA Unlimited,Berlin',
    ].join('\n');
    const file = h.slack.addFile({ name: 'invite.csv', content: csv, user: ADMIN, channel: GENERAL, filetype: 'csv' });
    await sendEvent(
      h.bot.url,
      SIGNING_SECRET,
      fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL }),
    );
    const msg = await h.slack.waitFor(
      () => h.slack.messages(GENERAL).find((m) => textOf(m).includes('CSV import: invite.csv')),
      { timeoutMs: 15_000, message: 'no preview' },
    );
    const batch = await db().batch.findFirstOrThrow({ where: { fileName: 'invite.csv' } });
    await click(h, ADMIN, {
      ...buttonsOf(msg).find((b) => b.actionId === 'csv_run')!,
      channel: GENERAL,
      messageTs: msg.ts,
    });
    await finished(batch.id);
    expect(h.zoom.state.findUser('hire@example.com')?.status).toBe('pending');

    const before = h.zoom.calls.length;
    await h.zoom.acceptInvitation('hire@example.com');
    const request = await h.slack.waitFor(
      async () => {
        const r = await db().provisioningRequest.findFirst({ where: { email: 'hire@example.com', status: 'done' } });
        return r ?? undefined;
      },
      { timeoutMs: 15_000, message: 'the invitee is not finished' },
    );
    expect(request.batchId).toBe(batch.id);
    const run = h.zoom.calls.slice(before);
    const sent = run
      .filter((c) => c.method === 'POST' && c.path === '/v2/phone/users/batch' && c.status === 201)
      .flatMap((c) => (c.body as { users: { email: string; extension_number: string; site_name: string }[] }).users);
    expect(sent).toEqual([
      expect.objectContaining({ email: 'hire@example.com', extension_number: '130', site_name: 'Berlin' }),
    ]);
    expect(run.filter((c) => c.method === 'PATCH')).toEqual([]);
    expect(h.zoom.state.findUser('hire@example.com')!.phone).toMatchObject({ extensionNumber: '2130', siteId: BERLIN });
    expect(await db().phoneUser.findUnique({ where: { email: 'hire@example.com' } })).toMatchObject({
      state: 'active',
      extension: '2130',
      siteName: 'Berlin',
    });
    const provisioned = await db().auditLog.findFirstOrThrow({
      where: { target: 'hire@example.com', action: 'phone_user.provisioned' },
    });
    expect(provisioned.after).toMatchObject({ via: 'POST /phone/users/batch', verified: 'GET /phone/users' });
  });
});
