// Cancelling a CSV import while it runs: rows in flight finish, the rest never reach Zoom, and the result
// file and Zoom agree. Its own file: a slower Zoom (Pro limits, latency) than the other import tests use.
import { describe, expect, it } from 'vitest';
import { defaultSeed, type SeedUser } from '../../src/zoom/emulator/index.js';
import { fileSharedEnvelope, sendEvent } from '../fakes/slack/index.js';
import { ADMIN, GENERAL, SIGNING_SECRET, startHarness, textOf } from '../support/harness.js';
import { buttonsOf, click } from '../support/slack-actions.js';

describe('cancelling a running import', () => {
  it('stops after the rows in flight: the rest are reported cancelled and never reach Zoom', async () => {
    const many: SeedUser[] = Array.from({ length: 300 }, (_, i) => ({
      id: `Many${String(i).padStart(3, '0')}AAAAAAAAAAAAAAAA`,
      email: `many${i}@example.com`,
      firstName: 'M',
      lastName: String(i),
      type: 2,
      status: 'active',
    }));
    const seed = {
      ...defaultSeed,
      account: { ...defaultSeed.account, phoneLicenses: 400, licensedSeats: 400 },
      callingPlans: defaultSeed.callingPlans.map((p) => (p.type === 200 ? { ...p, subscribed: 400 } : p)),
      users: [...defaultSeed.users, ...many],
    };
    // Pro limits and latency keep the import running long enough to be cancelled.
    const slow = await startHarness({ zoom: { seed, plan: 'pro', latencyMs: 300 }, env: { ZOOM_RATE_PLAN: 'pro' } });
    try {
      const csv = `Email,Extension,Calling Plan,Site\n${many.map((u, i) => `${u.email},${6000 + i},US/CA Unlimited,Main Office`).join('\n')}\n`;
      const file = slow.slack.addFile({
        name: 'many.csv',
        content: csv,
        user: ADMIN,
        channel: GENERAL,
        filetype: 'csv',
      });
      await sendEvent(
        slow.bot.url,
        SIGNING_SECRET,
        fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL }),
      );
      const msg = await slow.slack.waitFor(
        () => slow.slack.messages(GENERAL).find((m) => textOf(m).includes('CSV import: many.csv')),
        { timeoutMs: 20_000 },
      );
      const run = buttonsOf(msg).find((b) => b.actionId === 'csv_run')!;
      await click(slow, ADMIN, { ...run, channel: GENERAL, messageTs: msg.ts });
      await slow.slack.waitFor(() => slow.zoom.calls.some((c) => c.path === '/v2/phone/users/batch') || undefined, {
        timeoutMs: 20_000,
      });
      const cancel = await click(slow, ADMIN, {
        actionId: 'csv_cancel',
        value: run.value,
        channel: GENERAL,
        messageTs: msg.ts,
      });
      expect(await slow.slack.waitFor(() => slow.responsesTo(cancel.responseUrl).map(textOf)[0])).toMatch(
        /Cancelling: [1-9]\d* row\(s\) not started/,
      );
      await slow.slack.waitFor(
        () => slow.slack.messages(GENERAL).find((m) => /Import of many\.csv finished/.test(textOf(m))),
        { timeoutMs: 60_000, message: 'no summary' },
      );

      const up = slow.slack.uploads().find((u) => u.filename === 'many-result.csv')!;
      const outcomes = up.content
        .toString('utf8')
        .trim()
        .split(/\r\n/)
        .slice(1)
        .map((l) => l.split(',')[4]);
      const created = outcomes.filter((o) => o === 'created').length;
      const cancelled = outcomes.filter((o) => o === 'cancelled').length;
      expect(created + cancelled).toBe(300);
      expect(cancelled).toBeGreaterThan(0);
      expect(created).toBeGreaterThan(0);
      // Zoom agrees with the file: exactly the created rows have a phone.
      expect(many.filter((u) => slow.zoom.state.findUser(u.email)?.zoomPhone).length).toBe(created);
      // What cancelled rows held is free again.
      expect(
        await slow.bot.services.db.reservation.count({
          where: { value: { in: many.slice(-10).map((_, i) => String(6290 + i)) } },
        }),
      ).toBe(0);
    } finally {
      await slow.stop();
    }
  });
});
