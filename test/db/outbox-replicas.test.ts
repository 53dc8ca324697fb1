// Zoom is the truth, situation 9: two replicas share the outbox. Each version of a message is posted once;
// an edit stored while the first post is still in flight waits for it and is then applied with
// chat.update — never as a second post. On PostgreSQL (DATABASE_URL) the replicas are separate pools.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env.js';
import { buildCore, type Core } from '../../src/core.js';
import { enqueue, Outbox } from '../../src/slack/outbox.js';
import { startSlackFake, type SlackFake } from '../fakes/slack/index.js';
import { pgliteDump, testDatabase, type TestDatabase, usingPostgres } from '../support/database.js';

let dbInfo: TestDatabase;
let slack: SlackFake;
let a: Core;
let b: Core;
const CHANNEL = 'COUTBOX1';

beforeAll(async () => {
  dbInfo = await testDatabase();
  // Slack answers slowly, so the first post is still in flight when the edit arrives.
  slack = await startSlackFake({ latencyMs: 500, channels: [{ id: CHANNEL, name: 'outbox', members: ['UBOT'] }] });
  const config = parseEnv(
    {
      ZOOM_MODE: 'sandbox',
      LOG_LEVEL: 'silent',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: slack.apiUrl,
      ...(dbInfo.url ? { DATABASE_URL: dbInfo.url } : {}),
    },
    {},
  );
  a = await buildCore(config, { database: { pgliteMemory: true, pgliteDump: pgliteDump() } });
  // PGlite is one process: the second replica shares its database (its own Outbox); PostgreSQL gets a second pool.
  b = usingPostgres ? await buildCore(config, {}) : { ...a, outbox: new Outbox(a.services.db, a.slackClient, a.log) };
});
afterAll(async () => {
  if (b && b.database !== a.database) await b.close();
  await a?.close();
  await slack?.close();
  await dbInfo?.drop();
});

const calls = (method: string) => slack.calls.filter((c) => c.method === method).length;

describe('outbox on two replicas', () => {
  it('posts each message once and turns an edit made during the post into chat.update', async () => {
    const db = a.services.db;
    await enqueue(db, { key: 'card:1', channel: CHANNEL, payload: { text: 'Request #1: in progress' } });
    const first = a.outbox.flush();
    // The request moves on while replica A is still posting version 1.
    await new Promise((r) => setTimeout(r, 150));
    await enqueue(db, { key: 'card:1', channel: CHANNEL, payload: { text: 'Request #1: done' } });
    // Replica B sees the new version but must not post the slot a second time.
    expect(await b.outbox.flush()).toBe(0);
    expect(await first).toBe(1);
    // Version 2 is now due: whichever replica takes it edits the posted message.
    expect(await b.outbox.flush()).toBe(1);

    const posted = slack.messages(CHANNEL);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).toBe('Request #1: done');
    expect(calls('chat.postMessage')).toBe(1);
    expect(calls('chat.update')).toBe(1);
    // Nothing left to deliver, on either replica.
    expect((await a.outbox.flush()) + (await b.outbox.flush())).toBe(0);
  });
});
