// Requests stored by the version before the typed schemas (src/domain/stored) resume after the upgrade:
// rows created through today's code path read back exactly as written, rows inserted as the JSON that
// version wrote run to completion, and a shape no version of phonebot wrote fails at once with an error
// naming the request and the field, without a single Zoom call for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddDesired, Progress, StoredPayload } from '../../src/domain/stored/index.js';
import { ADMIN, ADMIN_CHANNEL, type Harness, startHarness, textOf } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const db = () => h.bot.services.db;

async function settled(id: number, statuses: string[]) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await db().provisioningRequest.findUniqueOrThrow({ where: { id } });
    if (statuses.includes(r.status)) return r;
    if (Date.now() > deadline) throw new Error(`request #${id} is still ${r.status} at step ${r.step}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** A request row as the previous version inserted it (requests.ts createRequest), JSON columns literal. */
async function insertRequest(row: { kind: string; email: string; desired: object; progress: object; step: string }) {
  const created = await db().provisioningRequest.create({
    data: { ...row, status: 'queued', requestedBy: ADMIN, decidedBy: null },
  });
  h.bot.services.worker.kick();
  return created;
}

describe('stored shapes', () => {
  it('an add made through /phone add stores what the schemas read back unchanged, and completes', async () => {
    await h.command('add alice@example.com ext 4300 plan 200 site "Main Office"', { user: ADMIN });
    const deadline = Date.now() + 10_000;
    let row = await db().provisioningRequest.findFirst({ where: { email: 'alice@example.com' } });
    while (!row && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 50));
      row = await db().provisioningRequest.findFirst({ where: { email: 'alice@example.com' } });
    }
    expect(row).toBeTruthy();
    // Nothing today's code writes is dropped or refused by the schema it is read with.
    expect(AddDesired.parse(row!.desired)).toEqual(row!.desired);
    expect(Progress.parse(row!.progress)).toEqual(row!.progress);
    const done = await settled(row!.id, ['done', 'failed']);
    expect(done.lastError).toBeNull();
    expect(done.status).toBe('done');
    const phone = h.zoom.state.findUser('alice@example.com')?.phone;
    expect(phone?.extensionNumber).toBe('4300');
    expect(phone?.callingPlans).toEqual([200]);
  });

  it('an add stored by the previous version before the invitation resumes, waits for the invitee and completes', async () => {
    const row = await insertRequest({
      kind: 'add',
      email: 'erin@example.com',
      desired: {
        email: 'erin@example.com',
        firstName: 'Erin',
        extension: '4310',
        extensionAuto: false,
        plan: { type: 200, name: 'US/CA Unlimited Calling Plan' },
        numberAuto: false,
      },
      progress: {},
      step: 'lookup',
    });
    const waiting = await settled(row.id, ['waiting_activation', 'done', 'failed']);
    expect(waiting.status).toBe('waiting_activation');
    expect(h.zoom.state.findUser('erin@example.com')?.status).toBe('pending');
    await h.zoom.acceptInvitation('erin@example.com');
    const done = await settled(row.id, ['done', 'failed']);
    expect(done.lastError).toBeNull();
    expect(done.status).toBe('done');
    const phone = h.zoom.state.findUser('erin@example.com')?.phone;
    expect(phone?.extensionNumber).toBe('4310');
    expect(phone?.callingPlans).toEqual([200]);
  });

  it('an update stored mid-way by the previous version (a step left uncertain) re-reads and completes', async () => {
    const bob = h.zoom.state.findUser('bob@example.com')!;
    const row = await insertRequest({
      kind: 'update',
      email: 'bob@example.com',
      desired: { extension: '4311' },
      // What the `start` step of that version recorded, with the write-ahead intent of the next step.
      progress: {
        current: { zoomUserId: bob.id, extension: '1001', plans: [200], numbers: ['+14155550199'] },
        before: { zoomUserId: bob.id, extension: '1001', plans: [200], numbers: ['+14155550199'] },
        zoomUserId: bob.id,
        uncertain: 'configure',
      },
      step: 'configure',
    });
    const done = await settled(row.id, ['done', 'failed']);
    expect(done.lastError).toBeNull();
    expect(done.status).toBe('done');
    expect(h.zoom.state.findUser('bob@example.com')?.phone?.extensionNumber).toBe('4311');
  });

  it('a Slack message stored by the previous version is delivered as it was stored', async () => {
    const payload = {
      text: 'stored before the upgrade',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'stored before the upgrade' } }],
    };
    expect(StoredPayload.parse(payload)).toEqual(payload);
    await db().slackMessage.create({ data: { key: 'stored-shapes:before', channel: ADMIN_CHANNEL, payload } });
    const posted = await h.slack.waitFor(
      () => h.slack.messages(ADMIN_CHANNEL).find((m) => textOf(m).includes('stored before the upgrade')),
      { timeoutMs: 10_000, message: 'the stored message was not delivered' },
    );
    expect(textOf(posted)).toContain('stored before the upgrade');
  });

  it('a shape no version wrote fails at once, naming the request and the field, with no Zoom call', async () => {
    const calls = h.zoom.calls.length;
    const row = await insertRequest({
      kind: 'add',
      email: 'olda@example.com',
      // `ext` instead of `extension`, and the plan as a bare number.
      desired: { email: 'olda@example.com', ext: '4312', plan: 200, extensionAuto: false, numberAuto: false },
      progress: {},
      step: 'lookup',
    });
    const failed = await settled(row.id, ['done', 'failed']);
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toContain(
      `request #${row.id} (add) was stored in a shape this version of phonebot does not read`,
    );
    expect(failed.lastError).toMatch(/desired: extension .*; plan /);
    expect(failed.attempts).toBe(0);
    expect(h.zoom.calls.slice(calls).filter((c) => c.path.includes('olda'))).toEqual([]);
    expect(h.zoom.state.findUser('olda@example.com')).toBeUndefined();
    // The stored row is kept as it was, for whoever looks into it.
    expect(failed.desired).toEqual(row.desired);
  });
});
