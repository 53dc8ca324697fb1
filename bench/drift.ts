// Drift report cost: N phone users in Zoom, phonebot's records for most of them with a few planted
// differences, and the report (`checkDrift`, what /phone drift, the CLI and the weekly job run) against the
// Zoom emulator in its own process (Business+ limits, 50–150 ms latency). Reports the duration, the Zoom
// calls it made (paged list calls only, never one per user), 429s, and checks the findings are exact.
//   npx tsx bench/drift.ts [--users 10000]
import { checkDrift } from '../src/domain/drift-check.js';
import { startSlackFake } from '../test/fakes/slack/index.js';
import { ADMIN, benchBot, CHANNEL, emit, remoteEmulator, RssSampler } from './support.js';

const i = process.argv.indexOf('--users');
const USERS = i === -1 ? 10_000 : Number(process.argv[i + 1]);
// Every 100th record believes another extension; the last 1 % of Zoom's phone users phonebot never saw.
const DIFFER_EVERY = 100;
const UNSEEN = Math.floor(USERS / 100);
const zoom = await remoteEmulator(['--phone', String(USERS)]);
const slack = await startSlackFake({
  users: [{ id: ADMIN, name: 'ada', is_admin: true }],
  channels: [{ id: CHANNEL, name: 'bench', members: ['UBOT', ADMIN] }],
});
const bot = await benchBot(zoom, slack);
const db = bot.services.db;
const known = USERS - UNSEEN;
for (let k = 0; k < known; k += 1000) {
  await db.phoneUser.createMany({
    data: Array.from({ length: Math.min(1000, known - k) }, (_, j) => {
      const n = k + j;
      const extension = String(100000 + n + (n % DIFFER_EVERY === 0 ? 500_000 : 0));
      return {
        email: `phone${n}@bench.example`,
        zoomUserId: `Phone${String(n).padStart(6, '0')}AAAAAAAAAAA`,
        zoomStatus: 'active',
        state: 'active',
        extension,
        callingPlans: [200],
        phoneNumbers: [],
      };
    }),
  });
}
const planted = Math.ceil(known / DIFFER_EVERY);
await zoom.clearCalls();
const rss = new RssSampler();
const t0 = Date.now();
const report = await checkDrift({ db, zoom: bot.services.zoom });
const seconds = (Date.now() - t0) / 1000;
if (report.items.length !== planted || report.items.some((x) => x.kind !== 'provisioned-differs'))
  throw new Error(`expected ${planted} extension differences, got ${report.items.length}`);
// bob@ of the emulator's default seed is a phone user phonebot never saw, too.
if (report.unseen.length !== UNSEEN + 1)
  throw new Error(`expected ${UNSEEN + 1} unseen phone users, got ${report.unseen.length}`);
const calls = (await zoom.calls()).filter((c) => c.family !== 'oauth');
const byRoute = (prefix: string) => calls.filter((c) => c.path.replace(/^\/v2/, '') === prefix).length;
emit({
  bench: 'drift',
  database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
  users: USERS,
  records: known,
  differences: report.items.length,
  unseen: report.unseen.length,
  seconds,
  zoomCalls: calls.length,
  callsByList: {
    phoneUsers: byRoute('/phone/users'),
    users: byRoute('/users'),
    numbers: byRoute('/number_management/numbers'),
  },
  perUserCalls: calls.filter((c) => /\/users\/[^/]+$/.test(c.path)).length,
  share429: calls.filter((c) => c.status === 429).length / Math.max(1, calls.length),
  ...rss.stop(),
});
await bot.stop();
zoom.stop();
await slack.close();
process.exit(0);
