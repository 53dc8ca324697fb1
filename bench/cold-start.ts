// Cold start: `node dist/main.js` (what `npm start` runs once the build is done) until GET /healthz answers
// 200 — on a fresh embedded database (initdb + migrations), on an existing one, and on PostgreSQL — then the
// bot's resident memory when ready and after it has sat idle (its loops and scheduler running). With --tsx
// the same again through tsx (how `npm start` ran before the build, and how the dev scripts still run).
//   npx tsx bench/cold-start.ts [--postgres postgres://…] [--tsx] [--idle-seconds 10] [--runs 3]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ADMIN, CHANNEL, emit, helperProcess, remoteEmulator, SIGNING_SECRET } from './support.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
};
const postgres = arg('--postgres');
const idleSeconds = Number(arg('--idle-seconds') ?? 10);
const runs = Number(arg('--runs') ?? 3);
const root = path.resolve(import.meta.dirname, '..');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

// The same check `npm start` makes (prestart): build when dist/ is missing or older than the sources.
const { buildBot, isStale } = (await import(pathToFileURL(path.join(root, 'scripts/build.mjs')).href)) as {
  buildBot: () => Promise<number>;
  isStale: () => boolean;
};
if (isStale()) await buildBot();

type Runner = 'node' | 'tsx';
const argv: Record<Runner, string[]> = {
  node: [path.join(root, 'dist/main.js')],
  tsx: ['--import', tsx, path.join(root, 'src/main.ts')],
};

const slack = await helperProcess<{ apiUrl: string }>('slack-process.ts');
const zoom = await remoteEmulator([]);

/** Resident memory now and at its peak (Linux /proc; undefined elsewhere). */
function memory(pid: number | undefined): { rssMb?: number; peakRssMb?: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const mb = (field: string) => {
      const kb = new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1];
      return kb ? Math.round(Number(kb) / 1024) : undefined;
    };
    return { rssMb: mb('VmRSS'), peakRssMb: mb('VmHWM') };
  } catch {
    return {};
  }
}

/** CPU time the process has used (user + system), from /proc/<pid>/stat in clock ticks (100 per second on
 * Linux). Less sensitive than wall time to other processes on a shared machine. */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

interface Start {
  ms: number;
  cpuMs?: number;
  readyRssMb?: number;
  idleRssMb?: number;
  peakRssMb?: number;
}

async function coldStart(
  runner: Runner,
  dataDir: string,
  databaseUrl: string | undefined,
  idle: boolean,
): Promise<Start> {
  const port = 3900 + Math.floor(Math.random() * 90);
  const started = performance.now();
  const bot = spawn(process.execPath, argv[runner], {
    cwd: root,
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
      ZOOM_API_URL: zoom.apiUrl,
      ZOOM_OAUTH_URL: zoom.oauthUrl,
      PHONEBOT_ADMINS: ADMIN,
      PHONEBOT_ADMIN_CHANNEL: CHANNEL,
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (performance.now() - started > 120_000) throw new Error('no /healthz after 2 minutes');
    await new Promise((r) => setTimeout(r, 10));
  }
  const ms = Math.round(performance.now() - started);
  const cpu = cpuMs(bot.pid);
  const ready = memory(bot.pid);
  let idleMem: ReturnType<typeof memory> = {};
  if (idle) {
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    idleMem = memory(bot.pid);
  }
  bot.kill('SIGTERM');
  await new Promise((r) => bot.once('exit', r));
  return {
    ms,
    cpuMs: cpu,
    readyRssMb: ready.rssMb,
    ...(idle ? { idleRssMb: idleMem.rssMb, peakRssMb: idleMem.peakRssMb } : { peakRssMb: ready.peakRssMb }),
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** One first start on an empty database, then `runs` later starts (median), the last one sampled idle. */
async function series(runner: Runner, databaseUrl?: string): Promise<Record<string, number | undefined>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'phonebot-cold-'));
  try {
    const first = await coldStart(runner, dataDir, databaseUrl, false);
    const later: Start[] = [];
    for (let i = 0; i < runs; i++) later.push(await coldStart(runner, dataDir, databaseUrl, i === runs - 1));
    const last = later.at(-1)!;
    return {
      firstStartMs: first.ms,
      firstStartCpuMs: first.cpuMs,
      laterStartMs: median(later.map((s) => s.ms)),
      laterStartCpuMs: median(later.map((s) => s.cpuMs ?? 0)),
      readyRssMb: last.readyRssMb,
      idleRssMb: last.idleRssMb,
      peakRssMb: last.peakRssMb,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function postgresSchema(runner: Runner): string {
  const url = new URL(postgres!);
  url.searchParams.set('schema', `cold_${runner}_${Date.now()}`);
  return url.toString();
}

const result: Record<string, unknown> = { bench: 'cold-start', idleSeconds, runs };
for (const runner of process.argv.includes('--tsx') ? (['node', 'tsx'] as const) : (['node'] as const)) {
  const prefix = runner === 'node' ? '' : 'tsx.';
  for (const [key, value] of Object.entries(await series(runner))) result[`${prefix}pglite.${key}`] = value;
  if (postgres)
    for (const [key, value] of Object.entries(await series(runner, postgresSchema(runner))))
      result[`${prefix}postgres.${key}`] = value;
}
emit(result);
slack.stop();
zoom.stop();
process.exit(0);
