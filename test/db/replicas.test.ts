// Several replicas on one database: each cron fire runs once (database RunCoordinator), and work claimed
// with SELECT … FOR UPDATE SKIP LOCKED is never taken by two workers. On PostgreSQL (DATABASE_URL) the two
// "replicas" are separate connection pools, as two processes would be.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { parseEnv } from '../../src/config/env.js';
import { ReplayGuard } from '../../src/http/replay-guard.js';
import { buildCore, type Core } from '../../src/core.js';
import { claimRequests } from '../../src/domain/provisioning/worker.js';
import type { Job } from '../../src/jobs/job.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import { pgliteDump, testDatabase, type TestDatabase, usingPostgres } from '../support/database.js';

let dbInfo: TestDatabase;
let a: Core;
let b: Core;

beforeAll(async () => {
  dbInfo = await testDatabase();
  const config = parseEnv(
    { ZOOM_MODE: 'sandbox', LOG_LEVEL: 'silent', ...(dbInfo.url ? { DATABASE_URL: dbInfo.url } : {}) },
    {},
  );
  a = await buildCore(config, { database: { pgliteMemory: true, pgliteDump: pgliteDump() } });
  // PGlite is one process: the second "replica" shares its database; PostgreSQL gets a second pool.
  b = usingPostgres ? await buildCore(config, {}) : a;
});
afterAll(async () => {
  if (b && b !== a) await b.close();
  await a?.close();
  await dbInfo?.drop();
});

describe('replicas', () => {
  it('each cron fire of a job runs on exactly one replica', async () => {
    const runs: { replica: string; at: string }[] = [];
    const job = (replica: string): Job => ({
      name: 'tick',
      description: 'test job',
      schedule: () => '* * * * * *',
      run: async ({ now }) => {
        runs.push({ replica, at: now.toISOString().slice(0, 19) });
        return { summary: 'ok' };
      },
    });
    const s1 = new Scheduler(a.services, [job('one')], 'replica-one');
    const s2 = new Scheduler(b.services, [job('two')], 'replica-two');
    s1.start();
    s2.start();
    await new Promise((r) => setTimeout(r, 3_500));
    await s1.stop();
    await s2.stop();
    const leases = await a.services.db.cronLease.findMany({ where: { key: { startsWith: 'tick:' } } });
    expect(leases.length).toBeGreaterThanOrEqual(3);
    // One run per fire, whichever replica won it.
    expect(runs.length).toBe(leases.length);
    // No fire second ran twice (both replicas would have pushed the same second).
    expect(new Set(runs.map((r) => r.at)).size).toBe(runs.length);
  });

  it('two workers claiming at once never take the same request', async () => {
    const db = a.services.db;
    await db.provisioningRequest.createMany({
      data: Array.from({ length: 40 }, (_, i) => ({
        kind: 'add',
        status: 'queued',
        email: `claim${i}@example.com`,
        desired: {},
        requestedBy: 'U1',
        step: 'lookup',
      })),
    });
    const rounds = await Promise.all([
      claimRequests(a.services.db, 'w1', 15, 60_000),
      claimRequests(b.services.db, 'w2', 15, 60_000),
      claimRequests(a.services.db, 'w3', 15, 60_000),
    ]);
    const all = rounds.flat();
    expect(all.length).toBe(40);
    expect(new Set(all).size).toBe(40);
    const owners = await db.provisioningRequest.groupBy({
      by: ['lockedBy'],
      where: { email: { startsWith: 'claim' } },
      _count: true,
    });
    expect(owners.find((o) => o.lockedBy === null)).toBeUndefined();
    expect(Object.fromEntries(owners.map((o) => [o.lockedBy, o._count]))).toEqual(
      Object.fromEntries(rounds.map((r, i) => [`w${i + 1}`, r.length]).filter(([, n]) => n)),
    );
  });
});

describe('replay protection across replicas', () => {
  // A slash command is acknowledged before its signature is recorded in the database (src/http/server.ts):
  // the record must still tell a second replica that the delivery was seen, so a replay sent to it is dropped.
  it('a signed delivery seen by one replica is refused by the other', async () => {
    const one = new ReplayGuard(a.services.db, usingPostgres);
    // PGlite means one process: the "other replica" is the same process and its memory.
    const two = usingPostgres ? new ReplayGuard(b.services.db, true) : one;
    const id = `slack:v0=${randomBytes(16).toString('hex')}`;
    const first = one.check(id);
    expect(first.fresh).toBe(true);
    expect(await first.everywhere()).toBe(true);
    const replayed = two.check(id);
    expect(replayed.fresh && (await replayed.everywhere())).toBe(false);
    expect(await one.firstSeen(id)).toBe(false);
  });
});
