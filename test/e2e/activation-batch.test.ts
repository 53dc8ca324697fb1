// Invitees of a CSV import who accept close together finish their phones through POST /phone/users/batch
// (they are active Zoom users now, which the batch call needs: docs/reference/zoom-api.md §7.4) instead of four per-user
// calls each; when Zoom refuses such a batch, the per-user steps take over and only the row at fault fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSharedEnvelope, sendEvent } from '../fakes/slack/index.js';
import { ADMIN, GENERAL, type Harness, SIGNING_SECRET, startHarness, textOf } from '../support/harness.js';
import { buttonsOf, click } from '../support/slack-actions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const db = () => h.bot.services.db;
const email = (i: number) => `wave${i}@example.com`;

async function invite(name: string, rows: string[]): Promise<number> {
  const file = h.slack.addFile({
    name,
    content: ['Email,First Name,Last Name,Extension,Calling Plan,Site', ...rows].join('\n'),
    user: ADMIN,
    channel: GENERAL,
    filetype: 'csv',
  });
  await sendEvent(
    h.bot.url,
    SIGNING_SECRET,
    fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL }),
  );
  const msg = await h.slack.waitFor(
    () => h.slack.messages(GENERAL).find((m) => textOf(m).includes(`CSV import: ${name}`)),
    { timeoutMs: 15_000, message: `no preview for ${name}` },
  );
  const batch = await db().batch.findFirstOrThrow({ where: { fileName: name } });
  const run = buttonsOf(msg).find((b) => b.actionId === 'csv_run')!;
  await click(h, ADMIN, { ...run, channel: GENERAL, messageTs: msg.ts });
  await h.slack.waitFor(
    async () =>
      (await db().provisioningRequest.count({ where: { batchId: batch.id, status: 'waiting_activation' } })) ===
        rows.length || undefined,
    { timeoutMs: 20_000, message: 'the invitees are not waiting' },
  );
  return batch.id;
}

const settled = (batchId: number, n: number) =>
  h.slack.waitFor(
    async () =>
      (await db().provisioningRequest.count({ where: { batchId, status: { in: ['done', 'failed'] } } })) === n ||
      undefined,
    { timeoutMs: 20_000, message: 'the accepted invitees are not finished' },
  );

const batchCalls = (from: number) =>
  h.zoom.calls.slice(from).filter((c) => c.method === 'POST' && c.path === '/v2/phone/users/batch' && c.status < 300);
const usersIn = (call: { body?: unknown }) =>
  ((call.body as { users: { email: string }[] }).users ?? []).map((u) => u.email);

describe('an onboarding wave: invitees accept within a moment', () => {
  it('finishes their phones through shared batch calls, with no per-user licence, extension or plan call', async () => {
    const batchId = await invite(
      'wave.csv',
      [0, 1, 2].map((i) => `${email(i)},Wave,${i},${4800 + i},US/CA Unlimited,Main Office`),
    );
    const before = h.zoom.calls.length;
    await Promise.all([0, 1, 2].map((i) => h.zoom.acceptInvitation(email(i))));
    await settled(batchId, 3);

    for (const i of [0, 1, 2]) {
      const u = h.zoom.state.findUser(email(i))!;
      expect(u.phone).toMatchObject({ extensionNumber: String(4800 + i), callingPlans: [200] });
      expect(await db().phoneUser.findUnique({ where: { email: email(i) } })).toMatchObject({
        state: 'active',
        zoomStatus: 'active',
        extension: String(4800 + i),
      });
    }
    const calls = h.zoom.calls.slice(before);
    const sent = batchCalls(before);
    expect(sent.flatMap(usersIn).sort()).toEqual([email(0), email(1), email(2)]);
    // Acceptances within the window share a call (three webhooks delivered together).
    expect(sent.length).toBeLessThan(3);
    expect(calls.filter((c) => /^\/v2\/users\/[^/]+\/settings$/.test(c.path) && c.method === 'PATCH')).toEqual([]);
    // No per-user phone write (extension, plan); the batch call is the one write.
    const perUser = (path: string) => /^\/v2\/phone\/users\/(?!batch$)[^/]+(\/calling_plans)?$/.test(path);
    expect(calls.filter((c) => perUser(c.path) && c.method !== 'GET')).toEqual([]);
    const done = await db().auditLog.findMany({ where: { batchId, action: 'phone_user.provisioned' } });
    expect(done.map((a) => (a.after as { via?: string }).via)).toEqual(Array(3).fill('POST /phone/users/batch'));
  });

  it('when Zoom refuses the batch, the others finish user by user and only the row at fault fails', async () => {
    const batchId = await invite(
      'wave2.csv',
      [3, 4].map((i) => `${email(i)},Wave,${i},${4800 + i},US/CA Unlimited,Main Office`),
    );
    // While they wait, someone gives 4803 to bob in the Zoom portal.
    await h.bot.services.zoom.updatePhoneUser('bob@example.com', { extensionNumber: '4803' });
    await Promise.all([3, 4].map((i) => h.zoom.acceptInvitation(email(i))));
    await settled(batchId, 2);

    expect(h.zoom.state.findUser(email(4))!.phone?.extensionNumber).toBe('4804');
    expect(h.zoom.state.findUser(email(3))!.zoomPhone).toBe(false);
    const failed = await db().provisioningRequest.findFirstOrThrow({ where: { email: email(3) } });
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toMatch(/extension 4803 is used by bob@example\.com in Zoom/);
  });
});
