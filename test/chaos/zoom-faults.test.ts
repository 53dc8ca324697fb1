// Zoom misbehaving during an import and single adds — 429 bursts with and without Retry-After, 5xx,
// timeouts, connection resets and empty bodies (some after Zoom applied the write), tokens expiring
// mid-run: everything completes with the right end state, nothing is lost, and no write is repeated
// (Zoom refuses a repeated invitation, plan or batch with a 4xx, so there must be none).
import { describe, expect, it } from 'vitest';
import { defaultSeed, type SeedUser } from '../../src/zoom/emulator/index.js';
import { fileSharedEnvelope, sendEvent } from '../fakes/slack/index.js';
import { ADMIN, GENERAL, SIGNING_SECRET, startHarness, textOf } from '../support/harness.js';
import { buttonsOf, click } from '../support/slack-actions.js';

const staff: SeedUser[] = Array.from({ length: 40 }, (_, i) => ({
  id: `Chaos${String(i).padStart(3, '0')}AAAAAAAAAAAAAA`,
  email: `chaos${i}@example.com`,
  firstName: 'C',
  lastName: String(i),
  type: 2,
  status: 'active',
}));

describe('Zoom faults', () => {
  it('an import and single adds finish correctly through 429s, 5xx, timeouts, resets, empty bodies and expired tokens', async () => {
    const seed = {
      ...defaultSeed,
      callingPlans: defaultSeed.callingPlans.map((p) => (p.type === 200 ? { ...p, subscribed: 100 } : p)),
      users: [...defaultSeed.users, ...staff],
    };
    const h = await startHarness({ zoom: { seed, latencyMs: { min: 5, max: 30 } }, start: { zoomTimeoutMs: 1_500 } });
    try {
      // A site makes the active users' rows go through the batch call (the account has sites).
      const rows = [
        ...staff.map((s, i) => `${s.email},${4800 + i},US/CA Unlimited,Main Office`),
        ...Array.from({ length: 10 }, (_, i) => `hire${i}@example.com,${4900 + i},,`),
      ];
      const file = h.slack.addFile({
        name: 'chaos.csv',
        content: `Email,Extension,Calling Plan,Site\n${rows.join('\n')}\n`,
        user: ADMIN,
        channel: GENERAL,
        filetype: 'csv',
      });
      await sendEvent(
        h.bot.url,
        SIGNING_SECRET,
        fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL }),
      );
      const preview = await h.slack.waitFor(
        () => h.slack.messages(GENERAL).find((m) => textOf(m).includes('CSV import: chaos.csv')),
        { timeoutMs: 20_000 },
      );

      const z = h.zoom;
      z.injectFault({ method: 'POST', path: '/phone/users/batch', kind: 'status', status: 429, times: 3 });
      z.injectFault({
        method: 'POST',
        path: '/phone/users/batch',
        kind: 'status',
        status: 429,
        headers: { 'retry-after': '1' },
        times: 2,
      });
      z.injectFault({ method: 'POST', path: '/phone/users/batch', kind: 'status', status: 500, afterEffect: true });
      z.injectFault({ method: 'POST', path: '/phone/users/batch', kind: 'reset', afterEffect: true });
      z.injectFault({ method: 'POST', path: '/phone/users/batch', kind: 'empty', afterEffect: true });
      z.injectFault({ method: 'POST', path: '/phone/users/batch', kind: 'timeout', afterEffect: true });
      z.injectFault({ method: 'POST', path: '/users', kind: 'status', status: 503, afterEffect: true, times: 2 });
      z.injectFault({ method: 'POST', path: '/users', kind: 'reset', times: 2 });
      z.injectFault({ method: 'GET', path: /\/users\/[^/]+$/, kind: 'empty', times: 3 });
      z.injectFault({
        method: 'POST',
        path: /calling_plans$/,
        kind: 'status',
        status: 502,
        afterEffect: true,
        times: 2,
      });
      z.injectFault({ method: 'PATCH', path: /\/phone\/users\//, kind: 'reset', afterEffect: true, times: 2 });
      setTimeout(() => z.expireTokens(), 800);

      await click(h, ADMIN, {
        ...buttonsOf(preview).find((b) => b.actionId === 'csv_run')!,
        channel: GENERAL,
        messageTs: preview.ts,
      });
      // Single adds at the same time, through the per-user steps.
      for (let i = 0; i < 5; i++)
        await h.command(
          `add alice@example.com ext 4990`
            .replace('alice', i === 0 ? 'alice' : `solo${i}`)
            .replace('4990', String(4990 + i)),
        );

      const batch = await h.bot.services.db.batch.findFirstOrThrow({ where: { fileId: file.id } });
      await h.slack.waitFor(
        async () =>
          (await h.bot.services.db.batch.findUniqueOrThrow({ where: { id: batch.id } })).status === 'done' || undefined,
        { timeoutMs: 180_000, message: 'import did not finish' },
      );
      const outcomes = await h.bot.services.db.batchRow.groupBy({
        by: ['outcome'],
        where: { batchId: batch.id },
        _count: true,
      });
      expect(Object.fromEntries(outcomes.map((o) => [o.outcome, o._count]))).toEqual({
        created: 40,
        'pending-activation': 10,
      });
      staff.forEach((s, i) => {
        const u = z.state.findUser(s.email)!;
        expect(u.phone?.extensionNumber).toBe(String(4800 + i));
        expect(u.phone?.callingPlans).toEqual([200]);
      });
      for (let i = 0; i < 10; i++)
        expect(z.state.users.filter((u) => u.email === `hire${i}@example.com`).map((u) => u.status)).toEqual([
          'pending',
        ]);
      await h.slack.waitFor(
        async () =>
          (await h.bot.services.db.provisioningRequest.count({ where: { batchId: null, status: 'queued' } })) === 0 ||
          undefined,
        { timeoutMs: 60_000, message: 'single adds did not settle' },
      );
      expect(z.state.findUser('alice@example.com')?.phone?.extensionNumber).toBe('4990');
      const failed = await h.bot.services.db.provisioningRequest.findMany({ where: { status: 'failed' } });
      expect(failed.map((f) => `${f.email}: ${f.lastError}`)).toEqual([]);
      // Nothing was done twice: Zoom would have refused it (401s are the expired tokens, refused before anything happened).
      const refusedWrites = z.calls.filter(
        (c) =>
          c.method !== 'GET' &&
          c.family !== 'oauth' &&
          c.status >= 400 &&
          c.status < 500 &&
          ![401, 429].includes(c.status) &&
          !c.fault,
      );
      expect(refusedWrites.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([]);
      // The chaos happened: every injected fault fired, and the expired tokens were refused and refreshed.
      expect(z.calls.filter((c) => c.fault).length).toBe(20);
      expect(z.calls.some((c) => c.status === 401)).toBe(true);
      expect(z.calls.filter((c) => c.family === 'oauth').length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < 5; i++)
        expect(z.state.users.filter((u) => u.email === `solo${i}@example.com`).map((u) => u.status)).toEqual([
          'pending',
        ]);
    } finally {
      await h.stop();
    }
  });
});
