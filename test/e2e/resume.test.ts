// Idempotent and resumable: a lost Zoom answer is re-read before anything is written again, a request
// abandoned by a dead worker is taken over where it stopped, and the same add twice provisions once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimRequests } from '../../src/domain/provisioning/worker.js';
import { eventually, settle } from '../support/eventually.js';
import { ADMIN, type Harness, startHarness, textOf } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ start: { background: false } });
});
afterAll(async () => {
  await h?.stop();
});

const db = () => h.bot.services.db;
// Every attempt counts, answered or not: Zoom saw each one.
const writes = (method: string, re: RegExp) =>
  h.zoom.calls.filter((c) => c.method === method && re.test(c.path)).length;

function queuedRequest(email: string) {
  return eventually(
    () => db().provisioningRequest.findFirst({ where: { email }, orderBy: { id: 'desc' } }),
    `a request for ${email}`,
    10_000,
  );
}

describe('resuming', () => {
  it('re-reads after a lost answer and does not assign the plan twice', async () => {
    await h.command('add alice@example.com ext 4200 plan 200');
    const req = await queuedRequest('alice@example.com');
    // Zoom applies the plan but the answer is lost (connection reset).
    h.zoom.injectFault({ method: 'POST', path: /calling_plans$/, kind: 'reset', afterEffect: true });
    await h.bot.services.worker.drain();
    const mid = await db().provisioningRequest.findUniqueOrThrow({ where: { id: req.id } });
    expect(mid.status).toBe('queued');
    expect(mid.step).toBe('plan');
    expect((mid.progress as { uncertain?: string }).uncertain).toBe('plan');
    // Time passes; the retry reads Zoom, sees the plan, and moves on without a second POST.
    await db().provisioningRequest.update({ where: { id: req.id }, data: { nextAttemptAt: new Date() } });
    await h.bot.services.worker.drain();
    const done = await db().provisioningRequest.findUniqueOrThrow({ where: { id: req.id } });
    expect(done.status).toBe('done');
    expect(writes('POST', /calling_plans$/)).toBe(1);
    expect(h.zoom.state.findUser('alice@example.com')?.phone?.callingPlans).toEqual([200]);
  });

  it('takes over a request whose worker died mid-way, from the step it reached', async () => {
    await h.command('add sam@example.com ext 4201 plan 100 number auto');
    const req = await queuedRequest('sam@example.com');
    // Worker A claims it and dies after the first steps: simulate by running two steps' worth of state.
    const [claimed] = await claimRequests(db(), 'worker-A', 1, 60_000);
    expect(claimed).toBe(req.id);
    // A crash leaves the row locked by A; nobody else may take it before the lease ends.
    expect(await claimRequests(db(), 'worker-B', 5, 60_000)).toEqual([]);
    await db().provisioningRequest.update({ where: { id: req.id }, data: { lockedUntil: new Date(Date.now() - 1) } });
    await h.bot.services.worker.drain();
    const after = await db().provisioningRequest.findUniqueOrThrow({ where: { id: req.id } });
    // sam is new to Zoom: invited once, now waiting for the invitation to be accepted.
    expect(after.status).toBe('waiting_activation');
    expect(h.zoom.state.users.filter((u) => u.email === 'sam@example.com').map((u) => u.status)).toEqual(['pending']);
    expect(writes('POST', /\/v2\/users$/)).toBe(1);
  });

  it('the same add twice creates one request and one Zoom user', async () => {
    const first = await h.command('add twice@example.com ext 4202', { user: ADMIN });
    const second = await h.command('add twice@example.com ext 4202', { user: ADMIN });
    expect([first.status, second.status]).toEqual([200, 200]);
    await h.slack.waitFor(
      () => h.responsesTo(second.responseUrl).length > 0 && h.responsesTo(first.responseUrl).length > 0,
      { timeoutMs: 10_000 },
    );
    const texts = [...h.responsesTo(first.responseUrl), ...h.responsesTo(second.responseUrl)].map(textOf).join('\n');
    expect(texts).toMatch(/twice@example\.com (already has request #\d+|was just taken)/);
    expect(await db().provisioningRequest.count({ where: { email: 'twice@example.com' } })).toBe(1);
    await h.bot.services.worker.drain();
    expect(h.zoom.state.users.filter((u) => u.email === 'twice@example.com')).toHaveLength(1);
  });
});

describe('long runs', () => {
  it('a run that outlasts its lease keeps it: no other worker takes the request over', async () => {
    // Every Zoom call takes ~0.6 s, so one add runs for seconds; the lease is 0.3 s.
    const slow = await startHarness({ start: { background: false, workerLeaseMs: 300 }, zoom: { latencyMs: 600 } });
    try {
      await slow.command('add alice@example.com ext 4260 plan 200');
      const req = await slow.slack.waitFor(
        () =>
          slow.bot.services.db.provisioningRequest
            .findFirst({ where: { email: 'alice@example.com', status: 'queued' } })
            .then((r) => r ?? undefined),
        { timeoutMs: 15_000 },
      );
      const running = slow.bot.services.worker.drain();
      const takeovers: number[] = [];
      for (let i = 0; i < 8; i++) {
        await settle(250);
        takeovers.push(...(await claimRequests(slow.bot.services.db, 'worker-B', 10, 300)));
      }
      await running;
      expect(takeovers).toEqual([]);
      expect((await slow.bot.services.db.provisioningRequest.findUniqueOrThrow({ where: { id: req.id } })).status).toBe(
        'done',
      );
      expect(slow.zoom.calls.filter((c) => c.method === 'POST' && /calling_plans$/.test(c.path))).toHaveLength(1);
    } finally {
      await slow.stop();
    }
  });
});
