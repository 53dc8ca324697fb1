// Cold start: `node src/main.ts` (what `npm start` runs, through tsx) until GET /healthz answers 200 —
// on a fresh embedded database (initdb + migrations), on an existing one, and on PostgreSQL.
//   npx tsx bench/cold-start.ts [--postgres postgres://…]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** Resident memory of the bot once it is ready (Linux /proc; undefined elsewhere). */
function rssMb(pid: number | undefined): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

async function coldStart(databaseUrl?: string): Promise<{ ms: number; rssMb?: number }> {
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
  const rss = rssMb(bot.pid);
  bot.kill('SIGTERM');
  await new Promise((r) => bot.once('exit', r));
  return { ms: Math.round(ms), ...(rss === undefined ? {} : { rssMb: rss }) };
}

const result: Record<string, unknown> = { bench: 'cold-start' };
result.pgliteFirstStartMs = (await coldStart()).ms;
const pgliteAgain = await coldStart();
result.pgliteExistingMs = pgliteAgain.ms;
result.pgliteReadyRssMb = pgliteAgain.rssMb;
if (postgres) {
  const url = new URL(postgres);
  url.searchParams.set('schema', `cold_${Date.now()}`);
  result.postgresFirstStartMs = (await coldStart(url.toString())).ms;
  const postgresAgain = await coldStart(url.toString());
  result.postgresExistingMs = postgresAgain.ms;
  result.postgresReadyRssMb = postgresAgain.rssMb;
}
emit(result);
slack.stop();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
