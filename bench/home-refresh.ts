// App Home refresh cost: 50 approvers open phonebot's Home tab (signed app_home_opened events), then a burst of
// changes arrives (signed `/phone add` by a member, each a request waiting for approval, which every approver's
// dashboard lists). Counts the views.publish calls the Slack fake receives (its Tier 4 limit on, so going over
// would show as 429s): calls per change, the busiest 60 s against Slack's 100 a minute, and how long after the
// last change every approver's Home showed all of the requests.
//   npx tsx bench/home-refresh.ts [--approvers 50] [--changes 100] [--per-second 2]
import { appHomeOpenedEnvelope, sendCommand, sendEvent, startSlackFake } from '../test/fakes/slack/index.js';
import { benchBot, CHANNEL, emit, remoteEmulator, until, SIGNING_SECRET } from './support.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const APPROVERS = arg('--approvers', 50);
const CHANGES = arg('--changes', 100);
const PER_SECOND = arg('--per-second', 2);
/** Slack's published limit for views.publish (Tier 4, https://api.slack.com/methods/views.publish). */
const SLACK_LIMIT_PER_MINUTE = 100;
const MEMBER = 'UMEMBER01';

const approvers = Array.from({ length: APPROVERS }, (_, i) => `UAPPR${String(i).padStart(4, '0')}`);
const zoom = await remoteEmulator([]);
const slack = await startSlackFake({
  users: [
    ...approvers.map((id, i) => ({ id, name: `approver${i}`, email: `approver${i}@bench.example`, is_admin: true })),
    { id: MEMBER, name: 'member', email: 'member@bench.example' },
  ],
  channels: [{ id: CHANNEL, name: 'bench', members: ['UBOT', MEMBER, ...approvers] }],
  tierRateLimits: true,
});
const bot = await benchBot(zoom, slack, {
  env: { PHONEBOT_ADMINS: approvers.join(','), PHONEBOT_MAX_OPEN_REQUESTS: String(CHANGES + 10) },
});
const publishes = () => slack.calls.filter((c) => c.method === 'views.publish');

// Everyone opens the Home once.
const t0 = Date.now();
await Promise.all(approvers.map((userId) => sendEvent(bot.url, SIGNING_SECRET, appHomeOpenedEnvelope({ userId }))));
await until(() => approvers.every((a) => slack.homeView(a)), 30_000, 'every approver Home published');
const openings = publishes().length;

// The burst: CHANGES requests, PER_SECOND a second.
const burstStart = Date.now();
for (let n = 0; n < CHANGES; n++) {
  const due = burstStart + (n * 1000) / PER_SECOND;
  await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
  void sendCommand(bot.url, SIGNING_SECRET, {
    text: `add burst${n}@bench.example ext ${200000 + n}`,
    user_id: MEMBER,
    channel_id: CHANNEL,
    response_url: slack.responseUrl(),
    trigger_id: slack.triggerId({ user: MEMBER }),
  });
}
await until(
  async () => (await bot.services.db.provisioningRequest.count({ where: { status: 'awaiting_approval' } })) >= CHANGES,
  60_000,
  'every request stored',
);
const lastChange = Date.now();
// Every approver's Home eventually lists all the requests (the count in its heading).
const current = () =>
  approvers.every((a) =>
    JSON.stringify(slack.homeView(a)?.view ?? {}).includes(`Requests waiting for approval* (${CHANGES})`),
  );
await until(current, 180_000, 'every approver Home current', 200);
const allCurrentSeconds = (Date.now() - lastChange) / 1000;

const calls = publishes();
const background = calls.length - openings;
const times = calls.map((c) => c.at.getTime()).sort((a, b) => a - b);
let busiestMinute = 0;
for (let i = 0, j = 0; i < times.length; i++) {
  while (times[i]! - times[j]! >= 60_000) j++;
  busiestMinute = Math.max(busiestMinute, i - j + 1);
}
emit({
  bench: 'homeRefresh',
  database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
  approvers: APPROVERS,
  changes: CHANGES,
  changesPerHour: Math.round(PER_SECOND * 3600),
  openings,
  backgroundPublishes: background,
  callsPerChange: Math.round((background / CHANGES) * 100) / 100,
  // Without debouncing and budgeting: every change republished every approver's Home.
  naiveCallsPerChange: APPROVERS,
  busiestMinute,
  slackLimitPerMinute: SLACK_LIMIT_PER_MINUTE,
  ratelimited: calls.filter((c) => c.status === 429).length,
  failed: calls.filter((c) => c.response && (c.response as { ok?: boolean }).ok === false).length,
  allCurrentSeconds,
  seconds: (Date.now() - t0) / 1000,
});
await bot.stop();
await slack.close();
zoom.stop();
process.exit(0);
