// Zoom is the truth, situation 2: purge deletes only users that are still deactivated in Zoom *and* still
// removed in phonebot. A user reactivated in the portal, or by a restore that failed half-way, is kept,
// named in the purge summary, and their record follows Zoom.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeJob } from '../../src/jobs/purge.js';
import { runJob } from '../../src/jobs/scheduler.js';
import { ADMIN_CHANNEL, type Harness, startHarness, textOf } from '../support/harness.js';
import { eventually, flows } from '../support/flows.js';

let h: Harness;
let f: ReturnType<typeof flows>;
beforeAll(async () => {
  h = await startHarness();
  f = flows(h);
});
afterAll(async () => {
  await h?.stop();
});

const DAY = 86_400_000;

async function addAndRemove(email: string, ext: string) {
  await h.bot.services.zoom.createUser({ email });
  await h.zoom.portal.acceptInvitation(email, { webhook: false });
  await f.replyTo(`add ${email} ext ${ext} plan 200`);
  expect((await f.settled(email, 'add')).status).toBe('done');
  await f.confirmed(`remove ${email}`);
  expect((await f.settled(email, 'remove')).status).toBe('done');
  expect(h.zoom.state.findUser(email)?.status).toBe('inactive');
}

describe('purge of a user who came back', () => {
  it('keeps a user reactivated in the portal, adopts Zoom state, and still purges the others', async () => {
    await addAndRemove('back@example.com', '4601');
    await addAndRemove('gone@example.com', '4602');
    // An admin reactivates back@ in the Zoom web portal; phonebot is not told.
    h.zoom.portal.reactivate('back@example.com');

    const result = await runJob(h.bot.services, purgeJob, { now: new Date(Date.now() + 31 * DAY) });
    expect(result.summary).toMatch(/^1 purged/);
    expect(h.zoom.state.findUser('gone@example.com')).toBeUndefined();
    // Never deleted: Zoom shows the user active.
    expect(h.zoom.state.findUser('back@example.com')?.status).toBe('active');
    const backId = h.zoom.state.findUser('back@example.com')!.id;
    expect(h.zoom.calls.filter((c) => c.method === 'DELETE' && c.path.endsWith(`/users/${backId}`))).toEqual([]);

    const record = await f.db().phoneUser.findUniqueOrThrow({ where: { email: 'back@example.com' } });
    expect(record).toMatchObject({ state: 'active', zoomStatus: 'active', purgeAfter: null });
    // Zoom, not phonebot, decides who gets the extension now.
    expect(await f.db().reservation.count({ where: { value: '4601' } })).toBe(0);
    const drift = await f.audits('drift.adopted', 'back@example.com');
    expect(drift).toHaveLength(1);
    expect(drift[0]).toMatchObject({ before: { zoomStatus: 'inactive' }, after: { zoomStatus: 'active' } });

    const summary = await eventually(
      () =>
        h.slack
          .messages(ADMIN_CHANNEL)
          .map(textOf)
          .find((t) => /Purge done/.test(t)),
      'the purge summary',
    );
    expect(summary).toMatch(/Not purged:[\s\S]*back@example\.com: active in Zoom again/);
    expect(summary).toMatch(/gone@example\.com/);
    const notice = await eventually(
      () =>
        h.slack
          .messages(ADMIN_CHANNEL)
          .map(textOf)
          .find((t) => /disagreed/.test(t) && t.includes('back@example.com')),
      'the drift notice',
    );
    expect(notice).toMatch(/Not purged: back@example\.com is active in Zoom again/);
    // The next run has nobody left to purge, and does not loop on back@.
    expect((await runJob(h.bot.services, purgeJob, { now: new Date(Date.now() + 32 * DAY) })).summary).toMatch(
      /nobody is due/,
    );
  });

  it('keeps a user whose restore reactivated them and then failed', async () => {
    await addAndRemove('half@example.com', '4603');
    // No Zoom Phone licence left: the restore reactivates the user, then cannot give them Zoom Phone.
    const licences = h.zoom.state.account.phoneLicenses;
    h.zoom.state.account.phoneLicenses = h.zoom.state.phoneLicensesUsed();
    try {
      await f.replyTo('restore half@example.com');
      const r = await f.settled('half@example.com', 'restore');
      expect(r.status).toBe('failed');
      expect(r.lastError).toMatch(/no Zoom Phone licence/);
    } finally {
      h.zoom.state.account.phoneLicenses = licences;
    }
    expect(h.zoom.state.findUser('half@example.com')?.status).toBe('active');
    const result = await runJob(h.bot.services, purgeJob, { now: new Date(Date.now() + 31 * DAY) });
    expect(result.summary).toMatch(/^0 purged/);
    expect(h.zoom.state.findUser('half@example.com')?.status).toBe('active');
    expect((await f.db().phoneUser.findUniqueOrThrow({ where: { email: 'half@example.com' } })).state).toBe('active');
    expect(await f.audits('drift.adopted', 'half@example.com')).toHaveLength(1);
  });
});
