// The database goes away in the middle of an import (PostgreSQL behind a proxy that is cut, then
// restored): the bot reports unhealthy, recovers by itself, and the import finishes with every user
// provisioned once.
import { describe, expect, it } from 'vitest';
import { defaultSeed, type SeedUser } from '../../src/zoom/emulator/index.js';
import { fileSharedEnvelope, sendEvent } from '../fakes/slack/index.js';
import { ADMIN, GENERAL, SIGNING_SECRET, startHarness, textOf } from '../support/harness.js';
import { buttonsOf, click } from '../support/slack-actions.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

const PG = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const staff: SeedUser[] = Array.from({ length: 120 }, (_, i) => ({
  id: `Dbr${String(i).padStart(4, '0')}AAAAAAAAAAAAAAA`,
  email: `dbr${i}@example.com`,
  firstName: 'D',
  lastName: String(i),
  type: 2,
  status: 'active',
}));

describe('database restart', () => {
  it('reports unhealthy while the database is away, recovers, and resumes', async () => {
    const target = new URL(PG);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(PG);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    viaProxy.searchParams.set('schema', `dbr_${Date.now()}`);
    const seed = {
      ...defaultSeed,
      account: { ...defaultSeed.account, phoneLicenses: 300, licensedSeats: 300 },
      callingPlans: defaultSeed.callingPlans.map((p) => (p.type === 200 ? { ...p, subscribed: 200 } : p)),
      users: [...defaultSeed.users, ...staff],
    };
    // Pro limits and latency keep the import running while the database is cut.
    const h = await startHarness({
      zoom: { seed, plan: 'pro', latencyMs: { min: 50, max: 120 } },
      env: { DATABASE_URL: viaProxy.toString(), ZOOM_RATE_PLAN: 'pro' },
    });
    try {
      const csv = `Email,Extension,Calling Plan,Site\n${staff.map((s, i) => `${s.email},${5100 + i},US/CA Unlimited,Main Office`).join('\n')}\n`;
      const file = h.slack.addFile({ name: 'dbr.csv', content: csv, user: ADMIN, channel: GENERAL, filetype: 'csv' });
      await sendEvent(
        h.bot.url,
        SIGNING_SECRET,
        fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL }),
      );
      const preview = await h.slack.waitFor(
        () => h.slack.messages(GENERAL).find((m) => textOf(m).includes('CSV import: dbr.csv')),
        { timeoutMs: 20_000 },
      );
      await click(h, ADMIN, {
        ...buttonsOf(preview).find((b) => b.actionId === 'csv_run')!,
        channel: GENERAL,
        messageTs: preview.ts,
      });
      await h.slack.waitFor(() => h.zoom.calls.some((c) => c.path === '/v2/phone/users/batch') || undefined, {
        timeoutMs: 20_000,
      });

      await proxy.cut();
      const health = await h.slack.waitFor(
        async () => {
          const res = await fetch(`${h.bot.url}/healthz`);
          return res.status === 503 ? res.json() : undefined;
        },
        { timeoutMs: 15_000, message: '/healthz never reported the database down' },
      );
      expect(health).toMatchObject({ status: 'unhealthy', database: 'down' });
      await new Promise((r) => setTimeout(r, 3_000));
      await proxy.restore();
      await h.slack.waitFor(async () => (await fetch(`${h.bot.url}/healthz`)).status === 200 || undefined, {
        timeoutMs: 30_000,
        message: '/healthz did not recover',
      });

      await h.slack.waitFor(
        () => h.slack.messages(GENERAL).find((m) => /Import of dbr\.csv finished/.test(textOf(m))),
        { timeoutMs: 240_000, intervalMs: 250, message: 'import did not finish after the database came back' },
      );
      const failed = await h.bot.services.db.provisioningRequest.findMany({
        where: { status: { not: 'done' } },
        select: { email: true, status: true, lastError: true },
      });
      expect(failed).toEqual([]);
      staff.forEach((s, i) =>
        expect(h.zoom.state.findUser(s.email)?.phone?.extensionNumber, s.email).toBe(String(5100 + i)),
      );
      const refused = h.zoom.calls.filter(
        (c) =>
          c.method !== 'GET' &&
          c.family !== 'oauth' &&
          c.status >= 400 &&
          c.status < 500 &&
          ![401, 429].includes(c.status),
      );
      expect(refused.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([]);
    } finally {
      await h.stop();
      await proxy.close();
    }
  });
});
