// What `npm start` runs: the compiled dist/main.js under plain node (no tsx), on a fresh embedded database
// created from the build's migrated template, answering a signed slash command end to end. Builds first
// when dist/ is missing or older than the sources, so a broken build fails here instead of in production.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomEmulator, type ZoomEmulator } from '../../src/zoom/emulator/index.js';
import { sendCommand, type SlackFake, startSlackFake } from '../fakes/slack/index.js';
import { type BotProcess, startBotProcess } from '../support/bot-process.js';
import { eventually } from '../support/flows.js';
import { textOf } from '../support/harness.js';

const root = path.resolve(import.meta.dirname, '../..');
const ADMIN = 'UADMIN01';
const CHANNEL = 'CADMIN01';
const SECRET = 'built-start-secret';
const dataDir = mkdtempSync(path.join(tmpdir(), 'phonebot-built-'));
let zoom: ZoomEmulator;
let slack: SlackFake;
let bot: BotProcess | undefined;

beforeAll(async () => {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--if-stale'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(build.status, `the build failed:\n${build.stdout}\n${build.stderr}`).toBe(0);
  zoom = await startZoomEmulator({ seed: 'default' });
  slack = await startSlackFake({
    users: [{ id: ADMIN, name: 'ada', email: 'ada@corp.example', is_admin: true }],
    channels: [{ id: CHANNEL, name: 'phone-admins', members: ['UBOT', ADMIN] }],
  });
  bot = await startBotProcess(
    {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      DATA_DIR: dataDir,
      ZOOM_ACCOUNT_ID: 'emu-account',
      ZOOM_CLIENT_ID: 'emu-client-id',
      ZOOM_CLIENT_SECRET: 'emu-client-secret',
      ZOOM_API_URL: zoom.apiUrl,
      ZOOM_OAUTH_URL: zoom.oauthUrl,
      PHONEBOT_ADMINS: ADMIN,
      PHONEBOT_ADMIN_CHANNEL: CHANNEL,
      LOG_LEVEL: 'info',
    },
    60_000,
    { built: true },
  );
}, 240_000);
afterAll(async () => {
  await bot?.kill('SIGTERM');
  await zoom?.close();
  await slack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the built bot (node dist/main.js)', () => {
  it('starts on an empty DATA_DIR from the migrated template', async () => {
    expect(bot!.child.spawnargs.slice(1)).toEqual([path.join(root, 'dist/main.js')]);
    expect(bot!.output()).toMatch(/embedded database created from the build's migrated template/);
    // /healthz answers once the HTTP server listens; Slack's auth.test comes just after.
    await eventually(() => /phonebot is running/.test(bot!.output()), 'the running log line');
  });

  it('answers a signed /phone add and provisions the user in Zoom', async () => {
    const responseUrl = slack.responseUrl();
    const res = await sendCommand(bot!.url, SECRET, {
      text: 'add alice@example.com ext 4021 plan 200 number +14155550100',
      user_id: ADMIN,
      channel_id: CHANNEL,
      response_url: responseUrl,
      trigger_id: slack.triggerId({ user: ADMIN }),
    });
    expect(res.status).toBe(200);
    const id = responseUrl.split('/').pop();
    const reply = await eventually(
      () =>
        slack
          .responses()
          .filter((r) => r.id === id)
          .map((r) => textOf(r.body))
          .find((t) => /Request #\d+/.test(t)),
      'a reply in Slack',
    );
    expect(reply).toMatch(/alice@example\.com/);
    const alice = await eventually(
      () => {
        const u = zoom.state.findUser('alice@example.com');
        return u?.phone && zoom.state.numbersOf(u.id).length ? u : undefined;
      },
      'alice to get her phone in Zoom',
      30_000,
    );
    expect(alice.phone?.extensionNumber).toBe('4021');
    expect(zoom.state.numbersOf(alice.id).map((n) => n.number)).toEqual(['+14155550100']);
  });
});
