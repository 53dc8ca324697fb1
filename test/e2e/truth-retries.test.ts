// Zoom is the truth, situation 5: a step that keeps failing — here its bookkeeping, because a value Zoom
// gave to the user is held by phonebot for someone else — counts each failure as an attempt, backs off,
// and after PHONEBOT_MAX_STEP_ATTEMPTS fails the request with a message that says what to do. It is never
// re-claimed in a tight loop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_CHANNEL, GENERAL, type Harness, startHarness, textOf } from '../support/harness.js';
import { eventually, flows } from '../support/flows.js';

let h: Harness;
let f: ReturnType<typeof flows>;
beforeAll(async () => {
  h = await startHarness({ env: { PHONEBOT_MAX_STEP_ATTEMPTS: '3' }, start: { retryBaseMs: 100 } });
  f = flows(h);
});
afterAll(async () => {
  await h?.stop();
});

describe('a step that keeps failing', () => {
  it('backs off, fails after the configured attempts, and tells the admin what to do', async () => {
    // A pending hire holds extension 4100 in phonebot ...
    h.zoom.setWebhook(undefined);
    await f.replyTo('add newhire@example.com ext 4100');
    const pending = await f.settled('newhire@example.com', 'add');
    expect(pending.status).toBe('waiting_activation');
    // ... and the identity provider gives 4100 to bob in Zoom meanwhile.
    h.zoom.portal.setExtension('bob@example.com', '4100');

    // Removing bob would hold his extension for the restore window: held by the pending request already.
    await f.confirmed('remove bob@example.com');
    const removal = await f.settled('bob@example.com', 'remove');
    expect(removal.status).toBe('failed');
    expect(removal.attempts).toBe(2);
    expect(removal.lastError).toMatch(
      /could not complete step "start" \(tried 3 times\): extension 4100 is held by request #\d+; finish or cancel that first/,
    );
    // Three tries, each reading the user once: no tight loop of claims.
    const reads = h.zoom.calls.filter((c) => c.method === 'GET' && /\/users\/bob@example\.com$/.test(c.path)).length;
    expect(reads).toBeLessThanOrEqual(4);
    expect(await f.audits('request.step_retry', 'bob@example.com')).toHaveLength(2);
    // Nothing was changed in Zoom: bob keeps his phone.
    expect(f.zoomPhoneState('bob@example.com')).toMatchObject({ status: 'active', extension: '4100', plans: [200] });
    // A removal is private: the admin who ran it gets the failure by DM, the admins in their channel, #general nothing.
    const told = await eventually(
      () =>
        h.slack
          .dms(ADMIN)
          .map(textOf)
          .find((t) => /failed/.test(t) && t.includes('bob@example.com')),
      'the failure message',
    );
    expect(told).toMatch(/finish or cancel that first, then run this again/);
    await eventually(
      () =>
        h.slack
          .messages(ADMIN_CHANNEL)
          .map(textOf)
          .find((t) => /failed/.test(t) && t.includes('bob@example.com')),
      'the admins told',
    );
    expect(
      h.slack
        .messages(GENERAL)
        .map(textOf)
        .filter((t) => t.includes('bob@example.com') && /remov/i.test(t)),
    ).toEqual([]);
  });
});
