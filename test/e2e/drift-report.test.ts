// The drift report: `/phone drift` (approvers) shows where phonebot's records and Zoom disagree after
// changes made outside phonebot (the emulator's portal controls), each with an "Adopt Zoom's state" button
// that re-checks, adopts and audits drift.adopted; nothing is written to Zoom. The `drift` job posts to
// the admin channel only when something differs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driftJob } from '../../src/jobs/drift.js';
import { runJob } from '../../src/jobs/scheduler.js';
import {
  ADMIN,
  ADMIN_CHANNEL,
  GENERAL,
  OUTSIDER,
  REQUESTER,
  type Harness,
  startHarness,
  textOf,
} from '../support/harness.js';
import { eventually, flows } from '../support/flows.js';
import { buttonsOf, click } from '../support/slack-actions.js';
import { settle } from '../support/eventually.js';

let h: Harness;
let f: ReturnType<typeof flows>;
beforeAll(async () => {
  // No scheduled sweep or drift run during the test: what phonebot learns, it learns from the report.
  h = await startHarness({ env: { PHONEBOT_CRON_ACTIVATION_SWEEP: '0 0 1 1 *', PHONEBOT_CRON_DRIFT: '0 0 1 1 *' } });
  f = flows(h);
});
afterAll(async () => {
  await h?.stop();
});

type Report = { text: string; buttons: { actionId: string; value: string }[] };

/** `/phone drift` as `user`: the report (or refusal) once the "comparing" placeholder is replaced. */
async function drift(user = ADMIN): Promise<Report> {
  const started = Date.now();
  const res = await h.command('drift', { user });
  // Slack is answered at once; the report follows through response_url.
  expect(res.status).toBe(200);
  expect(Date.now() - started).toBeLessThan(3_000);
  const body = await eventually(
    () => h.responsesTo(res.responseUrl).find((b) => !/^⏳/.test(textOf(b))),
    'the drift report',
  );
  return {
    text: textOf(body),
    buttons: buttonsOf(body as { blocks?: unknown }).filter((b) => b.actionId === 'drift_adopt'),
  };
}

/** Clicks the Adopt button of the finding whose ref matches `match`, as `user`; returns the private answer. */
async function adopt(report: Report, match: (ref: Record<string, unknown>) => boolean, user = ADMIN): Promise<string> {
  const button = report.buttons.find((b) => match(JSON.parse(b.value) as Record<string, unknown>));
  expect(button, 'an Adopt button for that finding').toBeDefined();
  const started = Date.now();
  const res = await click(h, user, { actionId: 'drift_adopt', value: button!.value, channel: GENERAL });
  // Acknowledged within Slack's 3 s, whatever the adoption does afterwards.
  expect(res.status).toBe(200);
  expect(Date.now() - started).toBeLessThan(3_000);
  return eventually(() => h.responsesTo(res.responseUrl).map(textOf)[0], 'the answer to the click');
}

const writes = () => h.zoom.calls.filter((c) => c.method !== 'GET' && c.family !== 'oauth').length;

async function provisioned(email: string, ext: string) {
  await h.bot.services.zoom.createUser({ email });
  await h.zoom.portal.acceptInvitation(email, { webhook: false });
  await f.replyTo(`add ${email} ext ${ext} plan 200`);
  expect((await f.settled(email, 'add')).status).toBe('done');
}

describe('drift report', () => {
  it('the drift job posts nothing while Zoom and phonebot agree', async () => {
    const report = await runJob(h.bot.services, driftJob);
    // bob@ is a phone user phonebot never saw: counted, but no disagreement.
    expect(report.summary).toMatch(/^Zoom and phonebot agree; 1 phone user\(s\) phonebot never saw; nothing posted/);
    await settle(300);
    expect(
      h.slack
        .messages(ADMIN_CHANNEL)
        .map(textOf)
        .filter((t) => /Zoom and phonebot (agree|disagree)/.test(t)),
    ).toEqual([]);
  });

  it('is for approvers only', async () => {
    const before = writes();
    const refused = await drift(OUTSIDER);
    expect(refused.text).toMatch(/Not allowed: only phonebot approvers can do that; the drift report is for approvers/);
    expect(refused.buttons).toEqual([]);
    expect(await f.db().auditLog.count({ where: { actor: OUTSIDER, action: 'authz.refused.drift.read' } })).toBe(1);
    expect(writes()).toBe(before);
  });

  it('finds each kind of difference, adopts Zoom state on a click, and writes nothing to Zoom', async () => {
    // A pending user whose invitation an admin withdraws in the portal.
    await f.replyTo('add gone@example.com ext 2101');
    expect((await f.settled('gone@example.com', 'add')).status).toBe('waiting_activation');
    h.zoom.portal.withdrawInvitation('gone@example.com');
    // A pending user who accepts while webhooks are off.
    await f.replyTo('add accepted@example.com ext 2102 plan 200');
    const waiting = await f.settled('accepted@example.com', 'add');
    expect(waiting.status).toBe('waiting_activation');
    await h.zoom.portal.acceptInvitation('accepted@example.com', { webhook: false });
    // A removed user an admin reactivates in the portal.
    await f.replyTo('add alice@example.com ext 2103 plan 200');
    expect((await f.settled('alice@example.com', 'add')).status).toBe('done');
    await f.confirmed('remove alice@example.com');
    expect((await f.settled('alice@example.com', 'remove')).status).toBe('done');
    h.zoom.portal.reactivate('alice@example.com');
    // A removed user's extension, given to someone else in the portal.
    await provisioned('dan@example.com', '2104');
    await f.confirmed('remove dan@example.com');
    expect((await f.settled('dan@example.com', 'remove')).status).toBe('done');
    h.zoom.portal.setExtension('bob@example.com', '2104');
    // A removed user an admin deletes for good in the portal.
    await provisioned('fay@example.com', '2106');
    await f.confirmed('remove fay@example.com');
    expect((await f.settled('fay@example.com', 'remove')).status).toBe('done');
    h.zoom.portal.deleteUser('fay@example.com');
    // A number held for a request awaiting approval, assigned to someone else in the portal.
    await f.replyTo('add wants@example.com ext 2110 plan 200 number +14155550105', REQUESTER);
    await eventually(
      () =>
        f
          .db()
          .reservation.findUnique({ where: { kind_value: { kind: 'number', value: '+14155550105' } } })
          .then((r) => r ?? undefined),
      'the number hold',
    );
    h.zoom.portal.assignNumber('bob@example.com', '+14155550105');
    // A provisioned user whose extension and plan an admin (or SCIM) changes.
    await provisioned('erin@example.com', '2105');
    h.zoom.portal.setExtension('erin@example.com', '2155');
    h.zoom.portal.setCallingPlans('erin@example.com', [100]);
    // A phone user created in the portal.
    h.zoom.portal.createPhoneUser({ email: 'scim@example.com', extension: '2199' });

    const before = writes();
    const report = await drift();
    expect(writes()).toBe(before);
    expect(report.text).toMatch(/Zoom and phonebot disagree on 7 things/);
    expect(report.text).toMatch(/gone@example\.com: the invitation is gone from Zoom/);
    expect(report.text).toMatch(/accepted@example\.com: accepted the invitation/);
    expect(report.text).toMatch(/alice@example\.com: removed in phonebot, active again in Zoom/);
    expect(report.text).toMatch(/fay@example\.com: removed in phonebot, deleted in Zoom/);
    expect(report.text).toMatch(/extension 2104: held by phonebot, used by bob@example\.com in Zoom/);
    expect(report.text).toMatch(/number \+14155550105: held by phonebot, used by bob@example\.com in Zoom/);
    expect(report.text).toMatch(
      /erin@example\.com: extension, callingPlans differ[\s\S]*extension: phonebot has 2105, Zoom has 2155/,
    );
    expect(report.text).toMatch(/2 phone users in Zoom phonebot never saw/);
    expect(report.buttons).toHaveLength(7);
    // The unseen phone users go to the approver as a CSV.
    const csv = await eventually(
      () => h.slack.uploads().find((u) => u.filename.startsWith('phonebot-unseen-phone-users')),
      'the CSV of unseen phone users',
    );
    expect(csv.content.toString()).toMatch(/bob@example\.com,2104/);
    expect(csv.content.toString()).toMatch(/scim@example\.com,2199/);

    // A non-approver's click is refused and changes nothing.
    const refused = await adopt(report, (r) => r.kind === 'provisioned', OUTSIDER);
    expect(refused).toMatch(/Not allowed: only phonebot approvers can do that/);
    expect(await f.db().auditLog.count({ where: { actor: OUTSIDER, action: 'authz.refused.drift.adopt' } })).toBe(1);
    expect(await f.audits('drift.adopted', 'erin@example.com')).toEqual([]);
    expect((await f.db().phoneUser.findUniqueOrThrow({ where: { email: 'erin@example.com' } })).extension).toBe('2105');

    // Provisioned user: phonebot's record follows Zoom, one drift.adopted per field.
    expect(await adopt(report, (r) => r.kind === 'provisioned')).toMatch(
      /^Done\. extension: phonebot has 2105, Zoom has 2155/,
    );
    expect(await f.db().phoneUser.findUniqueOrThrow({ where: { email: 'erin@example.com' } })).toMatchObject({
      extension: '2155',
      callingPlans: [100],
    });
    const erin = await f.audits('drift.adopted', 'erin@example.com');
    expect(erin.map((a) => [a.actor, a.before, a.after])).toEqual([
      [ADMIN, { extension: '2105' }, { extension: '2155' }],
      [ADMIN, { callingPlans: [200] }, { callingPlans: [100] }],
    ]);
    // Clicking again: already agreed, nothing adopted twice.
    expect(await adopt(report, (r) => r.kind === 'provisioned')).toMatch(
      /^Nothing adopted: Zoom and phonebot agree about that now/,
    );
    expect(await f.audits('drift.adopted', 'erin@example.com')).toHaveLength(2);

    // Vanished invitation: the request closes with the reason and its holds are released.
    expect(await adopt(report, (r) => r.kind === 'waiting' && r.requestId !== waiting.id)).toMatch(/^Done\./);
    const closed = await f
      .db()
      .provisioningRequest.findFirstOrThrow({ where: { email: 'gone@example.com', kind: 'add' } });
    expect(closed.status).toBe('failed');
    expect(closed.lastError).toMatch(/Zoom invitation of gone@example\.com is gone/);
    expect(await f.db().reservation.count({ where: { requestId: closed.id } })).toBe(0);
    expect(await f.audits('drift.adopted', 'gone@example.com')).toMatchObject([
      { before: { zoomStatus: 'pending' }, after: { zoomStatus: 'not found' }, requestId: closed.id },
    ]);
    // Whoever asked is told by DM, like any request that ends; the channel they asked in gets no reason.
    await eventually(
      () =>
        h.slack
          .dms(ADMIN)
          .map(textOf)
          .find((t) => /The Zoom invitation of gone@example\.com is gone[\s\S]*is closed/.test(t)),
      'the requester to be told',
    );
    expect(
      [...h.slack.messages(GENERAL), ...h.slack.responses().map((r) => r.body)]
        .map(textOf)
        .filter((t) => /Zoom invitation of gone@example\.com/.test(t)),
    ).toEqual([]);

    // Accepted invitation: phonebot records it and finishes the phone setup (the request's own steps).
    expect(await adopt(report, (r) => r.kind === 'waiting' && r.requestId === waiting.id)).toMatch(/^Done\./);
    await eventually(
      async () => (await f.db().provisioningRequest.findUniqueOrThrow({ where: { id: waiting.id } })).status === 'done',
      'the accepted request to finish',
    );
    expect(f.zoomPhoneState('accepted@example.com')).toMatchObject({
      status: 'active',
      extension: '2102',
      plans: [200],
    });
    expect(await f.audits('drift.adopted', 'accepted@example.com')).toMatchObject([
      { before: { zoomStatus: 'pending' }, after: { zoomStatus: 'active' } },
    ]);

    // Removed user active again: back to active, off the purge list, its kept values released.
    const alice = await f.db().phoneUser.findUniqueOrThrow({ where: { email: 'alice@example.com' } });
    expect(await adopt(report, (r) => r.kind === 'removed' && r.phoneUserId === alice.id)).toMatch(/^Done\./);
    expect(await f.db().phoneUser.findUniqueOrThrow({ where: { email: 'alice@example.com' } })).toMatchObject({
      state: 'active',
      zoomStatus: 'active',
      purgeAfter: null,
    });
    expect(await f.db().reservation.count({ where: { value: '2103' } })).toBe(0);

    // Removed user deleted in Zoom: recorded as purged (nothing left to purge), its kept values released.
    const fay = await f.db().phoneUser.findUniqueOrThrow({ where: { email: 'fay@example.com' } });
    expect(await adopt(report, (r) => r.kind === 'removed' && r.phoneUserId === fay.id)).toMatch(/^Done\./);
    expect(await f.db().phoneUser.findUniqueOrThrow({ where: { email: 'fay@example.com' } })).toMatchObject({
      state: 'purged',
      zoomStatus: 'deleted',
    });
    expect(await f.db().reservation.count({ where: { value: '2106' } })).toBe(0);
    expect(await f.audits('drift.adopted', 'fay@example.com')).toMatchObject([
      { actor: ADMIN, before: { zoomStatus: 'inactive' }, after: { zoomStatus: 'none' } },
    ]);

    // Held values Zoom gave away: the holds are released; dan@ stays removed.
    expect(await adopt(report, (r) => r.kind === 'hold' && r.value === '2104')).toMatch(/^Done\./);
    expect(await f.db().reservation.count({ where: { kind: 'extension', value: '2104' } })).toBe(0);
    expect((await f.db().phoneUser.findUniqueOrThrow({ where: { email: 'dan@example.com' } })).state).toBe(
      'soft_deleted',
    );
    expect(await adopt(report, (r) => r.kind === 'hold' && r.value === '+14155550105')).toMatch(/^Done\./);
    expect(await f.db().reservation.count({ where: { kind: 'number', value: '+14155550105' } })).toBe(0);
    expect(await f.audits('drift.adopted', 'wants@example.com')).toHaveLength(1);

    // The admins were told about each adoption; Zoom was only read.
    const notices = await eventually(() => {
      const n = h.slack
        .messages(ADMIN_CHANNEL)
        .map(textOf)
        .filter((t) => /disagreed/.test(t) && /Adopted Zoom's state|Request #\d+ is closed/.test(t));
      return n.length >= 7 ? n : undefined;
    }, 'seven drift notices');
    expect(notices.join('\n')).toMatch(/gone@example\.com/);
    const after = await drift();
    expect(after.text).toMatch(/Zoom and phonebot agree/);
    expect(after.buttons).toEqual([]);
  });

  it('the drift job posts the report to the admin channel when something differs', async () => {
    h.zoom.portal.setExtension('erin@example.com', '2156');
    const report = await runJob(h.bot.services, driftJob);
    expect(report.summary).toMatch(
      /^1 difference\(s\) posted to the admin channel; 2 phone user\(s\) phonebot never saw/,
    );
    const posted = await eventually(
      () => h.slack.messages(ADMIN_CHANNEL).find((m) => /Zoom and phonebot disagree on 1 thing/.test(textOf(m))),
      'the drift report in the admin channel',
    );
    expect(textOf(posted)).toMatch(/erin@example\.com: extension differ[\s\S]*phonebot has 2155, Zoom has 2156/);
    expect(buttonsOf(posted as { blocks?: unknown }).map((b) => b.actionId)).toEqual(['drift_adopt']);
    expect(
      h.slack
        .uploads()
        .some((u) => u.channel_id === ADMIN_CHANNEL && u.filename.startsWith('phonebot-unseen-phone-users')),
    ).toBe(true);
    // Adopted from the posted report, by an approver in the admin channel.
    const [button] = buttonsOf(posted as { blocks?: unknown });
    const res = await click(h, ADMIN, { actionId: 'drift_adopt', value: button!.value, channel: ADMIN_CHANNEL });
    expect(await eventually(() => h.responsesTo(res.responseUrl).map(textOf)[0], 'the answer')).toMatch(/^Done\./);
    expect((await f.db().phoneUser.findUniqueOrThrow({ where: { email: 'erin@example.com' } })).extension).toBe('2156');
    // Agreed again: the next run posts nothing.
    expect((await runJob(h.bot.services, driftJob)).summary).toMatch(
      /^Zoom and phonebot agree; 2 phone user\(s\) phonebot never saw; nothing posted/,
    );
  });
});
