// Purge throughput: N soft-deleted users whose restore window has passed, purged by the purge job against
// the Zoom emulator (its own process, Business+ limits, 50–150 ms latency). Reports DELETE calls/s as a
// fraction of the Light ceiling, 429 share, and peak RSS (which should not grow with N).
//   npx tsx bench/purge.ts [--users 1000]
import { purgeJob } from '../src/jobs/purge.js';
import { runJob } from '../src/jobs/scheduler.js';
import { ratePerSecond } from '../src/zoom/rate-limits.js';
import { startSlackFake } from '../test/fakes/slack/index.js';
import { ADMIN, benchBot, CHANNEL, emit, remoteEmulator, RssSampler } from './support.js';

const i = process.argv.indexOf('--users');
const USERS = i === -1 ? 1000 : Number(process.argv[i + 1]);
const zoom = await remoteEmulator(['--inactive', String(USERS)]);
const slack = await startSlackFake({
  users: [{ id: ADMIN, name: 'ada', email: 'ada@corp.example', is_admin: true }],
  channels: [{ id: CHANNEL, name: 'bench', members: ['UBOT', ADMIN] }],
});
const bot = await benchBot(zoom, slack);
const db = bot.services.db;
const day = 86_400_000;
const removedAt = new Date(Date.now() - 31 * day);
for (let k = 0; k < USERS; k += 1000) {
  await db.phoneUser.createMany({
    data: Array.from({ length: Math.min(1000, USERS - k) }, (_, j) => {
      const n = k + j;
      return {
        email: `gone${n}@bench.example`,
        zoomUserId: `Gone${String(n).padStart(7, '0')}AAAAAAAAAAA`,
        zoomStatus: 'inactive',
        state: 'soft_deleted',
        softDeletedAt: removedAt,
        purgeAfter: new Date(removedAt.getTime() + 30 * day),
        extension: String(300000 + n),
      };
    }),
  });
}
await zoom.clearCalls();
const rss = new RssSampler();
const t0 = Date.now();
const report = await runJob(bot.services, purgeJob, { now: new Date() });
const seconds = (Date.now() - t0) / 1000;
// The admins' summary must account for every user, however the work was shared between job and worker.
if (!report.summary.startsWith(`${USERS} purged, 0 failed`))
  throw new Error(`purge summary is wrong: ${report.summary}`);
const calls = (await zoom.calls()).filter((c) => c.method === 'DELETE');
const times = calls.map((c) => new Date(c.at).getTime());
const achieved = (calls.length - 1) / ((Math.max(...times) - Math.min(...times)) / 1000);
const ceiling = ratePerSecond('business', 'general', 'light');
emit({
  bench: 'purge',
  database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
  users: USERS,
  purged: await db.phoneUser.count({ where: { state: 'purged' } }),
  summary: report.summary,
  seconds,
  deleteCalls: calls.length,
  achievedPerSecond: Math.round(achieved * 10) / 10,
  ceilingPerSecond: ceiling,
  fractionOfCeiling: Math.round((achieved / ceiling) * 1000) / 1000,
  share429: calls.filter((c) => c.status === 429).length / calls.length,
  ...rss.stop(),
});
await bot.stop();
zoom.stop();
await slack.close();
process.exit(0);
