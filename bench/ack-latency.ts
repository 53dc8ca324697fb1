// Ack latency: 100 concurrent, correctly signed `/phone status` requests against a running bot (its own
// process, `node dist/main.js` as `npm start` runs it; `--tsx` runs the sources instead); time from sending
// to Slack's required HTTP 200. The load comes from this process, a second process beside the bot's.
// `--busy` adds a third process that keeps one core busy (the "busy machine" case). Target p99 ≤ 50 ms.
//   npx tsx bench/ack-latency.ts [--requests 100] [--tsx] [--busy]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Agent, request } from 'node:http';
import { sendCommand, signRequest } from '../test/fakes/slack/index.js';
import { ADMIN, CHANNEL, emit, helperProcess, percentile, remoteEmulator, SIGNING_SECRET, until } from './support.js';

const i = process.argv.indexOf('--requests');
const N = i === -1 ? 100 : Number(process.argv[i + 1]);
const useTsx = process.argv.includes('--tsx');
const busy = process.argv.includes('--busy');
const root = path.resolve(import.meta.dirname, '..');
if (!useTsx) {
  // The same check `npm start` makes (prestart): build when dist/ is missing or older than the sources.
  const { buildBot, isStale } = (await import(pathToFileURL(path.join(root, 'scripts/build.mjs')).href)) as {
    buildBot: () => Promise<number>;
    isStale: () => boolean;
  };
  if (isStale()) await buildBot();
}
const zoom = await remoteEmulator([]);
const slackProc = await helperProcess<{ apiUrl: string; url: string; responseUrl: string }>('slack-process.ts');
const slack = slackProc.info;
const dataDir = mkdtempSync(path.join(tmpdir(), 'phonebot-ack-'));
const port = 3400 + Math.floor(Math.random() * 500);
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const bot = spawn(
  process.execPath,
  useTsx ? ['--import', tsx, path.join(root, 'src/main.ts')] : [path.join(root, 'dist/main.js')],
  {
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      PORT: String(port),
      DATA_DIR: dataDir,
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
      ZOOM_ACCOUNT_ID: 'emu-account',
      ZOOM_CLIENT_ID: 'emu-client-id',
      ZOOM_CLIENT_SECRET: 'emu-client-secret',
      ZOOM_API_URL: zoom.apiUrl,
      ZOOM_OAUTH_URL: zoom.oauthUrl,
      PHONEBOT_ADMINS: ADMIN,
      PHONEBOT_ADMIN_CHANNEL: CHANNEL,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const url = `http://127.0.0.1:${port}`;
await until(
  async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.ok === true,
  120_000,
  'the bot to start',
  100,
);
// One warm-up request: the first one pays for lazy module loading, which a running bot has done long ago.
await sendCommand(url, SIGNING_SECRET, {
  text: 'help',
  user_id: ADMIN,
  channel_id: CHANNEL,
  response_url: slack.responseUrl,
});

// Bodies are built and signed before the clock starts, and sent with node:http on warm keep-alive
// sockets: what is measured is the bot, not the load generator.
const agent = new Agent({ keepAlive: true, maxSockets: N });
const bodies = Array.from({ length: N }, (_, k) => {
  const body = new URLSearchParams({
    token: 'x',
    team_id: 'T0TEST',
    team_domain: 'bench',
    channel_id: CHANNEL,
    channel_name: 'bench',
    user_id: ADMIN,
    user_name: 'ada',
    command: '/phone',
    text: process.env.BENCH_TEXT ?? 'status',
    response_url: slack.responseUrl,
    trigger_id: `${k}.1700000000.bench`,
    api_app_id: 'A0BENCH',
    is_enterprise_install: 'false',
  }).toString();
  return {
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...signRequest(SIGNING_SECRET, body) },
  };
});
const post = (b: (typeof bodies)[number]) =>
  new Promise<number>((resolve, reject) => {
    const started = performance.now();
    const req = request(
      `${url}/slack/events`,
      { method: 'POST', agent, headers: { ...b.headers, 'content-length': Buffer.byteLength(b.body) } },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(b.body);
  });
// Open the sockets first (Slack keeps connections to an app warm too).
await Promise.all(
  Array.from(
    { length: N },
    () =>
      new Promise<void>((resolve) =>
        request(`${url}/healthz`, { agent }, (res) => res.resume().on('end', () => resolve())).end(),
      ),
  ),
);
// A busy machine: another process spinning on one of the cores while the burst is sent.
const burner = busy ? spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }) : undefined;
await new Promise((r) => setTimeout(r, 1_000));
const latencies = await Promise.all(bodies.map(post));
burner?.kill('SIGKILL');
emit({
  bench: 'ack-latency',
  database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
  runner: useTsx ? 'tsx' : 'node dist/main.js',
  busy,
  text: process.env.BENCH_TEXT ?? 'status',
  requests: N,
  p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
  p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
  maxMs: Math.round(Math.max(...latencies) * 10) / 10,
});
bot.kill('SIGTERM');
await new Promise((r) => bot.once('exit', r));
zoom.stop();
slackProc.stop();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
