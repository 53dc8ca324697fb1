// Zoom is the truth, situations 1 and 3: a request waiting for an invitee is decided from Zoom at every
// moment that would withdraw, re-send or close it. An invitee who accepted (no webhook) is never
// disassociated — their phone setup is finished instead; an invitation withdrawn or deleted in the portal,
// or lapsed after Zoom's 30 days, closes the request, frees what it held and tells the requester and admins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activationSweepJob } from '../../src/jobs/activation-sweep.js';
import { requestExpiryJob } from '../../src/jobs/request-expiry.js';
import { runJob } from '../../src/jobs/scheduler.js';
import {
  ADMIN,
  ADMIN2,
  ADMIN_CHANNEL,
  GENERAL,
  REQUESTER,
  type Harness,
  startHarness,
  textOf,
} from '../support/harness.js';
import { eventually, flows } from '../support/flows.js';
import { click, countViews, findMessage, formValues, openedView, submit } from '../support/slack-actions.js';

const DAY = 86_400_000;
// Zoom's clock runs ahead of the real one by this much (lets a Zoom invitation lapse in a test).
let zoomAhead = 0;

let h: Harness;
let f: ReturnType<typeof flows>;
beforeAll(async () => {
  h = await startHarness({ zoom: { now: () => new Date(Date.now() + zoomAhead) }, start: { retryBaseMs: 50 } });
  f = flows(h);
  // No Zoom events: phonebot learns about acceptances and withdrawals only by asking Zoom.
  h.zoom.setWebhook(undefined);
});
afterAll(async () => {
  await h?.stop();
});

const adminSays = (re: RegExp) =>
  eventually(
    () =>
      h.slack
        .messages(ADMIN_CHANNEL)
        .map(textOf)
        .find((t) => re.test(t)),
    `an admin-channel message matching ${re}`,
  );
const request = (id: number) => f.db().provisioningRequest.findUniqueOrThrow({ where: { id } });

/** An add (by an approver) for someone not in Zoom yet, left waiting for them to accept. */
async function waitingAdd(email: string, ext: string) {
  await f.replyTo(`add ${email} ext ${ext} plan 200`);
  return eventually(async () => {
    const r = await f.db().provisioningRequest.findFirst({ where: { email, kind: 'add' }, orderBy: { id: 'desc' } });
    return r?.status === 'waiting_activation' ? r : undefined;
  }, `${email} to wait for activation`);
}

/** The same, asked by a non-approver and approved by an approver. */
async function waitingAddFromRequester(email: string, ext: string) {
  const reply = await f.replyTo(`add ${email} ext ${ext}`, REQUESTER);
  const id = Number(/Request #(\d+)/.exec(reply)?.[1]);
  const msg = await eventually(
    () => findMessage(h, ADMIN_CHANNEL, new RegExp(`Request #${id}\\b`)),
    `the approval message of #${id}`,
  );
  const before = countViews(h, 'approve_modal');
  await click(h, ADMIN2, { actionId: 'request_approve', value: String(id), channel: ADMIN_CHANNEL, messageTs: msg.ts });
  const view = await openedView(h, 'approve_modal', { after: before });
  await submit(h, ADMIN2, view, formValues({ email, extension: ext, plan: 'none' }));
  return eventually(async () => {
    const r = await request(id);
    return r.status === 'waiting_activation' ? r : undefined;
  }, `#${id} to wait for activation`);
}

async function finished(id: number) {
  return eventually(
    async () => {
      const r = await request(id);
      return r.status === 'done' || r.status === 'failed' ? r : undefined;
    },
    `#${id} to finish`,
    20_000,
  );
}

const withdrawCalls = (zoomUserId: string) =>
  h.zoom.calls.filter((c) => c.method === 'DELETE' && c.path.endsWith(`/users/${zoomUserId}`));

describe('cancel after acceptance', () => {
  it('a requester cancelling after the invitee accepted (no webhook) gets the setup finished, not a withdrawn user', async () => {
    const r = await waitingAddFromRequester('accepted1@example.com', '4701');
    await h.zoom.portal.acceptInvitation('accepted1@example.com', { webhook: false });
    const zoomUserId = h.zoom.state.findUser('accepted1@example.com')!.id;

    const reply = await f.replyTo(`cancel ${r.id}`, REQUESTER);
    expect(reply).toMatch(/Not cancelled: accepted1@example\.com already accepted the Zoom invitation/);
    expect(reply).toMatch(/would disassociate an active Zoom user/);
    expect(reply).toMatch(/ask a phonebot approver to remove it/);

    const done = await finished(r.id);
    expect(done.status).toBe('done');
    expect(withdrawCalls(zoomUserId)).toEqual([]);
    expect(f.zoomPhoneState('accepted1@example.com')).toMatchObject({ status: 'active', extension: '4701' });
    const drift = await f.audits('drift.adopted', 'accepted1@example.com');
    expect(drift).toHaveLength(1);
    expect(drift[0]).toMatchObject({
      actor: REQUESTER,
      requestId: r.id,
      before: { zoomStatus: 'pending' },
      after: { zoomStatus: 'active' },
    });
    await adminSays(/disagreed[\s\S]*accepted1@example\.com[\s\S]*did not withdraw them/);
  });

  it('an approver cancelling after acceptance is offered remove instead, and the setup finishes', async () => {
    const r = await waitingAdd('accepted2@example.com', '4702');
    await h.zoom.portal.acceptInvitation('accepted2@example.com', { webhook: false });
    const zoomUserId = h.zoom.state.findUser('accepted2@example.com')!.id;

    const reply = await f.replyTo(`cancel ${r.id}`, ADMIN);
    expect(reply).toMatch(/Not cancelled: accepted2@example\.com already accepted/);
    expect(reply).toMatch(/\/phone remove accepted2@example\.com \(restorable for \d+ days\)/);

    expect((await finished(r.id)).status).toBe('done');
    expect(withdrawCalls(zoomUserId)).toEqual([]);
    expect(f.zoomPhoneState('accepted2@example.com')).toMatchObject({
      status: 'active',
      extension: '4702',
      plans: [200],
    });
    expect(await f.audits('drift.adopted', 'accepted2@example.com')).toHaveLength(1);
  });
});

describe('the pending user vanished', () => {
  it('cancel of an invitation already withdrawn in the portal cancels without an error and frees the extension', async () => {
    const r = await waitingAdd('withdrawn1@example.com', '4711');
    const zoomUserId = h.zoom.state.findUser('withdrawn1@example.com')!.id;
    h.zoom.portal.withdrawInvitation('withdrawn1@example.com');

    const reply = await f.replyTo(`cancel ${r.id}`, ADMIN);
    expect(reply).toMatch(
      new RegExp(
        `Request #${r.id} for withdrawn1@example\\.com is cancelled\\. Nothing to withdraw: withdrawn1@example\\.com is no longer in Zoom`,
      ),
    );
    expect((await request(r.id)).status).toBe('cancelled');
    expect(withdrawCalls(zoomUserId)).toEqual([]);
    expect(await f.db().reservation.count({ where: { requestId: r.id } })).toBe(0);
    expect(await f.audits('drift.adopted', 'withdrawn1@example.com')).toHaveLength(1);
  });

  it('the activation sweep closes a request whose invitation was withdrawn in the portal, and tells requester and admins', async () => {
    const r = await waitingAddFromRequester('withdrawn2@example.com', '4712');
    h.zoom.portal.withdrawInvitation('withdrawn2@example.com');

    const result = await runJob(h.bot.services, activationSweepJob, {});
    expect(result.summary).toMatch(/0 still pending.*1 gone from Zoom \(closed their requests\)/);
    const closed = await request(r.id);
    expect(closed.status).toBe('failed');
    expect(closed.lastError).toMatch(
      /withdrawn2@example\.com is no longer in Zoom: the invitation was withdrawn or the user deleted outside phonebot/,
    );
    expect(closed.lastError).toMatch(/extension 4712 is free again/);
    expect(await f.db().reservation.count({ where: { requestId: r.id } })).toBe(0);
    expect((await f.db().phoneUser.findUniqueOrThrow({ where: { email: 'withdrawn2@example.com' } })).state).toBe(
      'cancelled',
    );
    expect(await f.audits('drift.adopted', 'withdrawn2@example.com')).toMatchObject([
      { before: { zoomStatus: 'pending' }, after: { zoomStatus: 'not found' } },
    ]);
    await eventually(
      () =>
        h.slack
          .dms(REQUESTER)
          .map(textOf)
          .find((t) => t.includes(`Request #${r.id}`) && /no longer in Zoom/.test(t)),
      'the requester told',
    );
    await adminSays(/disagreed[\s\S]*withdrawn2@example\.com[\s\S]*no longer in Zoom/);
    // The extension can be used again, and the next sweep has nothing left to check.
    expect((await runJob(h.bot.services, activationSweepJob, {})).summary).not.toMatch(/withdrawn2/);
    expect(await f.replyTo('add alice@example.com ext 4712')).not.toMatch(/held/);
  });

  it('the activation sweep treats a user deleted in the portal as gone, not pending', async () => {
    const r = await waitingAdd('deleted1@example.com', '4713');
    h.zoom.portal.deleteUser('deleted1@example.com');
    const result = await runJob(h.bot.services, activationSweepJob, {});
    expect(result.details?.gone).toEqual(['deleted1@example.com']);
    expect(result.details?.stillPending).toEqual([]);
    expect((await request(r.id)).status).toBe('failed');
    // The admin who asked gets the reason by DM; the channel they typed in only that it could not be finished.
    await eventually(
      () =>
        h.slack
          .dms(ADMIN)
          .map(textOf)
          .find((t) => t.includes('deleted1@example.com') && /no longer in Zoom/.test(t)),
      'the requester told',
    );
    const line = await eventually(
      () =>
        h.slack
          .messages(GENERAL)
          .map(textOf)
          .find((t) => t.includes('deleted1@example.com') && /could not be finished/.test(t)),
      'the origin channel told',
    );
    expect(line).not.toMatch(/no longer in Zoom/);
  });

  it('/phone resend of a withdrawn invitation closes the request instead of inviting again', async () => {
    const r = await waitingAdd('withdrawn3@example.com', '4714');
    h.zoom.portal.withdrawInvitation('withdrawn3@example.com');
    const reply = await f.replyTo('resend withdrawn3@example.com');
    expect(reply).toMatch(
      /withdrawn3@example\.com is no longer in Zoom.*no invitation to re-send; request #\d+ is closed/s,
    );
    expect(h.zoom.state.findUser('withdrawn3@example.com')).toBeUndefined();
    const closed = await request(r.id);
    expect(closed.status).toBe('failed');
    expect(await f.db().reservation.count({ where: { requestId: r.id } })).toBe(0);
    expect(await f.audits('drift.adopted', 'withdrawn3@example.com')).toHaveLength(1);
  });

  it('/phone resend for someone who accepted meanwhile finishes their setup instead of withdrawing them', async () => {
    const r = await waitingAdd('accepted3@example.com', '4715');
    await h.zoom.portal.acceptInvitation('accepted3@example.com', { webhook: false });
    const zoomUserId = h.zoom.state.findUser('accepted3@example.com')!.id;
    const reply = await f.replyTo('resend accepted3@example.com');
    expect(reply).toMatch(
      /accepted3@example\.com already accepted the Zoom invitation.*nothing to re-send; phonebot is finishing the phone setup/s,
    );
    expect((await finished(r.id)).status).toBe('done');
    expect(withdrawCalls(zoomUserId)).toEqual([]);
    expect(h.zoom.state.findUser('accepted3@example.com')?.id).toBe(zoomUserId);
    expect(f.zoomPhoneState('accepted3@example.com')).toMatchObject({ status: 'active', extension: '4715' });
    expect(await f.audits('drift.adopted', 'accepted3@example.com')).toMatchObject([
      { actor: ADMIN, after: { zoomStatus: 'active' } },
    ]);
  });

  it('a re-send that finds the invitee accepted while it was queued keeps the user and ends without withdrawing', async () => {
    // carol@example.com is Pending in Zoom (invited outside phonebot). Her first read by the re-send step is
    // slow; she accepts meanwhile.
    const carol = h.zoom.state.findUser('carol@example.com')!;
    expect(carol.status).toBe('pending');
    h.zoom.injectFault({ method: 'GET', path: `/v2/users/${carol.id}`, kind: 'status', status: 503, delayMs: 2_500 });
    await f.replyTo('resend carol@example.com');
    await eventually(
      () => h.zoom.calls.some((c) => c.method === 'GET' && c.path === `/v2/users/${carol.id}`),
      'the re-send step to read carol',
    );
    await h.zoom.portal.acceptInvitation('carol@example.com', { webhook: false });

    const r = await f.settled('carol@example.com', 'resend');
    expect(r.status).toBe('done');
    expect(withdrawCalls(carol.id)).toEqual([]);
    expect(h.zoom.state.findUser('carol@example.com')).toMatchObject({ id: carol.id, status: 'active' });
    expect(await f.audits('drift.adopted', 'carol@example.com')).toMatchObject([
      { requestId: r.id, before: { zoomStatus: 'pending' }, after: { zoomStatus: 'active' } },
    ]);
    await adminSays(/disagreed[\s\S]*carol@example\.com[\s\S]*did not withdraw it/);
  });

  it('/phone resend after Zoom let the invitation lapse invites again, and the waiting setup follows the new invitation', async () => {
    const r = await waitingAdd('lapsed2@example.com', '4731');
    const oldId = h.zoom.state.findUser('lapsed2@example.com')!.id;
    zoomAhead = 31 * DAY;
    try {
      expect(await f.replyTo('resend lapsed2@example.com')).toMatch(/re-sending the Zoom invitation/);
      expect((await f.settled('lapsed2@example.com', 'resend')).status).toBe('done');
      const fresh = h.zoom.state.findUser('lapsed2@example.com')!;
      expect(fresh.id).not.toBe(oldId);
      expect(fresh.status).toBe('pending');
      expect((await request(r.id)).status).toBe('waiting_activation');
      await h.zoom.portal.acceptInvitation('lapsed2@example.com', { webhook: false });
      await runJob(h.bot.services, activationSweepJob, {});
      expect((await finished(r.id)).status).toBe('done');
      expect(f.zoomPhoneState('lapsed2@example.com')).toMatchObject({ status: 'active', extension: '4731' });
    } finally {
      zoomAhead = 0;
    }
  });

  it('request-expiry decides waiting requests past 30 days from Zoom: a live invitation waits, a lapsed one closes, an accepted one finishes', async () => {
    const lapsing = await waitingAdd('lapsed1@example.com', '4721');
    const accepting = await waitingAdd('accepted4@example.com', '4722');
    const later = new Date(Date.now() + 31 * DAY);

    // phonebot's clock says 31 days, Zoom still shows both invitations live: nothing is closed.
    const early = await runJob(h.bot.services, requestExpiryJob, { now: later });
    expect(early.summary).toMatch(/still waiting, Zoom shows a live invitation/);
    expect((await request(lapsing.id)).status).toBe('waiting_activation');

    // In Zoom, 31 days pass: one invitee accepted just in time (no webhook), the other invitation lapsed.
    await h.zoom.portal.acceptInvitation('accepted4@example.com', { webhook: false });
    zoomAhead = 31 * DAY;
    try {
      const result = await runJob(h.bot.services, requestExpiryJob, { now: later });
      expect(result.summary).toMatch(
        new RegExp(`1 waiting request\\(s\\) closed, the invitation gone in Zoom: #${lapsing.id}`),
      );
      expect(result.summary).toMatch(new RegExp(`1 finished, accepted in Zoom: #${accepting.id}`));
      const closed = await request(lapsing.id);
      expect(closed.status).toBe('failed');
      expect(closed.lastError).toMatch(/The Zoom invitation to lapsed1@example\.com expired unanswered/);
      expect(await f.db().reservation.count({ where: { requestId: lapsing.id } })).toBe(0);
      expect(await f.audits('drift.adopted', 'lapsed1@example.com')).toMatchObject([
        { after: { zoomStatus: 'expired' } },
      ]);
      expect((await finished(accepting.id)).status).toBe('done');
      expect(f.zoomPhoneState('accepted4@example.com')).toMatchObject({ status: 'active', extension: '4722' });
      expect(await f.audits('drift.adopted', 'accepted4@example.com')).toHaveLength(1);
    } finally {
      zoomAhead = 0;
    }
  });
});
