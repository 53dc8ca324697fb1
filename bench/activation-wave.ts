// Activation wave (a Monday-morning onboarding): a CSV invites N people who are not in Zoom yet, then all
// of them accept within a minute; the Zoom emulator (its own process) sends a signed
// `user.invitation_accepted` webhook for each acceptance. Reports, per person, the time from the webhook
// reaching phonebot (the request's activatedAt, stamped when the webhook is handled) to the phone being
// ready (completedAt), and the webhook endpoint's answer time from phonebot's own histogram.
// With --site-codes the sites use site codes (Main Office 1, four-digit short extensions; bench/emulator-process.ts),
// so each phone is also read back after its batch call.
// With --profile every invitee has a role profile (a call queue, a desk phone from the row's MAC, caller ID
// hidden; bench/support.ts): their phone is ready once all of it is set up.
//   npx tsx bench/activation-wave.ts [--users 1000] [--seconds 60] [--site-codes | --profile]
import {
  blockActionsPayload,
  fileSharedEnvelope,
  sendAction,
  sendEvent,
  startSlackFake,
} from '../test/fakes/slack/index.js';
import {
  ADMIN,
  BENCH_PROFILE,
  benchBot,
  benchMac,
  CHANNEL,
  emit,
  percentile,
  remoteEmulator,
  SIGNING_SECRET,
  until,
  writeBenchProfiles,
} from './support.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? def : Number(process.argv[i + 1]);
};
const USERS = arg('--users', 1000);
const SECONDS = arg('--seconds', 60);
const WEBHOOK_SECRET = 'bench-webhook-secret';
const siteCodes = process.argv.includes('--site-codes');
const withProfile = process.argv.includes('--profile');

// Seats for the invitees: the emulator seeds licences for its users plus 100, so seed them as "inactive"
// headroom instead of users phonebot would find.
const zoom = await remoteEmulator([
  '--active',
  '0',
  '--inactive',
  '0',
  '--seats',
  String(USERS),
  ...(siteCodes ? ['--site-codes'] : []),
]);
const slack = await startSlackFake({
  users: [{ id: ADMIN, name: 'ada', email: 'ada@corp.example', is_admin: true }],
  channels: [{ id: CHANNEL, name: 'bench', members: ['UBOT', ADMIN] }],
});
const bot = await benchBot(zoom, slack, {
  env: {
    ZOOM_WEBHOOK_SECRET_TOKEN: WEBHOOK_SECRET,
    ...(withProfile ? { PHONEBOT_PROFILES: writeBenchProfiles() } : {}),
  },
});
const control = (p: string, body: object) =>
  fetch(`${zoom.baseUrl}/_emulator/${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
await control('webhook', { url: `${bot.url}/zoom/webhook`, secretToken: WEBHOOK_SECRET });
const email = (i: number) => `new${i}@bench.example`;

// 1. The invitations: one CSV, previewed and run; every row ends waiting for its invitee.
const csv = [
  withProfile ? 'Email,Extension,Profile,Desk Phone MAC' : 'Email,Extension,Calling Plan,Site',
  ...Array.from({ length: USERS }, (_, i) =>
    withProfile
      ? `${email(i)},${200000 + i},${BENCH_PROFILE},${benchMac(i)}`
      : `${email(i)},${siteCodes ? `1${String(i).padStart(4, '0')}` : 200000 + i},US/CA Unlimited,Main Office`,
  ),
].join('\n');
const file = slack.addFile({ name: 'wave.csv', content: csv, user: ADMIN, channel: CHANNEL, filetype: 'csv' });
await sendEvent(bot.url, SIGNING_SECRET, fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: CHANNEL }));
await until(
  async () => (await bot.services.db.batch.count({ where: { fileId: file.id } })) > 0,
  600_000,
  'the preview',
  100,
);
const batch = await bot.services.db.batch.findFirstOrThrow({ where: { fileId: file.id } });
const clickRun = () =>
  sendAction(
    bot.url,
    SIGNING_SECRET,
    blockActionsPayload({
      user: ADMIN,
      actionId: 'csv_run',
      value: String(batch.id),
      channel: CHANNEL,
      triggerId: slack.triggerId({ user: ADMIN }),
      responseUrl: slack.responseUrl(),
    }),
  );
// A long preview lets the bot's server close the kept-alive socket just as fetch reuses it (ECONNRESET);
// a second click is safe: Run starts an import once.
await clickRun().catch(() => clickRun());
const waiting = () =>
  bot.services.db.provisioningRequest.count({ where: { batchId: batch.id, status: 'waiting_activation' } });
await until(async () => (await waiting()) === USERS, 1_800_000, `${USERS} invitations`, 500);

// 2. The wave: acceptances spread evenly over SECONDS (each one makes the emulator send its webhook).
const t0 = Date.now();
const accepting: Promise<unknown>[] = [];
for (let i = 0; i < USERS; i++) {
  const due = t0 + (i * SECONDS * 1000) / USERS;
  const wait = due - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  accepting.push(control('portal/accept-invitation', { user: email(i) }));
}
await Promise.all(accepting);
const done = () => bot.services.db.provisioningRequest.count({ where: { batchId: batch.id, status: 'done' } });
await until(async () => (await done()) === USERS, 900_000, 'every phone to be ready', 250);
const wallS = (Date.now() - t0) / 1000;

const rows = await bot.services.db.provisioningRequest.findMany({
  where: { batchId: batch.id },
  select: { progress: true, completedAt: true },
});
const latencies = rows.map(
  (r) => (r.completedAt!.getTime() - Date.parse((r.progress as { activatedAt: string }).activatedAt)) / 1000,
);
// The endpoint's answer time: phonebot's own histogram (buckets 5, 10, 25, 50, 100 ms …), so the p99 is
// reported as the bucket bound it falls under.
const hist = (await bot.services.metrics.registry.getSingleMetric('phonebot_zoom_webhook_response_seconds')!.get())
  .values as { metricName?: string; value: number; labels: Record<string, string | number> }[];
const count = hist.find((v) => v.metricName?.endsWith('_count'))!.value;
const buckets = hist
  .filter((v) => v.metricName?.endsWith('_bucket'))
  .map((v) => ({ le: Number(v.labels.le), n: v.value }));
const p99Bucket = buckets.find((b) => b.n >= count * 0.99)?.le;
const sum = hist.find((v) => v.metricName?.endsWith('_sum'))!.value;
const calls = (await zoom.calls()).filter((c) => c.family !== 'oauth' && new Date(c.at).getTime() >= t0);
const callsByRoute: Record<string, number> = {};
for (const c of calls) {
  const k = `${c.family} ${c.label} ${c.method} ${c.path.replace(/\/[A-Za-z0-9%@._-]{15,}/g, '/{id}')}`;
  callsByRoute[k] = (callsByRoute[k] ?? 0) + 1;
}
emit({
  bench: withProfile ? 'activation-wave-profile' : 'activation-wave',
  profile: withProfile,
  database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
  siteCodes,
  users: USERS,
  acceptSeconds: SECONDS,
  webhooks: count,
  p50ReadySeconds: Math.round(percentile(latencies, 50) * 100) / 100,
  p99ReadySeconds: Math.round(percentile(latencies, 99) * 100) / 100,
  maxReadySeconds: Math.round(Math.max(...latencies) * 100) / 100,
  webhookP99Ms: p99Bucket === undefined ? undefined : p99Bucket * 1000,
  webhookMeanMs: Math.round((sum / count) * 10000) / 10,
  wallSeconds: Math.round(wallS * 10) / 10,
  zoomCallsAfterWave: calls.length,
  share429: calls.length ? calls.filter((c) => c.status === 429).length / calls.length : 0,
  // Where the phone steps' calls went (family, rate-limit label, route): what paces the wave.
  callsByRoute,
});
await bot.stop();
zoom.stop();
await slack.close();
process.exit(0);
