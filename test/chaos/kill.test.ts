// kill -9 the bot at random moments of a 1,000-row import, ten times, restarting it each time: the import
// finishes, every user is provisioned exactly once, and the progress message and result file are right.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultSeed, type SeedUser, startZoomEmulator } from '../../src/zoom/emulator/index.js';
import {
  blockActionsPayload,
  fileSharedEnvelope,
  sendAction,
  sendEvent,
  startSlackFake,
} from '../fakes/slack/index.js';
import { type BotProcess, startBotProcess } from '../support/bot-process.js';
import { textOf } from '../support/harness.js';

const N = 1000;
const ADMIN = 'UADMIN01';
const CHANNEL = 'CIMPORT1';
const SECRET = 'kill-test-secret';
const users: SeedUser[] = Array.from({ length: N }, (_, i) => ({
  id: `Kill${String(i).padStart(5, '0')}AAAAAAAAAAAAA`,
  email: `k${i}@example.com`,
  firstName: 'K',
  lastName: String(i),
  type: 2,
  status: 'active',
}));
const dataDir = mkdtempSync(path.join(tmpdir(), 'phonebot-kill-'));
let bot: BotProcess | undefined;
afterAll(async () => {
  await bot?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('kill -9 during an import', () => {
  it('finishes after ten kills, each user provisioned once, with the right progress and result file', async () => {
    const seed = {
      ...defaultSeed,
      account: { ...defaultSeed.account, phoneLicenses: N + 50, licensedSeats: N + 50 },
      callingPlans: defaultSeed.callingPlans.map((p) => (p.type === 200 ? { ...p, subscribed: N + 50 } : p)),
      users: [...defaultSeed.users, ...users],
    };
    // Pro limits and real latency keep the import running long enough to be interrupted many times.
    const zoom = await startZoomEmulator({ seed, plan: 'pro', latencyMs: { min: 80, max: 200 } });
    const slack = await startSlackFake({
      users: [{ id: ADMIN, name: 'ada', email: 'ada@corp.example', is_admin: true }],
      channels: [{ id: CHANNEL, name: 'import', members: ['UBOT', ADMIN] }],
    });
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      DATA_DIR: dataDir,
      ZOOM_ACCOUNT_ID: 'emu-account',
      ZOOM_CLIENT_ID: 'emu-client-id',
      ZOOM_CLIENT_SECRET: 'emu-client-secret',
      ZOOM_API_URL: zoom.apiUrl,
      ZOOM_OAUTH_URL: zoom.oauthUrl,
      ZOOM_RATE_PLAN: 'pro',
      PHONEBOT_ADMINS: ADMIN,
      PHONEBOT_ADMIN_CHANNEL: CHANNEL,
      PHONEBOT_EXTENSION_RANGE: '100000-999999',
      LOG_LEVEL: 'warn',
    };
    try {
      bot = await startBotProcess(env);
      const csv = `Email,Extension,Calling Plan,Site\n${users.map((u, i) => `${u.email},${200000 + i},US/CA Unlimited,Main Office`).join('\n')}\n`;
      const file = slack.addFile({ name: 'kill.csv', content: csv, user: ADMIN, channel: CHANNEL, filetype: 'csv' });
      await sendEvent(bot.url, SECRET, fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: CHANNEL }));
      const preview = await slack.waitFor(
        () => slack.messages(CHANNEL).find((m) => textOf(m).includes('CSV import: kill.csv')),
        { timeoutMs: 60_000, message: 'no preview' },
      );
      const batchId = String(
        (preview.blocks as { elements?: { action_id: string; value: string }[] }[])
          .flatMap((b) => b.elements ?? [])
          .find((e) => e.action_id === 'csv_run')!.value,
      );
      const run = await sendAction(
        bot.url,
        SECRET,
        blockActionsPayload({
          user: ADMIN,
          actionId: 'csv_run',
          value: batchId,
          channel: CHANNEL,
          messageTs: preview.ts,
          triggerId: slack.triggerId({ user: ADMIN }),
          responseUrl: slack.responseUrl(),
        }),
      );
      expect(run.status).toBe(200);

      for (let trial = 0; trial < 10; trial++) {
        await new Promise((r) => setTimeout(r, 300 + Math.random() * 2_200));
        await bot.kill('SIGKILL');
        bot = await startBotProcess(env);
      }
      const summary = await slack.waitFor(
        () => slack.messages(CHANNEL).find((m) => /Import of kill\.csv finished/.test(textOf(m))),
        { timeoutMs: 300_000, intervalMs: 250, message: 'import did not finish' },
      );
      expect(textOf(summary)).toContain(`created: ${N}`);

      users.forEach((u, i) => {
        const z = zoom.state.findUser(u.email)!;
        expect(z.phone?.extensionNumber, u.email).toBe(String(200000 + i));
        expect(z.phone?.callingPlans, u.email).toEqual([200]);
      });
      // Exactly once: a repeated batch, licence or plan would have been refused by Zoom with a 4xx.
      const refused = zoom.calls.filter(
        (c) =>
          c.method !== 'GET' &&
          c.family !== 'oauth' &&
          c.status >= 400 &&
          c.status < 500 &&
          ![401, 429].includes(c.status),
      );
      expect(refused.map((c) => `${c.method} ${c.path} ${c.status}`)).toEqual([]);
      const progress = slack.messages(CHANNEL).find((m) => textOf(m).includes('Importing kill.csv'))!;
      expect(textOf(progress)).toContain(`${N} / ${N}`);
      const result = slack.uploads().find((u) => u.filename === 'kill-result.csv')!;
      const lines = result.content.toString('utf8').trim().split(/\r\n/).slice(1);
      expect(lines).toHaveLength(N);
      expect(lines.every((l) => l.split(',')[4] === 'created')).toBe(true);
      expect(slack.uploads().filter((u) => u.filename === 'kill-result.csv')).toHaveLength(1);
    } finally {
      await bot?.kill('SIGTERM');
      await zoom.close();
      await slack.close();
    }
  });
});
