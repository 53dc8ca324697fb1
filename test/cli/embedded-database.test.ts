// The command line against a running bot on the embedded database: commands are handed to the bot over
// its control socket (PGlite is one process); with no bot running the CLI opens the database itself; a
// second bot on the same DATA_DIR is refused.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomEmulator, type ZoomEmulator } from '../../src/zoom/emulator/index.js';
import { startSlackFake, type SlackFake } from '../fakes/slack/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const migrationCount = readdirSync(path.join(root, 'prisma/migrations'), { withFileTypes: true }).filter((d) =>
  d.isDirectory(),
).length;
let zoom: ZoomEmulator;
let slack: SlackFake;
let dataDir: string;
let env: Record<string, string>;
const children: ChildProcess[] = [];

function run(script: string, args: string[] = []): ChildProcess & { out: () => string; exited: Promise<number> } {
  const child = spawn(process.execPath, ['--import', tsx, path.join(root, script), ...args], {
    cwd: dataDir,
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

async function until(check: () => boolean, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  zoom = await startZoomEmulator();
  slack = await startSlackFake({ channels: [{ id: 'CADMIN01', name: 'admins', members: ['UBOT'] }] });
  dataDir = mkdtempSync(path.join(tmpdir(), 'phonebot-cli-'));
  env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: 'cli-test-secret',
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    DATA_DIR: path.join(dataDir, 'data'),
    ZOOM_ACCOUNT_ID: 'emu-account',
    ZOOM_CLIENT_ID: 'emu-client-id',
    ZOOM_CLIENT_SECRET: 'emu-client-secret',
    ZOOM_API_URL: zoom.apiUrl,
    ZOOM_OAUTH_URL: zoom.oauthUrl,
    PHONEBOT_ADMINS: 'UADMIN01',
    PHONEBOT_ADMIN_CHANNEL: 'CADMIN01',
    LOG_LEVEL: 'warn',
  };
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await zoom?.close();
  await slack?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('phonebot CLI on the embedded database', () => {
  it('without a bot it opens the database itself', async () => {
    const migrate = run('src/cli/main.ts', ['migrate']);
    expect(await migrate.exited).toBe(0);
    expect(migrate.out()).toContain(`applied ${migrationCount} migration(s)`);
    const help = run('src/cli/main.ts', ['help']);
    expect(await help.exited).toBe(0);
    expect(help.out()).toContain('jobs run <name> [--now <ISO time>] [--dry-run]');
  });

  it('with the bot running, commands go to the bot; a second bot on the same DATA_DIR is refused', async () => {
    env.LOG_LEVEL = 'info';
    const bot = run('src/main.ts');
    await until(() => /phonebot is running/.test(bot.out()), 60_000, 'the bot to start');
    env.LOG_LEVEL = 'warn';

    const sweep = run('src/cli/main.ts', [
      'jobs',
      'run',
      'activation-sweep',
      '--now',
      '2030-01-01T00:00:00Z',
      '--dry-run',
    ]);
    expect(await sweep.exited).toBe(0);
    expect(sweep.out()).toMatch(/activation-sweep \(dry run\) as of 2030-01-01T00:00:00\.000Z: checked 0 pending user/);
    expect(bot.out()).toMatch(/CLI command via control socket/);

    const bad = run('src/cli/main.ts', ['jobs', 'run', 'nonsense']);
    expect(await bad.exited).toBe(64);
    expect(bad.out()).toMatch(/unknown job "nonsense"/);

    const second = run('src/main.ts');
    expect(await second.exited).toBe(1);
    expect(second.out()).toMatch(/in use by another phonebot process \(bot, pid \d+/);

    bot.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    const after = run('src/cli/main.ts', ['jobs', 'list']);
    expect(await after.exited).toBe(0);
    expect(after.out()).toMatch(/purge\s+0 3 \* \* \*/);
  });
});
