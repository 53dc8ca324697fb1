// Issue 15 end to end: role profiles make a phone user ready to take calls — add-on plans, emergency
// address, desk phone, call queues, shared line group, caller ID — for active and Pending users, refused
// when stale or when a number has no emergency address, and carried through soft delete → restore.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressRemindersJob } from '../../src/jobs/address-reminders.js';
import { runJob } from '../../src/jobs/scheduler.js';
import { SITE_MAIN_ID } from '../../src/zoom/emulator/index.js';
import { fileSharedEnvelope, sendEvent } from '../fakes/slack/index.js';
import { eventually } from '../support/eventually.js';
import { flows } from '../support/flows.js';
import {
  ADMIN,
  ADMIN_CHANNEL,
  GENERAL,
  type Harness,
  SIGNING_SECRET,
  startHarness,
  textOf,
} from '../support/harness.js';
import { buttonsOf, click } from '../support/slack-actions.js';

const PROFILES = `
profiles:
  Sales:
    site: Main Office
    template: Sales Team
    calling_plans: [US/CA Unlimited, Power Pack]
    extension_range: 2500-2599
    number: auto
    call_queues: [Sales Queue, Support Queue]
    desk_phone:
      brand: Poly
      model: VVX 450
      provision_template: Sales desk phones
    caller_id: "queue:Sales Queue"
  London Remote:
    site: London
    calling_plans: [UK/Ireland Metered]
    number: auto
    caller_id: own_number
    emergency_address: personal_required
  Front Desk:
    site: Main Office
    calling_plans: [US/CA Unlimited]
    number: auto
    call_queues: [Sales Queue]
    shared_line_groups: [Front Desk]
    caller_id: hidden
`;

let h: Harness;
let f: ReturnType<typeof flows>;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'phonebot-profiles-'));
  writeFileSync(join(dir, 'profiles.yaml'), PROFILES);
  h = await startHarness({ env: { PHONEBOT_PROFILES: join(dir, 'profiles.yaml') } });
  f = flows(h);
});
afterAll(async () => {
  await h?.stop();
});

/** Everything of the user's that a profile sets, as Zoom (the emulator) holds it. */
function readyState(email: string) {
  const s = h.zoom.state;
  const u = s.findUser(email);
  if (!u) return undefined;
  return {
    ...f.zoomPhoneState(email),
    plans: [...(u.phone?.callingPlans ?? [])].sort(),
    queues: s.callQueues
      .filter((q) => q.memberIds.includes(u.id))
      .map((q) => q.name)
      .sort(),
    groups: s.sharedLineGroups.filter((g) => g.memberIds.includes(u.id)).map((g) => g.displayName),
    devices: s.devices
      .filter((d) => d.assigneeIds.includes(u.id))
      .map((d) => `${d.macAddress}`)
      .sort(),
    callerId: u.phone?.outboundCallerId,
  };
}

const adminCard = (email: string, re: RegExp) =>
  h.slack.waitFor(
    () =>
      h.slack
        .messages(ADMIN_CHANNEL)
        .map(textOf)
        .find((t) => t.includes(email) && re.test(t)),
    { timeoutMs: 15_000, message: `no admin card for ${email} matching ${re}` },
  );

/** Shares a CSV in #general as the admin; answers the dry run's preview message. */
async function previewOf(name: string, csv: string) {
  const file = h.slack.addFile({ name, content: csv, user: ADMIN, channel: GENERAL, filetype: 'csv' });
  await sendEvent(
    h.bot.url,
    SIGNING_SECRET,
    fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL }),
  );
  return h.slack.waitFor(() => h.slack.messages(GENERAL).find((m) => textOf(m).includes(`CSV import: ${name}`)), {
    timeoutMs: 15_000,
    message: `no preview for ${name}`,
  });
}

/** Clicks Run on the preview and waits for the import to finish; answers the batch. */
async function runImport(name: string, preview: Awaited<ReturnType<typeof previewOf>>) {
  const run = buttonsOf(preview).find((b) => b.actionId === 'csv_run')!;
  await click(h, ADMIN, { ...run, channel: GENERAL, messageTs: preview.ts });
  const batch = await h.bot.services.db.batch.findFirstOrThrow({ where: { fileName: name } });
  await eventually(
    async () => (await h.bot.services.db.batch.findUniqueOrThrow({ where: { id: batch.id } })).status === 'done',
    `the ${name} import to finish`,
    30_000,
  );
  return batch;
}

describe('role profiles', () => {
  it('/phone profiles lists each profile with what it gives', async () => {
    const text = await f.replyTo('profiles');
    expect(text).toContain('Sales');
    expect(text).toContain('call queues Sales Queue, Support Queue');
    expect(text).toContain('desk phone Poly VVX 450');
    expect(text).toContain('personal, required per person');
  });

  it('an active user with a profile and a MAC gets plans, number, desk phone, queues and caller ID', async () => {
    const reply = await f.replyTo('add alice@example.com profile "Sales" mac 00-11-22-33-44-55');
    expect(reply).toMatch(/Request #\d+/);
    const r = await f.settled('alice@example.com', 'add');
    expect(r.status, r.lastError ?? '').toBe('done');
    const alice = readyState('alice@example.com')!;
    expect(Number(alice.extension)).toBeGreaterThanOrEqual(2500);
    expect(Number(alice.extension)).toBeLessThanOrEqual(2599);
    expect(alice.plans).toEqual([200, 4010]);
    expect(alice.numbers).toHaveLength(1);
    expect(h.zoom.state.numbersOf(h.zoom.state.findUser('alice@example.com')!.id)[0]?.siteId).toBe(SITE_MAIN_ID);
    expect(alice.queues).toEqual(['Sales Queue', 'Support Queue']);
    expect(alice.devices).toEqual(['001122334455']);
    // The queue's number is the caller ID: first added as a customized number, then chosen.
    expect(alice.callerId).toBe('+14155550300');
    const card = await adminCard('alice@example.com', /is done/);
    expect(card).toContain('Call queues Sales Queue, Support Queue');
    expect(card).toContain('Desk phone Poly VVX 450 00:11:22:33:44:55');
    expect(card).toContain('Power Pack');
    const audit = (await f.audits('zoom.device.added', 'alice@example.com'))[0];
    expect(JSON.stringify(audit?.after)).toContain('001122334455');
  });

  it('a Pending user joins the queue and the shared line group only after accepting', async () => {
    expect(await f.replyTo('add newdesk@example.com profile "Front Desk"')).toMatch(/Request #\d+/);
    const waiting = await f.settled('newdesk@example.com', 'add');
    expect(waiting.status).toBe('waiting_activation');
    expect(readyState('newdesk@example.com')).toMatchObject({ queues: [], groups: [] });
    const callsBefore = h.zoom.calls.length;
    await h.zoom.acceptInvitation('newdesk@example.com');
    const done = await f.settled('newdesk@example.com', 'add', { untilDone: true, since: waiting.id - 1 });
    expect(done.status, done.lastError ?? '').toBe('done');
    // Licence, extension, plan, number and hidden caller ID in the shared batch call of the acceptances; then
    // the queue (with the others who accepted in the same window) and the group.
    const after = h.zoom.calls.slice(callsBefore).filter((c) => c.method !== 'GET');
    expect(after.map((c) => `${c.method} ${c.path.replace(/\/[A-Za-z0-9_-]{20,}/g, '/{id}')}`)).toEqual([
      'POST /v2/phone/users/batch',
      'POST /v2/phone/call_queues/{id}/members',
      'POST /v2/phone/shared_line_groups/{id}/members',
    ]);
    expect(readyState('newdesk@example.com')).toMatchObject({
      plans: [200],
      queues: ['Sales Queue'],
      groups: ['Front Desk'],
      callerId: '',
    });
  });

  it('a number in a site without an emergency address is refused, and accepted with a personal address', async () => {
    const refused = await f.replyTo('add remote1@example.com profile "London Remote"');
    expect(refused).toMatch(/needs a personal emergency address/);
    expect(refused).toMatch(/Nothing was changed/);
    expect(h.zoom.state.findUser('remote1@example.com')).toBeUndefined();
    const noProfile = await f.replyTo('add remote2@example.com plan 102 number auto site London');
    expect(noProfile).toMatch(/site London has no default emergency address/);
    expect(h.zoom.state.findUser('remote2@example.com')).toBeUndefined();

    const bad = await f.replyTo('add remote1@example.com profile "London Remote" address "1 Main St, Springfield"');
    expect(bad).toMatch(/address needs 4 or 5 comma-separated parts/);

    // An active Zoom user, so the add runs at once.
    h.zoom.portal.createUser({ email: 'remote1@example.com' });
    const ok = await f.replyTo(
      'add remote1@example.com profile "London Remote" address "10 Downing St, London, LDN SW1A2AA, GB"',
    );
    expect(ok).toMatch(/Request #\d+/);
    const r = await f.settled('remote1@example.com', 'add');
    expect(r.status, r.lastError ?? '').toBe('done');
    const u = h.zoom.state.findUser('remote1@example.com')!;
    const personal = h.zoom.state.emergencyAddresses.filter((a) => a.userId === u.id);
    expect(personal.map((a) => [a.addressLine1, a.city, a.country, a.level])).toEqual([
      ['10 Downing St', 'London', 'GB', 1],
    ]);
    const number = h.zoom.state.numbersOf(u.id)[0]!;
    expect(number.siteId).not.toBe(SITE_MAIN_ID);
    expect(u.phone?.outboundCallerId).toBe(number.number);
    expect(await f.replyTo('status remote1@example.com')).toMatch(/10 Downing St, London, LDN SW1A2AA, GB — personal/);
    // Zoom's E911 provider rejects it: status says so, and the weekly reminder names the user.
    h.zoom.portal.setAddressStatus(personal[0]!.id, 5);
    expect(await f.replyTo('status remote1@example.com')).toMatch(/personal, rejected by Zoom/);
    const run = await runJob(h.bot.services, addressRemindersJob, {});
    expect(run.summary).toMatch(/1 personal emergency address/);
    const reminder = await adminCard('remote1@example.com', /emergency addresses Zoom has not verified/);
    expect(reminder).toMatch(/10 Downing St.*rejected by Zoom/);
  });

  it("a MAC already on someone else's desk phone is refused before anything changes", async () => {
    h.zoom.portal.addDevice({
      macAddress: 'aa:bb:cc:dd:ee:01',
      displayName: 'Bob desk',
      assignedTo: 'bob@example.com',
    });
    const reply = await f.replyTo('add macuser@example.com profile "Sales" mac aabb.ccdd.ee01');
    expect(reply).toMatch(/MAC aa:bb:cc:dd:ee:01 is the desk phone "Bob desk", already assigned/);
    expect(h.zoom.state.findUser('macuser@example.com')).toBeUndefined();
  });

  it('soft delete → restore gives back queues, group, desk phone, plans and caller ID exactly', async () => {
    h.zoom.portal.createUser({ email: 'roundtrip@example.com' });
    await f.replyTo('add roundtrip@example.com profile "Sales" mac 00:11:22:33:44:66');
    expect((await f.settled('roundtrip@example.com', 'add')).status).toBe('done');
    const before = readyState('roundtrip@example.com')!;
    expect(before.queues).toEqual(['Sales Queue', 'Support Queue']);
    expect(before.devices).toEqual(['001122334466']);

    await f.confirmed('remove roundtrip@example.com');
    expect((await f.settled('roundtrip@example.com', 'remove')).status).toBe('done');
    const removed = readyState('roundtrip@example.com')!;
    expect(removed).toMatchObject({ status: 'inactive', queues: [], devices: [] });
    // The desk phone stays in the account, unassigned.
    expect(h.zoom.state.devices.find((d) => d.macAddress === '001122334466')?.assigneeIds).toEqual([]);

    expect(await f.replyTo('restore roundtrip@example.com')).toMatch(/Request #\d+/);
    const restored = await f.settled('roundtrip@example.com', 'restore');
    expect(restored.status, restored.lastError ?? '').toBe('done');
    expect(readyState('roundtrip@example.com')).toEqual(before);
  });

  it('a CSV with Profile, MAC and Emergency Address columns: the preview shows every part, the run sets them up', async () => {
    for (const email of ['csv1@example.com', 'csv2@example.com']) {
      h.zoom.portal.createUser({ email });
    }
    const csv = [
      'Email,Profile,Desk Phone MAC,Emergency Address',
      'csv1@example.com,Sales,0011.2233.4477,',
      'csv2@example.com,London Remote,,"1 Baker St, London, LDN NW16XE, GB"',
      'csv3@example.com,London Remote,,',
      'csv4@example.com,Sales,00:11:22:33,',
      'csv5@example.com,Nope,,',
    ].join('\n');
    const msg = await previewOf('ready.csv', csv);
    const text = textOf(msg);
    expect(text).toMatch(/Will create\*\n2\b/);
    expect(text).toMatch(/Errors\*\n3\b/);
    // Every part the two valid rows will set up, counted.
    for (const line of [
      'Profile Sales: 1 row',
      'Profile London Remote: 1 row',
      'Add-on plan Power Pack: 1 row',
      'Desk phone Poly VVX 450: 1 row',
      'Call queue Sales Queue: 1 row',
      'Call queue Support Queue: 1 row',
      'Personal emergency address (created for the user): 1 row',
      "Caller ID Sales Queue's number: 1 row",
      "Emergency address 55 Almaden Blvd, San Jose, US (the site's): 1 row",
      'Caller ID own number: 1 row',
    ])
      expect(text).toContain(line);
    expect(text).toMatch(/Row 4 \(csv3@example\.com\).*Emergency Address\* is required by profile "London Remote"/);
    expect(text).toMatch(/Row 5 \(csv4@example\.com\).*Desk Phone MAC/);
    expect(text).toMatch(/Row 6 \(csv5@example\.com\).*"Nope" is not a role profile; profiles: Sales/);
    // A dry run: nothing changed.
    expect(readyState('csv1@example.com')).toMatchObject({ queues: [], devices: [] });

    const callsBefore = h.zoom.calls.length;
    await runImport('ready.csv', msg);
    expect(readyState('csv1@example.com')).toMatchObject({
      plans: [200, 4010],
      queues: ['Sales Queue', 'Support Queue'],
      devices: ['001122334477'],
      callerId: '+14155550300',
    });
    // csv1's plans, add-on and desk phone went with the user in the batch call; csv2 needs its personal
    // address before the number, so it went user by user.
    const runCalls = h.zoom.calls.slice(callsBefore);
    expect(runCalls.filter((c) => c.method === 'POST' && c.path === '/v2/phone/users/batch')).toHaveLength(1);
    expect(runCalls.filter((c) => c.method === 'POST' && c.path === '/v2/phone/devices')).toHaveLength(0);
    const csv2 = h.zoom.state.findUser('csv2@example.com')!;
    expect(h.zoom.state.emergencyAddresses.filter((a) => a.userId === csv2.id).map((a) => a.addressLine1)).toEqual([
      '1 Baker St',
    ]);
    expect(h.zoom.state.numbersOf(csv2.id)).toHaveLength(1);
    expect(h.zoom.state.findUser('csv3@example.com')).toBeUndefined();
    const result = h.slack.uploads().find((u) => u.filename === 'ready-result.csv')!;
    expect(result.content.toString('utf8')).toMatch(/csv1@example\.com.*created/);
  });

  it('a batch call whose answer is lost: each user is set up once, the per-user steps read Zoom first', async () => {
    for (const email of ['lost1@example.com', 'lost2@example.com']) {
      h.zoom.portal.createUser({ email });
    }
    const csv = [
      'Email,Profile,Desk Phone MAC',
      'lost1@example.com,Sales,00:11:22:33:55:01',
      'lost2@example.com,Sales,00:11:22:33:55:02',
    ].join('\n');
    const msg = await previewOf('lost.csv', csv);
    // Zoom applies the batch (users, plans, desk phones) but the connection drops before the answer.
    h.zoom.injectFault({ method: 'POST', path: /\/phone\/users\/batch$/, kind: 'reset', afterEffect: true });
    const batch = await runImport('lost.csv', msg);
    for (const [email, mac] of [
      ['lost1@example.com', '001122335501'],
      ['lost2@example.com', '001122335502'],
    ] as const) {
      const r = await f.settled(email, 'add');
      expect(r.status, r.lastError ?? '').toBe('done');
      expect(readyState(email)).toMatchObject({
        plans: [200, 4010],
        queues: ['Sales Queue', 'Support Queue'],
        devices: [mac],
        callerId: '+14155550300',
      });
      // One device for the MAC, not a second one added after the lost answer.
      expect(h.zoom.state.devices.filter((d) => d.macAddress === mac)).toHaveLength(1);
    }
    const fallbacks = await h.bot.services.db.auditLog.count({
      where: { batchId: batch.id, action: 'request.batch_fallback' },
    });
    expect(fallbacks).toBe(2);
  });

  it("a CSV update row gives an existing phone user a profile's queues, desk phone and caller ID, and nothing else", async () => {
    const before = readyState('bob@example.com')!;
    const csv = ['Email,Profile,Desk Phone MAC,Mode', 'bob@example.com,Sales,00:11:22:33:44:99,update'].join('\n');
    const msg = await previewOf('bob.csv', csv);
    const text = textOf(msg);
    expect(text).toMatch(/Will update\*\n1\b/);
    expect(text).toContain('Call queue Sales Queue: 1 row');
    expect(text).toContain('Desk phone Poly VVX 450: 1 row');
    // The profile's plans are not applied to an existing user: no add-on in the preview.
    expect(text).not.toContain('Add-on plan');
    await runImport('bob.csv', msg);
    const r = await f.settled('bob@example.com', 'update');
    expect(r.status, r.lastError ?? '').toBe('done');
    expect(readyState('bob@example.com')).toEqual({
      ...before,
      queues: ['Sales Queue', 'Support Queue'],
      devices: [...before.devices, '001122334499'].sort(),
      callerId: '+14155550300',
    });
    // Asked again for the phone bob now has: refused as nobody else's, and nothing to add.
    const settled = readyState('bob@example.com');
    const callsBefore = h.zoom.calls.length;
    expect(await f.replyTo('ready bob@example.com profile "Sales" mac 0011.2233.4499')).toMatch(/Request #\d+/);
    const again = await f.settled('bob@example.com', 'update', { since: r.id });
    expect(again.status, again.lastError ?? '').toBe('done');
    expect(readyState('bob@example.com')).toEqual(settled);
    expect(h.zoom.calls.slice(callsBefore).filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('a queue Zoom refused is named as not done, and /phone ready finishes only what is missing', async () => {
    h.zoom.portal.createUser({ email: 'finish@example.com' });
    h.zoom.injectFault({
      method: 'POST',
      path: /call_queues\/[^/]+\/members$/,
      kind: 'status',
      status: 400,
      body: { code: 300, message: 'Validation Failed.' },
      times: 1,
    });
    await f.replyTo('add finish@example.com profile "Sales"');
    const first = await f.settled('finish@example.com', 'add');
    expect(first.status, first.lastError ?? '').toBe('done');
    expect(readyState('finish@example.com')!.queues).toEqual(['Support Queue']);
    const card = await adminCard('finish@example.com', /is done/);
    expect(card).toMatch(/Not done: Call queue Sales Queue not joined/);
    expect(card).toContain('To finish once fixed: /phone ready finish@example.com profile "Sales"');
    const before = readyState('finish@example.com')!;

    expect(await f.replyTo('ready finish@example.com profile "Sales"')).toMatch(/Request #\d+/);
    const second = await f.settled('finish@example.com', 'update');
    expect(second.status, second.lastError ?? '').toBe('done');
    // Only the missing queue was joined; plans, number and caller ID are as they were.
    expect(readyState('finish@example.com')).toEqual({ ...before, queues: ['Sales Queue', 'Support Queue'] });
    const joins = (await f.audits('zoom.call_queue.joined', 'finish@example.com')).map(
      (a) => (a.after as { callQueue: { name: string } }).callQueue.name,
    );
    expect(joins.sort()).toEqual(['Sales Queue', 'Support Queue']);

    expect(await f.replyTo('ready nophone@example.com profile "Sales"')).toMatch(
      /nophone@example\.com has no Zoom Phone/,
    );
    expect(await f.replyTo('ready finish@example.com profile "Sales" ext 2999')).toMatch(
      /\/phone ready takes only profile, mac and address \(got extension\)/,
    );
  });

  it('a profile that no longer matches Zoom is refused with what is stale, and marked in /phone profiles', async () => {
    const support = h.zoom.state.callQueues.find((q) => q.name === 'Support Queue')!;
    h.zoom.portal.deleteCallQueue(support.id);
    const reply = await f.replyTo('add stale@example.com profile sales');
    expect(reply).toMatch(/profile "Sales" no longer matches Zoom: call queue "Support Queue" does not exist/);
    expect(h.zoom.state.findUser('stale@example.com')).toBeUndefined();
    const list = await f.replyTo('profiles');
    expect(list).toMatch(/Sales.*refused until fixed/s);
    expect(await f.replyTo('add x@example.com profile "Nope"')).toMatch(
      /profile "Nope" does not exist; profiles: Sales, London Remote, Front Desk/,
    );
  });
});

describe('who sees a profile add', () => {
  it('the admin who ran it gets the details in a DM', async () => {
    const dm = h.slack
      .dms(ADMIN)
      .map(textOf)
      .find((t) => t.includes('alice@example.com') && /is done/.test(t));
    expect(dm).toContain('Caller ID Sales Queue +14155550300');
  });
});
