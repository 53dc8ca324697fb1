// `phonebot drift [--json]`: the drift report from the command line, handed to the running bot over its
// control socket (embedded database). Exit 0 when Zoom and phonebot agree, 1 when something differs;
// nothing is written to Zoom.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomEmulator, type ZoomEmulator } from '../../src/zoom/emulator/index.js';
import { sendCommand, startSlackFake, type SlackFake } from '../fakes/slack/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const SECRET = 'cli-drift-secret';
let zoom: ZoomEmulator;
let slack: SlackFake;
let dir: string;
let env: Record<string, string>;
let bot: ChildProcess & { out: () => string; exited: Promise<number> };
const children: ChildProcess[] = [];

function run(script: string, args: string[] = []): ChildProcess & { out: () => string; exited: Promise<number> } {
  const child = spawn(process.execPath, ['--import', tsx, path.join(root, script), ...args], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return Object.assign(child, { out: () => out, exited });
}

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const c = run('src/cli/main.ts', args);
  return { code: await c.exited, out: c.out() };
}

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  zoom = await startZoomEmulator();
  slack = await startSlackFake({
    users: [{ id: 'UADMIN01', name: 'ada', email: 'ada@corp.example', is_admin: true }],
    channels: [{ id: 'CADMIN01', name: 'admins', members: ['UBOT', 'UADMIN01'] }],
  });
  dir = mkdtempSync(path.join(tmpdir(), 'phonebot-drift-'));
  env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    DATA_DIR: path.join(dir, 'data'),
    ZOOM_ACCOUNT_ID: 'emu-account',
    ZOOM_CLIENT_ID: 'emu-client-id',
    ZOOM_CLIENT_SECRET: 'emu-client-secret',
    ZOOM_API_URL: zoom.apiUrl,
    ZOOM_OAUTH_URL: zoom.oauthUrl,
    PHONEBOT_ADMINS: 'UADMIN01',
    PHONEBOT_ADMIN_CHANNEL: 'CADMIN01',
    LOG_LEVEL: 'info',
  };
  bot = run('src/main.ts');
  await until(() => (/phonebot is running/.test(bot.out()) ? true : undefined), 60_000, 'the bot to start');
  env.LOG_LEVEL = 'warn';
}, 90_000);
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await zoom?.close();
  await slack?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('phonebot drift', () => {
  it('reports agreement (exit 0), then a difference made in the Zoom portal (exit 1), without writing to Zoom', async () => {
    const agree = await cli(['drift']);
    expect(agree.code).toBe(0);
    expect(agree.out).toMatch(/Zoom and phonebot agree on every record phonebot has/);
    // bob@ has Zoom Phone from before phonebot.
    expect(agree.out).toMatch(/1 phone user\(s\) in Zoom phonebot never saw/);

    // phonebot provisions alice@ (an admin's /phone add to the running bot) ...
    const port = /"port":(\d+)/.exec(bot.out())![1];
    await sendCommand(`http://127.0.0.1:${port}`, SECRET, {
      text: 'add alice@example.com ext 1500 plan 200',
      user_id: 'UADMIN01',
      channel_id: 'CADMIN01',
      response_url: slack.responseUrl(),
      trigger_id: slack.triggerId({ user: 'UADMIN01' }),
    });
    await until(
      async () => {
        const r = await cli(['drift', '--json']);
        return (JSON.parse(r.out) as { checked: { provisioned: number } }).checked.provisioned === 1 ? true : undefined;
      },
      60_000,
      'alice@ to be provisioned',
    );
    // ... and an admin changes her extension in the Zoom portal.
    zoom.portal.setExtension('alice@example.com', '1555');
    const writes = zoom.calls.filter((c) => c.method !== 'GET' && c.family !== 'oauth').length;

    const json = await cli(['drift', '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out) as {
      differences: { kind: string; email: string; drift: unknown[]; title: string }[];
      unseen: { email: string }[];
    };
    expect(report.differences).toEqual([
      expect.objectContaining({
        kind: 'provisioned-differs',
        email: 'alice@example.com',
        drift: [{ field: 'extension', believed: '1500', zoom: '1555' }],
      }),
    ]);
    expect(report.unseen.map((u) => u.email)).toEqual(['bob@example.com']);

    const text = await cli(['drift']);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(
      /1 difference\(s\) between phonebot and Zoom:\n- \[provisioned-differs\] alice@example\.com: extension differ/,
    );
    expect(text.out).toMatch(/extension: phonebot has 1500, Zoom has 1555/);
    expect(zoom.calls.filter((c) => c.method !== 'GET' && c.family !== 'oauth').length).toBe(writes);

    const bad = await cli(['drift', '--fix']);
    expect(bad.code).toBe(64);
    expect(bad.out).toMatch(/drift takes only --json/);
  }, 180_000);
});
