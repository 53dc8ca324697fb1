// The Workflow Builder step "Provision a Zoom Phone user" end to end: a workflow run's signed
// function_executed event goes into the real Bolt app, and the step is completed (functions.completeSuccess /
// completeError on the Slack fake) when the request it became ends — at once for an approver, after the
// approvers' decision for anyone else, after the invitee accepts for someone not yet in Zoom.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestExpiryJob } from '../../src/jobs/request-expiry.js';
import { runJob } from '../../src/jobs/scheduler.js';
import { defaultSeed } from '../../src/zoom/emulator/index.js';
import { DEFAULT_BOT_TOKEN, sendEvent } from '../fakes/slack/index.js';
import {
  ADMIN,
  ADMIN_CHANNEL,
  type Harness,
  REQUESTER,
  SIGNING_SECRET,
  startHarness,
  textOf,
} from '../support/harness.js';
import { eventually, flows } from '../support/flows.js';
import { click, countViews, findMessage, formValues, openedView, submit } from '../support/slack-actions.js';
import { runStep, stepEnded } from '../support/workflow-step.js';

const DAY = 86_400_000;
let h: Harness;
let f: ReturnType<typeof flows>;
// Zoom's clock runs ahead of the real one by this much (lets an invitation lapse).
let zoomAhead = 0;
const person = (id: string, email: string, firstName: string) => ({
  id,
  email,
  firstName,
  lastName: 'Example',
  type: 2 as const,
  status: 'active' as const,
});

beforeAll(async () => {
  h = await startHarness({
    zoom: {
      now: () => new Date(Date.now() + zoomAhead),
      seed: {
        ...defaultSeed,
        users: [
          ...defaultSeed.users,
          person('ErinUser0AAAAAAAAAAAAA', 'erin@example.com', 'Erin'),
          person('FrankUsr0AAAAAAAAAAAAA', 'frank@example.com', 'Frank'),
          person('GinaUser0AAAAAAAAAAAAA', 'gina@example.com', 'Gina'),
        ],
      },
    },
  });
  f = flows(h);
});
afterAll(async () => {
  await h?.stop();
});

const requestOf = (executionId: string) =>
  eventually(
    () =>
      f
        .db()
        .provisioningRequest.findUnique({ where: { functionExecutionId: executionId } })
        .then((r) => r ?? undefined),
    `the request of workflow step ${executionId}`,
  );

async function decide(id: number, how: 'approve' | 'deny', values: Parameters<typeof formValues>[0]) {
  const card = await h.slack.waitFor(() => findMessage(h, ADMIN_CHANNEL, new RegExp(`Request #${id}\\b`)), {
    timeoutMs: 10_000,
    message: `no approval card for #${id}`,
  });
  const modal = how === 'approve' ? 'approve_modal' : 'deny_modal';
  const before = countViews(h, modal);
  await click(h, ADMIN, { actionId: `request_${how}`, value: String(id), channel: ADMIN_CHANNEL, messageTs: card.ts });
  const view = await openedView(h, modal, { after: before });
  expect((await submit(h, ADMIN, view, formValues(values))).status).toBe(200);
}

describe('an approver runs the workflow', () => {
  it('provisions at once and completes the step with the extension, the number and the status', async () => {
    const started = Date.now();
    const { execution, res } = await runStep(h, {
      email: 'alice@example.com',
      profile_or_plan: 'US/CA Unlimited Calling Plan',
      extension: '4400',
      requester: ADMIN,
    });
    // Acknowledged at once; the provisioning happens after.
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3_000);
    const ended = await stepEnded(h, execution.id);
    expect(ended.state).toBe('completed');
    const alice = f.zoomPhoneState('alice@example.com')!;
    expect(alice).toMatchObject({ extension: '4400', plans: [200] });
    expect(alice.numbers).toHaveLength(1);
    expect(ended.outputs).toEqual({ extension: '4400', direct_number: alice.numbers[0], status: 'done' });
    // Completed later by phonebot itself (the outbox, with the bot token), not inside the event's run.
    expect(ended.completedWith).toBe(DEFAULT_BOT_TOKEN);
    const r = await requestOf(execution.id);
    expect(r).toMatchObject({ status: 'done', requestedBy: ADMIN, decidedBy: null });
    expect(await f.audits('request.created', 'alice@example.com')).toMatchObject([{ actor: ADMIN }]);
  });

  it('bad inputs fail the step with the reason and change nothing', async () => {
    const { execution } = await runStep(h, { email: 'not-an-email', extension: '12', requester: ADMIN });
    const ended = await stepEnded(h, execution.id);
    expect(ended.state).toBe('failed');
    expect(ended.error).toMatch(/Cannot add not-an-email: email is not an email address/);
    expect(ended.error).toMatch(/Nothing was changed/);
    expect(await f.db().provisioningRequest.count({ where: { email: 'not-an-email' } })).toBe(0);
  });

  it('a plan Zoom does not have fails the step with what is available', async () => {
    const { execution } = await runStep(h, { email: 'bob2@example.com', profile_or_plan: 'Gold', requester: ADMIN });
    const ended = await stepEnded(h, execution.id);
    expect(ended.error).toMatch(/calling plan "Gold" does not exist; available: .*US\/CA Unlimited/);
    expect(h.zoom.state.findUser('bob2@example.com')).toBeUndefined();
  });

  it('a delivery Slack retries makes one request, and the step is completed once', async () => {
    const { execution, envelope } = h.slack.startFunction({
      callbackId: 'provision_phone_user',
      inputs: { email: 'erin@example.com', extension: '4405', requester: ADMIN },
    });
    await sendEvent(h.bot.url, SIGNING_SECRET, envelope);
    await sendEvent(h.bot.url, SIGNING_SECRET, envelope, { retryNum: 1, ts: Math.floor(Date.now() / 1000) + 1 });
    const ended = await stepEnded(h, execution.id);
    expect(ended.outputs).toMatchObject({ extension: '4405', status: 'done' });
    await new Promise((r) => setTimeout(r, 300));
    expect(await f.db().provisioningRequest.count({ where: { email: 'erin@example.com' } })).toBe(1);
    expect(
      h.slack.calls.filter((c) => c.method.startsWith('functions.') && c.args.function_execution_id === execution.id),
    ).toHaveLength(1);
  });
});

describe('when Slack refuses the completion for a while', () => {
  it('the outbox keeps it and completes the step once Slack answers again', async () => {
    h.slack.injectFault({ method: 'functions.completeSuccess', kind: 'ratelimited', retryAfter: 1, times: 2 });
    const { execution } = await runStep(h, { email: 'gina@example.com', extension: '4406', requester: ADMIN });
    const ended = await stepEnded(h, execution.id, 30_000);
    expect(ended.outputs).toMatchObject({ extension: '4406', status: 'done' });
    const tries = h.slack.calls.filter(
      (c) => c.method === 'functions.completeSuccess' && c.args.function_execution_id === execution.id,
    );
    expect(tries.map((c) => c.status)).toEqual([429, 429, 200]);
  });
});

describe('a member runs the workflow', () => {
  it('becomes a request; the step completes when an approver approves it', async () => {
    const { execution } = await runStep(h, { email: 'frank@example.com', extension: '4410', requester: REQUESTER });
    const r = await requestOf(execution.id);
    expect(r).toMatchObject({ status: 'awaiting_approval', requestedBy: REQUESTER });
    // The requester hears the request went to the approvers (no command reply to tell them).
    await h.slack.waitFor(() => h.slack.dms(REQUESTER).find((m) => textOf(m).includes(`#${r.id}`)), {
      timeoutMs: 10_000,
      message: 'no DM to the requester',
    });
    await new Promise((res) => setTimeout(res, 300));
    expect(h.slack.functionExecutions().find((e) => e.id === execution.id)?.state).toBe('running');
    expect(f.zoomPhoneState('frank@example.com')?.extension).toBeUndefined();

    await decide(r.id, 'approve', { email: 'frank@example.com', extension: '4410', plan: 'none' });
    const ended = await stepEnded(h, execution.id);
    expect(ended.state).toBe('completed');
    expect(ended.outputs).toEqual({ extension: '4410', status: 'done' });
    expect(f.zoomPhoneState('frank@example.com')?.extension).toBe('4410');
  });

  it('fails with the approver’s reason when the request is denied', async () => {
    const { execution } = await runStep(h, { email: 'dana@example.com', requester: REQUESTER });
    const r = await requestOf(execution.id);
    await decide(r.id, 'deny', { reason: 'Contractors get a softphone from their agency.' });
    const ended = await stepEnded(h, execution.id);
    expect(ended.state).toBe('failed');
    expect(ended.error).toBe(
      `Request #${r.id} for dana@example.com was denied by an approver. Reason: Contractors get a softphone from their agency.`,
    );
    expect(h.zoom.state.findUser('dana@example.com')).toBeUndefined();
  });
  it('fails when the requester cancels the request', async () => {
    const { execution } = await runStep(h, { email: 'hugo@example.com', requester: REQUESTER });
    const r = await requestOf(execution.id);
    await f.replyTo(`cancel ${r.id}`, REQUESTER);
    const ended = await stepEnded(h, execution.id);
    expect(ended).toMatchObject({ state: 'failed', error: `Request #${r.id} for hugo@example.com was cancelled.` });
  });
});

describe('someone not in Zoom yet (Pending)', () => {
  it('completes the step only after the invitee accepts the Zoom invitation', async () => {
    const { execution } = await runStep(h, { email: 'newhire@example.com', extension: '4420', requester: ADMIN });
    const r = await requestOf(execution.id);
    await eventually(
      async () =>
        (await f.db().provisioningRequest.findUniqueOrThrow({ where: { id: r.id } })).status === 'waiting_activation',
      'waiting for the invitee',
    );
    expect(h.zoom.state.findUser('newhire@example.com')?.status).toBe('pending');
    await new Promise((res) => setTimeout(res, 300));
    expect(h.slack.functionExecutions().find((e) => e.id === execution.id)?.state).toBe('running');

    await h.zoom.acceptInvitation('newhire@example.com');
    const ended = await stepEnded(h, execution.id);
    expect(ended.state).toBe('completed');
    expect(ended.outputs).toEqual({ extension: '4420', status: 'done' });
    expect(f.zoomPhoneState('newhire@example.com')).toMatchObject({ status: 'active', extension: '4420' });
  });

  it('fails the step when the invitation lapses unanswered', async () => {
    const { execution } = await runStep(h, { email: 'lapsing@example.com', extension: '4421', requester: ADMIN });
    const r = await requestOf(execution.id);
    await eventually(
      async () =>
        (await f.db().provisioningRequest.findUniqueOrThrow({ where: { id: r.id } })).status === 'waiting_activation',
      'waiting for the invitee',
    );
    zoomAhead = 31 * DAY;
    try {
      await runJob(h.bot.services, requestExpiryJob, { now: new Date(Date.now() + 31 * DAY) });
    } finally {
      zoomAhead = 0;
    }
    const ended = await stepEnded(h, execution.id);
    expect(ended.state).toBe('failed');
    expect(ended.error).toMatch(
      new RegExp(
        `Request #${r.id} for lapsing@example\\.com failed: The Zoom invitation to lapsing@example\\.com expired unanswered`,
      ),
    );
  });
});
