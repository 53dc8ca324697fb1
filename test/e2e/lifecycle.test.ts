// After onboarding: change extension, remove calling plans, soft delete → restore, purge after the window,
// pending reminders and re-sending invitations — driven through signed commands, modals and jobs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingRemindersJob } from '../../src/jobs/pending-reminders.js';
import { purgePlan, queuePurges } from '../../src/domain/lifecycle.js';
import type { RequestRow } from '../../src/domain/provisioning/types.js';
import { purgeJob } from '../../src/jobs/purge.js';
import { runJob } from '../../src/jobs/scheduler.js';
import { SITE_LONDON_ID } from '../../src/zoom/emulator/index.js';
import { eventually } from '../support/eventually.js';
import { ADMIN, ADMIN_CHANNEL, GENERAL, OUTSIDER, type Harness, startHarness, textOf } from '../support/harness.js';
import { buttonsOf, countViews, findMessage, openedView, submit } from '../support/slack-actions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const db = () => h.bot.services.db;
const DAY = 86_400_000;

// Requests already settled when a step of a test begins are not the one it waits for.
let seen = 0;
async function mark() {
  seen = (await db().provisioningRequest.aggregate({ _max: { id: true } }))._max.id ?? 0;
}

async function settled(email: string, kind: string, untilDone = false, since = seen) {
  const open = ['queued', 'awaiting_approval', ...(untilDone ? ['waiting_activation'] : [])];
  let last: RequestRow | null = null;
  return eventually(
    async () => {
      last = await db().provisioningRequest.findFirst({
        where: { email, kind, id: { gt: since } },
        orderBy: { id: 'desc' },
      });
      return last && !open.includes(last.status) ? last : undefined;
    },
    () => `${kind} for ${email} to settle (${last?.status} at ${last?.step}: ${last?.lastError ?? ''})`,
    20_000,
  );
}

async function replyTo(text: string, user = ADMIN) {
  await mark();
  const res = await h.command(text, { user });
  return h.slack.waitFor(
    () =>
      h
        .responsesTo(res.responseUrl)
        .map(textOf)
        .find((t) => !/^⏳/.test(t)),
    { timeoutMs: 10_000, message: `no reply to ${text}` },
  );
}

/** Runs a destructive command through its confirmation modal; returns the modal's text before confirming. */
async function confirmed(text: string) {
  await mark();
  const before = countViews(h, 'confirm_modal');
  await h.command(text, { user: ADMIN });
  const view = await openedView(h, 'confirm_modal', { after: before });
  const shown = textOf(view.view);
  const res = await submit(h, ADMIN, view, {});
  expect(res.status).toBe(200);
  return shown;
}

function zoomPhoneState(email: string) {
  const u = h.zoom.state.findUser(email);
  if (!u) return undefined;
  return {
    status: u.status,
    extension: u.phone?.extensionNumber,
    plans: u.phone?.callingPlans ?? [],
    numbers: h.zoom.state
      .numbersOf(u.id)
      .map((n) => n.number)
      .sort(),
    siteId: u.phone?.siteId,
    templateId: u.phone?.templateId,
  };
}

describe('changing an extension and removing a calling plan', () => {
  it('/phone ext changes the extension after the same checks as add', async () => {
    expect(await replyTo('ext bob@example.com 1001')).toMatch(/already has extension 1001/);
    expect(await replyTo('ext bob@example.com 4021', OUTSIDER)).toMatch(/Not allowed/);
    expect(await replyTo('ext bob@example.com 1502')).toMatch(/Request #\d+/);
    const r = await settled('bob@example.com', 'update');
    expect(r.status).toBe('done');
    expect(zoomPhoneState('bob@example.com')?.extension).toBe('1502');
    const audit = await db().auditLog.findFirst({ where: { requestId: r.id, action: 'phone_user.updated' } });
    expect(JSON.stringify(audit?.before)).toContain('1001');
    expect(JSON.stringify(audit?.after)).toContain('1502');
  });

  it('/phone remove-package asks for confirmation, then removes only the plan', async () => {
    const shown = await confirmed('remove-package bob@example.com');
    expect(shown).toMatch(/can no longer make outbound calls/);
    expect(shown).toMatch(/keep their Zoom Phone licence and extension/);
    const r = await settled('bob@example.com', 'remove-package');
    expect(r.status).toBe('done');
    const bob = zoomPhoneState('bob@example.com')!;
    expect(bob.plans).toEqual([]);
    expect(bob.extension).toBe('1502');
    expect(h.zoom.state.findUser('bob@example.com')?.zoomPhone).toBe(true);
  });
});

describe('soft delete, restore and purge', () => {
  it('remove → restore puts back exactly the same Zoom state', async () => {
    // London has no default emergency address: a number there needs the person's own (issue 15).
    await replyTo(
      `add alice@example.com ext 4500 plan 200 number +14155550105 site London template "Sales Team" address "1 Main St, Springfield, IL 62701, US"`,
    );
    expect((await settled('alice@example.com', 'add')).status).toBe('done');
    const before = zoomPhoneState('alice@example.com')!;
    expect(before).toMatchObject({
      extension: '4500',
      plans: [200],
      numbers: ['+14155550105'],
      siteId: SITE_LONDON_ID,
    });
    const seatsBefore = h.zoom.state.planUsage(200)!.available;

    const shown = await confirmed('remove alice@example.com');
    expect(shown).toMatch(/deletes their recordings, voicemail and call history/);
    expect(shown).toMatch(/restore/);
    const removed = await settled('alice@example.com', 'remove');
    expect(removed.status).toBe('done');
    expect(zoomPhoneState('alice@example.com')?.status).toBe('inactive');
    expect(h.zoom.state.planUsage(200)!.available).toBe(seatsBefore + 1);
    const known = await db().phoneUser.findUniqueOrThrow({ where: { email: 'alice@example.com' } });
    expect(known.state).toBe('soft_deleted');
    expect(known.purgeAfter!.getTime() - known.softDeletedAt!.getTime()).toBe(30 * DAY);
    // Held meanwhile: phonebot will not give the extension or number to anyone else.
    expect(await replyTo('add dora@example.com ext 4500')).toMatch(
      /extension 4500 is held for alice@example\.com \(removed/,
    );
    expect(await replyTo('trash')).toMatch(/alice@example\.com.*purged on/s);

    expect(await replyTo('restore alice@example.com')).toMatch(/Request #\d+/);
    const restored = await settled('alice@example.com', 'restore');
    expect(restored.status).toBe('done');
    const after = zoomPhoneState('alice@example.com')!;
    expect({ ...after, templateId: undefined }).toEqual({ ...before, templateId: undefined });
    expect(after.templateId).toBe(before.templateId);
    expect((await db().phoneUser.findUniqueOrThrow({ where: { email: 'alice@example.com' } })).state).toBe('active');
    expect(await db().reservation.count({ where: { value: { in: ['4500', '+14155550105'] } } })).toBe(0);
  });

  it('restore reports what can no longer be restored and restores the rest', async () => {
    // erin already has an active Zoom account (invited earlier, accepted).
    await h.bot.services.zoom.createUser({ email: 'erin@example.com' });
    await h.zoom.acceptInvitation('erin@example.com');
    await replyTo('add erin@example.com ext 4510 plan 100 number +14155550106');
    expect((await settled('erin@example.com', 'add')).status).toBe('done');
    await confirmed('remove erin@example.com');
    expect((await settled('erin@example.com', 'remove')).status).toBe('done');
    // Meanwhile another admin gives erin's number to bob in the Zoom portal.
    await h.bot.services.zoom.assignCallingPlans('bob@example.com', [100]);
    await h.bot.services.zoom.assignPhoneNumbers('bob@example.com', ['+14155550106']);
    await replyTo('restore erin@example.com');
    const r = await settled('erin@example.com', 'restore');
    expect(r.status).toBe('done');
    const erin = zoomPhoneState('erin@example.com')!;
    expect(erin).toMatchObject({ status: 'active', extension: '4510', plans: [100], numbers: [] });
    const report = await h.slack.waitFor(
      () =>
        h.slack
          .messages(ADMIN_CHANNEL)
          .map(textOf)
          .find((t) => t.includes('erin@example.com') && /Restored, except/.test(t)),
      { timeoutMs: 10_000, message: 'no partial-restore report' },
    );
    expect(report).toMatch(/Number \+14155550106 could not be restored/);
    // The actor's DM goes through the outbox on its own: wait for it as for the channel message.
    const dm = await h.slack.waitFor(
      () =>
        h.slack
          .dms(ADMIN)
          .map(textOf)
          .find((t) => t.includes('erin@example.com') && /Restored, except/.test(t)),
      { timeoutMs: 10_000, message: 'no partial-restore DM to the actor' },
    );
    expect(dm).toMatch(/\+14155550106/);
    // The channel the restore was typed in learns only that it is done, not which number was lost.
    const line = h.slack
      .messages(GENERAL)
      .map(textOf)
      .filter((t) => t.includes('erin@example.com'));
    expect(line.join('\n')).not.toMatch(/\+1415|Kept for restore|Restored, except/);
  });

  it('purge: nothing before the window ends, the user deleted for good after it, admins told before and after', async () => {
    await confirmed('remove erin@example.com');
    expect((await settled('erin@example.com', 'remove')).status).toBe('done');
    const s = h.bot.services;
    const early = await runJob(s, purgeJob, { now: new Date(Date.now() + 29 * DAY) });
    expect(early.summary).toMatch(/nobody is due/);
    expect(h.zoom.state.findUser('erin@example.com')).toBeDefined();
    // Within 24 h of the purge: the notice lists her.
    await runJob(s, purgeJob, { now: new Date(Date.now() + 29.5 * DAY) });
    await h.slack.waitFor(() => findMessage(h, ADMIN_CHANNEL, /Purge in the next 24 hours[\s\S]*erin@example\.com/), {
      timeoutMs: 10_000,
      message: 'no purge notice',
    });
    const dry = await runJob(s, purgeJob, { now: new Date(Date.now() + 31 * DAY), dryRun: true });
    expect(dry.summary).toMatch(/1 user\(s\) would be purged/);
    expect(h.zoom.state.findUser('erin@example.com')).toBeDefined();
    const done = await runJob(s, purgeJob, { now: new Date(Date.now() + 31 * DAY) });
    expect(done.summary).toMatch(/1 purged/);
    expect(h.zoom.state.findUser('erin@example.com')).toBeUndefined();
    expect((await db().phoneUser.findUniqueOrThrow({ where: { email: 'erin@example.com' } })).state).toBe('purged');
    await h.slack.waitFor(() => findMessage(h, ADMIN_CHANNEL, /Purge done[\s\S]*erin@example\.com/), {
      timeoutMs: 10_000,
      message: 'no purge summary',
    });
    expect(await replyTo('restore erin@example.com')).toMatch(/was purged/);
    // Running it again finds nothing more to do.
    expect((await runJob(s, purgeJob, { now: new Date(Date.now() + 32 * DAY) })).summary).toMatch(/nobody is due/);
  });
});

describe('purge and restore racing', () => {
  it('a user restored after the purge run made its plan is not queued for deletion', async () => {
    const s = h.bot.services;
    const removedAt = new Date(Date.now() - 31 * DAY);
    await db().phoneUser.create({
      data: {
        email: 'racer@example.com',
        zoomUserId: 'RacerAAAAAAAAAAAAAAAAA',
        zoomStatus: 'inactive',
        state: 'soft_deleted',
        softDeletedAt: removedAt,
        purgeAfter: new Date(removedAt.getTime() + 30 * DAY),
        extension: '4999',
      },
    });
    const now = new Date();
    const plan = await purgePlan(s, now);
    expect(plan.due.map((d) => d.email)).toContain('racer@example.com');
    // The restore finishes between the plan and the queueing.
    await db().phoneUser.update({
      where: { email: 'racer@example.com' },
      data: { state: 'active', zoomStatus: 'active' },
    });
    const { queued } = await queuePurges(
      s,
      plan.due.filter((d) => d.email === 'racer@example.com'),
      now,
    );
    expect(queued).toEqual([]);
    expect(await db().provisioningRequest.count({ where: { kind: 'purge', email: 'racer@example.com' } })).toBe(0);
  });
});

describe('pending users', () => {
  it('reminds once a day about users pending too long, with Resend buttons, and stays quiet otherwise', async () => {
    const s = h.bot.services;
    expect((await runJob(s, pendingRemindersJob, { now: new Date() })).summary).toBe('nobody to remind about');
    await replyTo('add slow@example.com ext 4520');
    expect((await settled('slow@example.com', 'add')).status).toBe('waiting_activation');
    expect((await runJob(s, pendingRemindersJob, { now: new Date(Date.now() + 47 * 3_600_000) })).summary).toBe(
      'nobody to remind about',
    );
    const first = await runJob(s, pendingRemindersJob, { now: new Date(Date.now() + 49 * 3_600_000) });
    expect(first.summary).toBe('reminded about 1 pending user(s)');
    const digest = await h.slack.waitFor(
      () => findMessage(h, ADMIN_CHANNEL, /Still Pending after 48 h[\s\S]*slow@example\.com/),
      { timeoutMs: 10_000, message: 'no digest' },
    );
    expect(textOf(digest)).toMatch(/invitation expires in 28 day/);
    expect(buttonsOf(digest).map((b) => [b.actionId, b.value])).toEqual([['user_resend', 'slow@example.com']]);
    expect((await runJob(s, pendingRemindersJob, { now: new Date(Date.now() + 60 * 3_600_000) })).summary).toBe(
      'nobody to remind about',
    );
    expect((await runJob(s, pendingRemindersJob, { now: new Date(Date.now() + 74 * 3_600_000) })).summary).toBe(
      'reminded about 1 pending user(s)',
    );
  });

  it('/phone resend re-invites (new Zoom id) and the pending setup follows the user', async () => {
    const oldId = h.zoom.state.findUser('slow@example.com')!.id;
    expect(await replyTo('resend slow@example.com')).toMatch(/withdraws the pending invitation and invites again/);
    expect((await settled('slow@example.com', 'resend')).status).toBe('done');
    const now = h.zoom.state.findUser('slow@example.com')!;
    expect(now.id).not.toBe(oldId);
    expect(now.status).toBe('pending');
    const add = await settled('slow@example.com', 'add', false, 0);
    expect(add.status).toBe('waiting_activation');
    expect((add.progress as { zoomUserId: string }).zoomUserId).toBe(now.id);
    await h.zoom.acceptInvitation('slow@example.com');
    expect((await settled('slow@example.com', 'add', true, 0)).status).toBe('done');
    expect(zoomPhoneState('slow@example.com')?.extension).toBe('4520');
    expect(await replyTo('resend bob@example.com')).toMatch(/only Pending users/);
  });
});

describe('who may', () => {
  it.each([
    'remove bob@example.com',
    'restore alice@example.com',
    'resend carol@example.com',
    'remove-package bob@example.com',
    'trash',
    'pending',
  ])('non-approvers are refused: /phone %s', async (text) => {
    expect(await replyTo(text, OUTSIDER)).toMatch(/Not allowed/);
  });
});
