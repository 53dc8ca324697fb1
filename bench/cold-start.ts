// Cold start: `node src/main.ts` (what `npm start` runs, through tsx) until GET /healthz answers 200 —
// on a fresh embedded database (initdb + migrations), on an existing one, and on PostgreSQL.
//   npx tsx bench/cold-start.ts [--postgres postgres://…]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ADMIN, CHANNEL, emit, helperProcess, SIGNING_SECRET } from './support.js';

const pgIndex = process.argv.indexOf('--postgres');
const postgres = pgIndex === -1 ? undefined : process.argv[pgIndex + 1];
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const slack = await helperProcess<{ apiUrl: string }>('slack-process.ts');
const dataDir = mkdtempSync(path.join(tmpdir(), 'phonebot-cold-'));

async function coldStart(databaseUrl?: string): Promise<number> {
  const port = 3900 + Math.floor(Math.random() * 90);
  const started = performance.now();
  const bot = spawn(process.execPath, ['--import', tsx, path.join(import.meta.dirname, '../src/main.ts')], {
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.info.apiUrl,
      PORT: String(port),
      DATA_DIR: dataDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ZOOM_ACCOUNT_ID: 'emu-account',
      ZOOM_CLIENT_ID: 'emu-client-id',
      ZOOM_CLIENT_SECRET: 'emu-client-secret',
      PHONEBOT_ADMINS: ADMIN,
      PHONEBOT_ADMIN_CHANNEL: CHANNEL,
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (performance.now() - started > 120_000) throw new Error('no /healthz after 2 minutes');
    await new Promise((r) => setTimeout(r, 20));
  }
  const ms = performance.now() - started;
  bot.kill('SIGTERM');
  await new Promise((r) => bot.once('exit', r));
  return Math.round(ms);
}

const result: Record<string, unknown> = { bench: 'cold-start' };
result.pgliteFirstStartMs = await coldStart();
result.pgliteExistingMs = await coldStart();
if (postgres) {
  const url = new URL(postgres);
  url.searchParams.set('schema', `cold_${Date.now()}`);
  result.postgresFirstStartMs = await coldStart(url.toString());
  result.postgresExistingMs = await coldStart(url.toString());
}
emit(result);
slack.stop();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
