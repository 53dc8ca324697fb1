// How the provisioning engine (src/domain/provisioning/engine.ts) handles a step that did not complete: a
// rate limit waits as long as Zoom says, a write with no clear answer is retried with backoff and read back
// before it is written again, a refusal fails the request with what to do, and no step is tried for ever.
// The engine runs the real add steps against the memory Zoom and commits to an embedded database.
import { beforeAll, describe, expect, it } from 'vitest';
import { ZoomAuthError } from '../../src/domain/zoom-errors.js';
import { ProvisioningEngine } from '../../src/domain/provisioning/engine.js';
import type { Progress } from '../../src/domain/provisioning/types.js';
import { claimRequests } from '../../src/domain/provisioning/worker.js';
import { createAddRequest } from '../../src/domain/requests.js';
import { log, RecordingListener, useDatabase } from './support/db.js';
import { MemoryZoom } from './support/memory-zoom.js';
import { FixedClock } from './support/people.js';

const database = useDatabase();
const zoom = new MemoryZoom().addPlan(200, 'US/CA Unlimited', 50).addSite({ id: 's-hq', name: 'HQ' });
const clock = new FixedClock();
const listener = new RecordingListener();
const MAX_ATTEMPTS = 3;
let engine: ProvisioningEngine;
let nextExtension = 4100;

beforeAll(() => {
  engine = new ProvisioningEngine({
    db: database.db,
    zoom,
    listener,
    log,
    now: () => clock.now(),
    maxAttempts: MAX_ATTEMPTS,
    retryBaseMs: 1_000,
    extensionRange: { from: 4000, to: 4999, digits: 4 },
  });
});

/** An approved add for an active Zoom user (plan, extension, a number), queued and not yet run. */
async function queued(email: string): Promise<number> {
  const number = `+1415555${String(1000 + nextExtension).slice(-4)}`;
  zoom.addNumber(number);
  const user = zoom.addUser(email);
  const request = await createAddRequest(database.db, listener, {
    requestedBy: 'U-ADMIN',
    approvedBy: 'U-ADMIN',
    resolved: {
      email,
      extension: String(nextExtension++),
      extensionAuto: false,
      plan: { type: 200, name: 'US/CA Unlimited' },
      number,
      numberAuto: false,
      site: { id: 's-hq', name: 'HQ' },
      zoomUser: { id: user.id, status: 'active' },
    },
  });
  return request.id;
}

/** One run of the request, as a worker would: claim it (even before its next attempt is due), run it. */
async function runOnce(id: number) {
  const owner = `test-${id}`;
  expect(await claimRequests(database.db, owner, 1, 60_000, { ids: [id], notYetDue: true })).toEqual([id]);
  await engine.run(id, owner);
  return database.db.provisioningRequest.findUniqueOrThrow({ where: { id } });
}

const delayOf = (r: { nextAttemptAt: Date }) => r.nextAttemptAt.getTime() - clock.now().getTime();
const eventsOf = (id: number) => listener.events.filter((e) => e.request.id === id).map((e) => e.type);

it('runs an add to the end with one Zoom write per step', async () => {
  const id = await queued('plain@example.com');
  const before = zoom.calls.length;
  const done = await runOnce(id);
  expect(done).toMatchObject({ status: 'done', step: 'done', attempts: 0, lastError: null });
  const writes = zoom.calls
    .slice(before)
    .map((c) => c.method)
    .filter((m) => !m.startsWith('find') && !m.startsWith('list'));
  expect(writes).toEqual(['setZoomPhoneFeature', 'updatePhoneUser', 'assignCallingPlans', 'assignPhoneNumbers']);
  expect(eventsOf(id)).toEqual(['queued', 'done']);
});

describe('rate limits', () => {
  it('waits exactly as long as Zoom’s Retry-After, then carries on from the same step', async () => {
    const id = await queued('limited@example.com');
    zoom.refuseNext(
      'assignCallingPlans',
      429,
      429,
      'You have reached the maximum per-second rate limit for this API.',
      7_000,
    );
    const waiting = await runOnce(id);
    expect(waiting).toMatchObject({
      status: 'queued',
      step: 'plan',
      attempts: 1,
      lastError: 'Zoom rate limit',
      lastErrorCode: '429/429',
    });
    expect(delayOf(waiting)).toBe(7_000);
    expect(await runOnce(id)).toMatchObject({ status: 'done' });
    expect(zoom.user('limited@example.com')!.phone!.plans).toEqual([200]);
  });

  it('never fails a request for rate limits, however many tries they took', async () => {
    const id = await queued('patient@example.com');
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++)
      zoom.refuseNext('setZoomPhoneFeature', 429, 429, 'Too many requests.', 1_000);
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++)
      expect(await runOnce(id)).toMatchObject({ status: 'queued', step: 'license' });
    expect(await runOnce(id)).toMatchObject({ status: 'done' });
  });

  it('backs off without a Retry-After, and names the daily limit with when it continues', async () => {
    const id = await queued('daily@example.com');
    zoom.refuseNext('assignCallingPlans', 429, 429, 'Too many requests.');
    const first = await runOnce(id);
    // Attempt 1 with a 1 s base: somewhere in [1 s, 2 s).
    expect(delayOf(first)).toBeGreaterThanOrEqual(1_000);
    expect(delayOf(first)).toBeLessThan(2_000);
    zoom.refuseNext('assignCallingPlans', 429, 429, 'You have reached the daily rate limit for this API.', 3_600_000);
    const daily = await runOnce(id);
    expect(delayOf(daily)).toBe(3_600_000);
    expect(daily.lastError).toMatch(/^Zoom's daily limit for this API is reached; continuing at \d{4}-\d\d-\d\dT/);
  });
});

describe('writes with no clear answer', () => {
  it('reads a write back before trying it again, so a lost answer never assigns twice', async () => {
    const id = await queued('lost@example.com');
    // The plan is assigned in Zoom but the answer is lost; Zoom refuses a second assignment of the same plan.
    zoom.loseAnswerNext('assignCallingPlans');
    const retry = await runOnce(id);
    expect(retry).toMatchObject({ status: 'queued', step: 'plan', attempts: 1 });
    expect(retry.lastError).toBe('Zoom did not answer clearly (socket hang up)');
    expect((retry.progress as Progress).uncertain).toBe('plan');
    expect(delayOf(retry)).toBeGreaterThanOrEqual(1_000);
    expect(delayOf(retry)).toBeLessThan(2_000);
    expect(await runOnce(id)).toMatchObject({ status: 'done', attempts: 0 });
    expect(
      zoom.calls.filter((c) => c.method === 'assignCallingPlans' && c.arg === zoom.user('lost@example.com')!.id),
    ).toHaveLength(1);
  });

  it('writes again after the read-back shows the first try never arrived', async () => {
    const id = await queued('never@example.com');
    zoom.uncertainNext('assignPhoneNumbers');
    expect(await runOnce(id)).toMatchObject({ status: 'queued', step: 'number' });
    expect(await runOnce(id)).toMatchObject({ status: 'done' });
    const userId = zoom.user('never@example.com')!.id;
    expect(zoom.calls.filter((c) => c.method === 'assignPhoneNumbers' && c.arg === userId)).toHaveLength(2);
    expect(zoom.numbersOf(userId)).toHaveLength(1);
  });

  it('treats a 5xx like an unclear answer, and gives up after the last attempt saying where to look', async () => {
    const id = await queued('outage@example.com');
    zoom.refuseNext('updatePhoneUser', 502, undefined, 'Bad Gateway');
    zoom.uncertainNext('updatePhoneUser');
    zoom.uncertainNext('updatePhoneUser');
    const first = await runOnce(id);
    expect(first).toMatchObject({ status: 'queued', step: 'configure', attempts: 1, lastErrorCode: '502/' });
    expect((first.progress as Progress).uncertain).toBe('configure');
    const second = await runOnce(id);
    // The pause doubles: attempt 2 waits somewhere in [2 s, 4 s).
    expect(delayOf(second)).toBeGreaterThanOrEqual(2_000);
    expect(delayOf(second)).toBeLessThan(4_000);
    const failed = await runOnce(id);
    expect(failed).toMatchObject({
      status: 'failed',
      lastError:
        'Zoom did not answer clearly (timed out after 10000 ms) (tried 3 times); Zoom may be having an outage: check https://status.zoom.us, then run the request again',
    });
    const event = listener.events.find((e) => e.request.id === id && e.type === 'failed');
    expect(event?.lines).toContain(
      'Already done in Zoom: the Zoom Phone licence was assigned; the rest was not. See /phone status outage@example.com.',
    );
    // Nothing is held for a failed request.
    expect(await database.db.reservation.count({ where: { requestId: id } })).toBe(0);
  });
});

describe('refusals', () => {
  it('fails at once with Zoom’s words and what was already done, without retrying', async () => {
    const id = await queued('noseat@example.com');
    zoom.refuseNext('assignCallingPlans', 400, 300, 'No available seats for calling plan 200 (US/CA Unlimited).');
    const failed = await runOnce(id);
    expect(failed).toMatchObject({
      status: 'failed',
      step: 'plan',
      attempts: 0,
      lastError: 'Zoom said 400/300: No available seats for calling plan 200 (US/CA Unlimited).',
      lastErrorCode: '400/300',
    });
    const event = listener.events.find((e) => e.request.id === id && e.type === 'failed');
    expect(event?.lines).toEqual([
      'Zoom said 400/300: No available seats for calling plan 200 (US/CA Unlimited).',
      'Already done in Zoom: the Zoom Phone licence was assigned, the extension was set; the rest was not. See /phone status noseat@example.com.',
    ]);
    const audit = await database.db.auditLog.findMany({ where: { requestId: id, action: 'request.fail' } });
    expect(audit).toMatchObject([{ outcome: 'failed', zoomTrackingIds: ['track-400'] }]);
  });

  it('turns the refusals a step knows into what to do', async () => {
    const noLicence = await queued('nolicence@example.com');
    zoom.refuseNext(
      'setZoomPhoneFeature',
      404,
      1102,
      'You cannot enable the Zoom Phone feature because you do not have any available licenses.',
    );
    expect(await runOnce(noLicence)).toMatchObject({
      status: 'failed',
      lastError: 'the Zoom account has no Zoom Phone licence left; free or buy one, then run the request again',
    });
    const raced = await queued('raced@example.com');
    const ext = (await database.db.provisioningRequest.findUniqueOrThrow({ where: { id: raced } })).desired as {
      extension: string;
    };
    zoom.refuseNext('updatePhoneUser', 400, 400, `Extension number ${ext.extension} is already used.`);
    expect(await runOnce(raced)).toMatchObject({
      status: 'failed',
      lastError: `extension ${ext.extension} was taken in Zoom after phonebot checked it; pick another with /phone ext raced@example.com <digits>`,
    });
  });
});

describe('other failures', () => {
  it('keeps trying a sign-in failure past the step limit, with longer pauses, then names the settings to check', async () => {
    const id = await queued('auth@example.com');
    for (let i = 0; i < 10; i++) zoom.failNext('setZoomPhoneFeature', new ZoomAuthError('invalid_client', 401));
    const first = await runOnce(id);
    // Attempt 1 waits as attempt 4 would: [8 s, 16 s).
    expect(delayOf(first)).toBeGreaterThanOrEqual(8_000);
    expect(delayOf(first)).toBeLessThan(16_000);
    for (let i = 2; i < 10; i++) expect(await runOnce(id)).toMatchObject({ status: 'queued', attempts: i });
    expect(await runOnce(id)).toMatchObject({
      status: 'failed',
      lastError:
        'phonebot could not sign in to Zoom: invalid_client; check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET and that the Zoom app is activated',
    });
  });

  it('counts any other error as an attempt, and stops at the limit naming the step', async () => {
    const id = await queued('bug@example.com');
    for (let i = 0; i < MAX_ATTEMPTS; i++) zoom.failNext('assignCallingPlans', new TypeError('x is undefined'));
    expect(await runOnce(id)).toMatchObject({ status: 'queued', lastError: 'x is undefined' });
    expect(await runOnce(id)).toMatchObject({ status: 'queued', attempts: 2 });
    expect(await runOnce(id)).toMatchObject({
      status: 'failed',
      lastError: 'phonebot could not complete step "plan" (tried 3 times): x is undefined',
    });
  });
});
