// Two bot processes on one PostgreSQL, with Slack delivering the same event to both (a retry reaching the
// other replica) and both approvers clicking Run on different replicas: the file is previewed once, each
// row provisioned once, and each cron fire runs on exactly one replica.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { defaultSeed, type SeedUser, startZoomEmulator } from '../../src/zoom/emulator/index.js';
import {
  blockActionsPayload,
  fileSharedEnvelope,
  sendAction,
  sendEvent,
  startSlackFake,
} from '../fakes/slack/index.js';
import { startBotProcess } from '../support/bot-process.js';
import { textOf } from '../support/harness.js';

const PG = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ADMIN = 'UADMIN01';
const CHANNEL = 'CREPLICA';
const SECRET = 'replica-secret';
const staff: SeedUser[] = Array.from({ length: 60 }, (_, i) => ({
  id: `Rep${String(i).padStart(4, '0')}AAAAAAAAAAAAAAA`,
  email: `rep${i}@example.com`,
  firstName: 'R',
  lastName: String(i),
  type: 2,
  status: 'active',
}));

describe('two replicas on one PostgreSQL', () => {
  it('one preview, one run, each row once, each cron fire once', async () => {
    const schema = `rep_${Date.now()}`;
    const url = new URL(PG);
    url.searchParams.set('schema', schema);
    const seed = {
      ...defaultSeed,
      callingPlans: defaultSeed.callingPlans.map((p) => (p.type === 200 ? { ...p, subscribed: 100 } : p)),
      users: [...defaultSeed.users, ...staff],
    };
    const zoom = await startZoomEmulator({ seed, latencyMs: { min: 20, max: 60 } });
    const slack = await startSlackFake({
      users: [
        { id: ADMIN, name: 'ada', email: 'ada@corp.example', is_admin: true },
        { id: 'UADMIN02', name: 'grace', email: 'grace@corp.example', is_admin: true },
      ],
      channels: [{ id: CHANNEL, name: 'replicas', members: ['UBOT', ADMIN, 'UADMIN02'] }],
    });
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      DATABASE_URL: url.toString(),
      ZOOM_ACCOUNT_ID: 'emu-account',
      ZOOM_CLIENT_ID: 'emu-client-id',
      ZOOM_CLIENT_SECRET: 'emu-client-secret',
      ZOOM_API_URL: zoom.apiUrl,
      ZOOM_OAUTH_URL: zoom.oauthUrl,
      PHONEBOT_ADMINS: `${ADMIN},UADMIN02`,
      PHONEBOT_ADMIN_CHANNEL: CHANNEL,
      // Every second (node-cron's six-field form), so fires can be counted in a few seconds.
      PHONEBOT_CRON_ACTIVATION_SWEEP: '* * * * * *',
      LOG_LEVEL: 'info',
    };
    const a = await startBotProcess(env);
    const b = await startBotProcess(env);
    try {
      const csv = `Email,Extension,Calling Plan,Site\n${staff.map((s, i) => `${s.email},${5300 + i},US/CA Unlimited,Main Office`).join('\n')}\n`;
      const file = slack.addFile({
        name: 'replicas.csv',
        content: csv,
        user: ADMIN,
        channel: CHANNEL,
        filetype: 'csv',
      });
      const envelope = fileSharedEnvelope({
        fileId: file.id,
        userId: ADMIN,
        channelId: CHANNEL,
        eventId: 'EvReplica1',
      });
      await Promise.all([
        sendEvent(a.url, SECRET, envelope),
        sendEvent(b.url, SECRET, envelope, { retryNum: 1, retryReason: 'http_timeout' }),
      ]);
      const preview = await slack.waitFor(
        () => slack.messages(CHANNEL).find((m) => textOf(m).includes('CSV import: replicas.csv')),
        { timeoutMs: 30_000 },
      );
      await new Promise((r) => setTimeout(r, 1_000));
      expect(slack.messages(CHANNEL).filter((m) => textOf(m).includes('CSV import: replicas.csv'))).toHaveLength(1);
      const batchId = String(
        (preview.blocks as { elements?: { action_id: string; value: string }[] }[])
          .flatMap((x) => x.elements ?? [])
          .find((e) => e.action_id === 'csv_run')!.value,
      );
      const clickOn = (bot: { url: string }, user: string) =>
        sendAction(
          bot.url,
          SECRET,
          blockActionsPayload({
            user,
            actionId: 'csv_run',
            value: batchId,
            channel: CHANNEL,
            messageTs: preview.ts,
            triggerId: slack.triggerId({ user }),
            responseUrl: slack.responseUrl(),
          }),
        );
      await Promise.all([clickOn(a, ADMIN), clickOn(b, 'UADMIN02')]);
      await slack.waitFor(
        () => slack.messages(CHANNEL).find((m) => /Import of replicas\.csv finished/.test(textOf(m))),
        { timeoutMs: 120_000, intervalMs: 250, message: 'import did not finish' },
      );
      staff.forEach((s, i) =>
        expect(zoom.state.findUser(s.email)?.phone?.extensionNumber, s.email).toBe(String(5300 + i)),
      );
      const refused = zoom.calls.filter(
        (c) =>
          c.method !== 'GET' &&
          c.family !== 'oauth' &&
          c.status >= 400 &&
          c.status < 500 &&
          ![401, 429].includes(c.status),
      );
      expect(refused.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([]);

      const client = new pg.Client({ connectionString: PG });
      await client.connect();
      try {
        const started = await client.query(
          `SELECT count(*)::int AS n FROM "${schema}"."AuditLog" WHERE action = 'batch.started'`,
        );
        expect(started.rows[0].n).toBe(1);
        const fires = await client.query(`SELECT key FROM "${schema}"."CronLease" WHERE key LIKE 'activation-sweep:%'`);
        const runs = [a.output(), b.output()]
          .join('\n')
          .split('\n')
          .filter((l) => l.includes('"job":"activation-sweep"') && l.includes('job finished'));
        expect(fires.rows.length).toBeGreaterThanOrEqual(3);
        // No fire ran twice: never more runs than fires (the last one or two may still be running).
        expect(runs.length).toBeLessThanOrEqual(fires.rows.length);
        expect(runs.length).toBeGreaterThanOrEqual(fires.rows.length - 2);
        await client.query(`DROP SCHEMA "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    } finally {
      await Promise.all([a.kill('SIGTERM'), b.kill('SIGTERM')]);
      await zoom.close();
      await slack.close();
    }
  });
});
