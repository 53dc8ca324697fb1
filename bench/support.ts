// Shared pieces of the benchmarks: a migrated in-memory database, a bot wired to the Zoom emulator and
// the Slack fake, peak-RSS sampling, percentiles, and the machine description.
import { writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { type Phonebot, startPhonebot } from '../src/app.js';
import { parseEnv } from '../src/config/env.js';
import { applyMigrations } from '../src/db/migrate.js';
import type { ZoomEmulator } from '../src/zoom/emulator/index.js';
import type { SlackFake } from '../test/fakes/slack/index.js';

export const SIGNING_SECRET = 'bench-signing-secret';
export const ADMIN = 'UADMIN01';
export const CHANNEL = 'CBENCH01';

export async function migratedDump(): Promise<Blob> {
  const lite = new PGlite();
  await lite.waitReady;
  await applyMigrations(new PrismaPGlite(lite));
  const dump = await lite.dumpDataDir('none');
  await lite.close();
  return dump;
}

export async function benchBot(
  zoom: Pick<ZoomEmulator, 'apiUrl' | 'oauthUrl'>,
  slack: SlackFake,
  opts: { dump?: Blob; env?: Record<string, string>; workers?: number } = {},
): Promise<Phonebot> {
  const silent = new Writable({ write: (_c, _e, cb) => cb() });
  const env = parseEnv({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    ZOOM_ACCOUNT_ID: 'emu-account',
    ZOOM_CLIENT_ID: 'emu-client-id',
    ZOOM_CLIENT_SECRET: 'emu-client-secret',
    ZOOM_API_URL: zoom.apiUrl,
    ZOOM_OAUTH_URL: zoom.oauthUrl,
    ZOOM_RATE_PLAN: 'business',
    PHONEBOT_ADMINS: ADMIN,
    PHONEBOT_ADMIN_CHANNEL: CHANNEL,
    PHONEBOT_EXTENSION_RANGE: '100000-999999',
    LOG_LEVEL: 'warn',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...opts.env,
  });
  return startPhonebot(env, {
    logDestination: silent,
    database: process.env.DATABASE_URL ? {} : { pgliteMemory: true, pgliteDump: opts.dump ?? (await migratedDump()) },
    // The production default (src/core.ts) unless a benchmark asks for another (bench/bulk.ts --workers).
    workerConcurrency: opts.workers ?? 16,
  });
}

/** Node's collector when the process runs with --expose-gc (npm run bench does): heap figures after a full GC. */
const gc = (globalThis as { gc?: () => void }).gc;
const heapAfterGc = () => {
  gc?.();
  return process.memoryUsage().heapUsed;
};

/**
 * Samples memory during one run: RSS before it and at its peak, and (with --expose-gc) the JavaScript heap
 * still in use after a full collection before and after — what the run kept, as opposed to garbage it made.
 */
export class RssSampler {
  private readonly heapBefore = heapAfterGc();
  readonly before = process.memoryUsage().rss;
  peak = this.before;
  private readonly timer: NodeJS.Timeout;
  constructor(intervalMs = 20) {
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage().rss);
    }, intervalMs);
  }
  stop(): { rssBeforeMb: number; peakRssMb: number; heapKeptMb?: number } {
    clearInterval(this.timer);
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
    return {
      rssBeforeMb: mb(this.before),
      peakRssMb: mb(this.peak),
      ...(gc ? { heapKeptMb: Math.round(((heapAfterGc() - this.heapBefore) / 1024 / 1024) * 10) / 10 } : {}),
    };
  }
}

export const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function machine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 1024 ** 3)} GiB RAM, Node ${process.version}, ${process.platform}`;
}

export function emit(result: object): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

export async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
  stepMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export interface RemoteEmulator {
  apiUrl: string;
  oauthUrl: string;
  baseUrl: string;
  calls(): Promise<{ method: string; path: string; status: number; label: string; family: string; at: string }[]>;
  clearCalls(): Promise<void>;
  stop(): void;
}

/** Starts bench/emulator-process.ts and waits for its URLs. */
export async function remoteEmulator(args: string[]): Promise<RemoteEmulator> {
  const { spawn } = await import('node:child_process');
  const { createRequire } = await import('node:module');
  const { pathToFileURL } = await import('node:url');
  const path = await import('node:path');
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(
    process.execPath,
    ['--import', tsx, path.join(import.meta.dirname, 'emulator-process.ts'), ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const urls = await new Promise<{ apiUrl: string; oauthUrl: string; baseUrl: string }>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n')[0];
      if (buf.includes('\n') && line)
        resolve(JSON.parse(line) as { apiUrl: string; oauthUrl: string; baseUrl: string });
    });
    child.on('exit', (code) => reject(new Error(`emulator exited ${code}`)));
  });
  return {
    ...urls,
    calls: async () =>
      (await (await fetch(`${urls.baseUrl}/_emulator/calls`)).json()) as Awaited<ReturnType<RemoteEmulator['calls']>>,
    clearCalls: async () => {
      await fetch(`${urls.baseUrl}/_emulator/calls`, { method: 'DELETE' });
    },
    stop: () => child.kill('SIGTERM'),
  };
}

/** Starts a bench helper script (emulator-process.ts, slack-process.ts) and reads its first JSON line. */
export async function helperProcess<T>(script: string, args: string[] = []): Promise<{ info: T; stop: () => void }> {
  const { spawn } = await import('node:child_process');
  const { createRequire } = await import('node:module');
  const { pathToFileURL } = await import('node:url');
  const path = await import('node:path');
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, path.join(import.meta.dirname, script), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise<T>((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n')[0];
      if (buf.includes('\n') && line) resolve(JSON.parse(line) as T);
    });
    child.on('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
  return { info, stop: () => child.kill('SIGTERM') };
}

/** The role profile of the profile benchmarks (issue 15), named after the emulator's default seed. */
export const BENCH_PROFILE = 'Bench Desk';
const BENCH_PROFILES = `
profiles:
  ${BENCH_PROFILE}:
    site: Main Office
    calling_plans: [US/CA Unlimited]
    number: none
    call_queues: [Sales Queue]
    desk_phone: { brand: Poly, model: VVX 450, provision_template: Sales desk phones }
    caller_id: hidden
    emergency_address: site_default
`;

/** Writes the benchmark profiles file; answers its path (for PHONEBOT_PROFILES). */
export function writeBenchProfiles(): string {
  const file = path.join(tmpdir(), `bench-profiles-${process.pid}.yaml`);
  writeFileSync(file, BENCH_PROFILES);
  return file;
}

/** A distinct, locally administered MAC per row. */
export const benchMac = (i: number) =>
  `02:be:${[(i >> 16) & 255, (i >> 8) & 255, i & 255, 0].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
