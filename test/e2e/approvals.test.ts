// The request → approve/deny flow driven with signed block_actions and view_submission payloads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../src/jobs/scheduler.js';
import { requestExpiryJob } from '../../src/jobs/request-expiry.js';
import { eventually } from '../support/eventually.js';
import {
  ADMIN,
  ADMIN2,
  ADMIN_CHANNEL,
  GENERAL,
  OUTSIDER,
  REQUESTER,
  type Harness,
  startHarness,
  textOf,
} from '../support/harness.js';
import { buttonsOf, click, countViews, findMessage, formValues, openedView, submit } from '../support/slack-actions.js';

let h: Harness;
beforeAll(async () => {
  // One requester makes many requests here; the open-request bound has its own test (truth-policy.test.ts).
  h = await startHarness({ env: { PHONEBOT_MAX_OPEN_REQUESTS: '50' } });
});
afterAll(async () => {
  await h?.stop();
});

const db = () => h.bot.services.db;
const dmsOf = (user: string) => h.slack.dms(user).map((m) => textOf(m));

async function requestFrom(user: string, text: string) {
  const res = await h.command(text, { user });
  const reply = await h.slack.waitFor(
    () =>
      h
        .responsesTo(res.responseUrl)
        .map(textOf)
        .find((t) => /Request #\d+|Cannot/.test(t)),
    { timeoutMs: 10_000, message: 'no reply to the request' },
  );
  const id = Number(/Request #(\d+)/.exec(reply)?.[1]);
  return { id, reply };
}

async function approvalMessage(id: number) {
  return h.slack.waitFor(() => findMessage(h, ADMIN_CHANNEL, new RegExp(`Request #${id}\\b`)), {
    timeoutMs: 10_000,
    message: `no approval message for #${id}`,
  });
}

function status(id: number, want: string) {
  let last = '';
  return eventually(
    async () => {
      const r = await db().provisioningRequest.findUniqueOrThrow({ where: { id } });
      last = `${r.status} (${r.lastError ?? ''})`;
      return r.status === want && r;
    },
    () => `request #${id} to be ${want}; it is ${last}`,
  );
}

describe('request → approve with edits → provisioned', () => {
  it('a non-approver’s add waits for approval; the approver edits and approves; Zoom ends as approved', async () => {
    const { id, reply } = await requestFrom(REQUESTER, 'add alice@example.com ext 4300 plan "US/CA Metered"');
    expect(reply).toMatch(/sent to the approvers/);
    const msg = await approvalMessage(id);
    expect(textOf(msg)).toMatch(/alice@example\.com/);
    expect(textOf(msg)).toMatch(/Seats left/);
    expect(buttonsOf(msg).map((b) => b.actionId)).toEqual(['request_approve', 'request_deny']);
    expect(h.zoom.state.findUser('alice@example.com')?.zoomPhone).toBe(false);
    // The command's reply told the requester; no DM repeats it.
    expect(dmsOf(REQUESTER).filter((t) => t.includes(`#${id}`))).toEqual([]);

    const before = countViews(h, 'approve_modal');
    await click(h, ADMIN, {
      actionId: 'request_approve',
      value: String(id),
      channel: ADMIN_CHANNEL,
      messageTs: msg.ts,
    });
    const view = await openedView(h, 'approve_modal', { after: before });
    expect(textOf(view.view)).toMatch(/US\/CA Unlimited Calling Plan — \d+ free/);
    const res = await submit(
      h,
      ADMIN,
      view,
      formValues({
        email: 'alice@example.com',
        extension: '4310',
        plan: '200',
        numberMode: 'auto',
        number: undefined,
        site: undefined,
        template: undefined,
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('');

    await status(id, 'done');
    const alice = h.zoom.state.findUser('alice@example.com')!;
    expect(alice.phone?.extensionNumber).toBe('4310');
    expect(alice.phone?.callingPlans).toEqual([200]);
    expect(h.zoom.state.numbersOf(alice.id)).toHaveLength(1);

    const updated = await h.slack.waitFor(
      () => findMessage(h, ADMIN_CHANNEL, new RegExp(`Request #${id}\\b[\\s\\S]* is done`)),
      { timeoutMs: 10_000, message: 'card not edited to done' },
    );
    // The decision buttons are gone; the done card keeps only the link to the user's page in the Zoom portal.
    expect(buttonsOf(updated).map((b) => b.actionId)).toEqual(['open_in_zoom']);
    expect(textOf(updated)).toMatch(
      new RegExp(`Requested by <@${REQUESTER}> · approved by <@${ADMIN}> · done <!date\\^`),
    );
    expect(textOf(updated)).toContain('4310');
    await h.slack.waitFor(() => dmsOf(REQUESTER).find((t) => t.includes(`Request #${id} is done`)), {
      timeoutMs: 10_000,
      message: 'no done DM',
    });
    expect(dmsOf(REQUESTER).some((t) => t.includes(`request #${id}`) && /approved/.test(t))).toBe(true);

    const audit = await db().auditLog.findMany({ where: { requestId: id }, orderBy: { id: 'asc' } });
    const approved = audit.find((a) => a.action === 'request.approved')!;
    expect(approved.actor).toBe(ADMIN);
    expect(JSON.stringify(approved.before)).toContain('4300');
    expect(JSON.stringify(approved.after)).toContain('4310');
  });

  it('an approved request for someone new goes through Pending → activation, with DMs at each step', async () => {
    const { id } = await requestFrom(REQUESTER, 'add newbie@example.com ext 4320');
    const msg = await approvalMessage(id);
    const before = countViews(h, 'approve_modal');
    await click(h, ADMIN2, {
      actionId: 'request_approve',
      value: String(id),
      channel: ADMIN_CHANNEL,
      messageTs: msg.ts,
    });
    const view = await openedView(h, 'approve_modal', { after: before });
    await submit(h, ADMIN2, view, formValues({ email: 'newbie@example.com', extension: '4320', plan: 'none' }));
    await status(id, 'waiting_activation');
    // The admins' card says it waits for the invitee; the requester already has the approval DM.
    await h.slack.waitFor(
      () =>
        findMessage(
          h,
          ADMIN_CHANNEL,
          new RegExp(`Request #${id}\\b[\\s\\S]*waiting for the user to accept the Zoom invitation`),
        ),
      { timeoutMs: 10_000, message: 'no waiting card' },
    );
    await h.zoom.acceptInvitation('newbie@example.com');
    await status(id, 'done');
    expect(h.zoom.state.findUser('newbie@example.com')?.phone?.extensionNumber).toBe('4320');
    await h.slack.waitFor(() => dmsOf(REQUESTER).find((t) => t.includes(`Request #${id} is done`)), {
      timeoutMs: 10_000,
      message: 'no done DM',
    });
    // One DM for the decision, one when the phone is ready.
    expect(dmsOf(REQUESTER).filter((t) => new RegExp(`#${id}\\b`).test(t)).length).toBe(2);
  });
});

describe('deny, refusals, races and expiry', () => {
  it('deny needs a reason, which reaches the requester; the approval message shows the outcome', async () => {
    const { id } = await requestFrom(REQUESTER, 'add denied@example.com ext 4330');
    const msg = await approvalMessage(id);
    const before = countViews(h, 'deny_modal');
    await click(h, ADMIN, { actionId: 'request_deny', value: String(id), channel: ADMIN_CHANNEL, messageTs: msg.ts });
    const view = await openedView(h, 'deny_modal', { after: before });
    const empty = await submit(h, ADMIN, view, formValues({ reason: '' }));
    expect((empty.json as { response_action?: string }).response_action).toBe('errors');
    const ok = await submit(h, ADMIN, view, formValues({ reason: 'Contractors get a softphone from their agency.' }));
    expect(ok.status).toBe(200);
    await status(id, 'denied');
    await h.slack.waitFor(
      () => dmsOf(REQUESTER).find((t) => t.includes(`request #${id}`) && t.includes('Contractors get a softphone')),
      { timeoutMs: 10_000, message: 'reason not sent' },
    );
    const updated = findMessage(h, ADMIN_CHANNEL, new RegExp(`Request #${id}\\b`))!;
    expect(textOf(updated)).toMatch(new RegExp(`denied by <@${ADMIN}>`));
    expect(textOf(updated)).toContain('Contractors get a softphone');
    // A denial is nobody else's business: nothing in the channel the request was typed in.
    expect(
      h.slack
        .messages(GENERAL)
        .map(textOf)
        .filter((t) => t.includes('denied@example.com')),
    ).toEqual([]);
    expect(buttonsOf(updated)).toEqual([]);
    // What it held is free again.
    expect(await db().reservation.count({ where: { requestId: id } })).toBe(0);
    expect(h.zoom.state.findUser('denied@example.com')).toBeUndefined();
  });

  it('a non-approver clicking Approve is refused privately, nothing changes, and the attempt is audited', async () => {
    const { id } = await requestFrom(REQUESTER, 'add refused@example.com ext 4340');
    const msg = await approvalMessage(id);
    const views = h.slack.views().length;
    const res = await click(h, OUTSIDER, {
      actionId: 'request_approve',
      value: String(id),
      channel: ADMIN_CHANNEL,
      messageTs: msg.ts,
    });
    const refusal = await h.slack.waitFor(() => h.responsesTo(res.responseUrl).map(textOf)[0], {
      message: 'no refusal',
    });
    expect(refusal).toMatch(/can't approve request/);
    expect(h.slack.views().length).toBe(views);
    expect((await db().provisioningRequest.findUniqueOrThrow({ where: { id } })).status).toBe('awaiting_approval');
    const refused = await db().auditLog.findFirst({
      where: { action: 'authz.refused.request.approve', actor: OUTSIDER, requestId: id },
    });
    expect(refused?.outcome).toBe('refused');
    // Even a forged approve-modal submission from them is refused.
    const forged = await submit(
      h,
      OUTSIDER,
      { id: 'VFORGED', view: { callback_id: 'approve_modal', private_metadata: JSON.stringify({ requestId: id }) } },
      formValues({ email: 'refused@example.com', extension: '4340', plan: 'none' }),
    );
    expect((forged.json as { response_action?: string }).response_action).toBe('errors');
    expect((await db().provisioningRequest.findUniqueOrThrow({ where: { id } })).status).toBe('awaiting_approval');
  });

  it('an approver cannot approve a request for themselves; another approver can', async () => {
    const { id, reply } = await requestFrom(ADMIN, 'add ada@corp.example ext 4350');
    expect(reply).toMatch(/sent to the approvers/);
    const msg = await approvalMessage(id);
    const res = await click(h, ADMIN, {
      actionId: 'request_approve',
      value: String(id),
      channel: ADMIN_CHANNEL,
      messageTs: msg.ts,
    });
    expect(await h.slack.waitFor(() => h.responsesTo(res.responseUrl).map(textOf)[0])).toMatch(
      /cannot approve your own request/,
    );
    const before = countViews(h, 'approve_modal');
    await click(h, ADMIN2, {
      actionId: 'request_approve',
      value: String(id),
      channel: ADMIN_CHANNEL,
      messageTs: msg.ts,
    });
    await openedView(h, 'approve_modal', { after: before });
  });

  it('no approver decides a phone for their own address, and the approve form cannot change who gets the phone', async () => {
    const { id } = await requestFrom(REQUESTER, 'add grace@corp.example ext 4356');
    const msg = await approvalMessage(id);
    const refused = await click(h, ADMIN2, {
      actionId: 'request_approve',
      value: String(id),
      channel: ADMIN_CHANNEL,
      messageTs: msg.ts,
    });
    expect(await h.slack.waitFor(() => h.responsesTo(refused.responseUrl).map(textOf)[0])).toMatch(
      /a phone for yourself/,
    );
    const before = countViews(h, 'approve_modal');
    await click(h, ADMIN, {
      actionId: 'request_approve',
      value: String(id),
      channel: ADMIN_CHANNEL,
      messageTs: msg.ts,
    });
    const view = await openedView(h, 'approve_modal', { after: before });
    expect(textOf(view.view)).toContain('grace@corp.example');
    // A crafted submission naming someone else still provisions the person the request is for.
    const res = await submit(
      h,
      ADMIN,
      view,
      formValues({ email: 'mallory@example.com', extension: '4356', plan: 'none' }),
    );
    expect(res.status).toBe(200);
    await status(id, 'waiting_activation');
    expect(h.zoom.state.findUser('grace@corp.example')).toBeDefined();
    expect(h.zoom.state.findUser('mallory@example.com')).toBeUndefined();
  });

  it('a slow Zoom does not hold the approval past Slack’s 3 s: the modal is answered at once and the decision follows', async () => {
    const { id } = await requestFrom(REQUESTER, 'add slowzoom@example.com ext 4357');
    const msg = await approvalMessage(id);
    const before = countViews(h, 'approve_modal');
    await click(h, ADMIN, {
      actionId: 'request_approve',
      value: String(id),
      channel: ADMIN_CHANNEL,
      messageTs: msg.ts,
    });
    const view = await openedView(h, 'approve_modal', { after: before });
    // The first look-up of the user answers 503 after 2.6 s; the client retries it.
    h.zoom.injectFault({
      method: 'GET',
      path: /\/users\/slowzoom%40example\.com$/,
      kind: 'status',
      status: 503,
      delayMs: 2_600,
    });
    const started = Date.now();
    const res = await submit(h, ADMIN, view, formValues({ extension: '4357', plan: 'none' }));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(JSON.stringify(res.body)).toContain('Still waiting for Zoom');
    await status(id, 'waiting_activation');
    expect(h.zoom.calls.some((c) => c.fault && c.path.endsWith('/users/slowzoom%40example.com'))).toBe(true);
  });

  it('two approvers approving at once: exactly one decision wins, the other is told who decided', async () => {
    const { id } = await requestFrom(REQUESTER, 'add race@example.com ext 4360');
    const msg = await approvalMessage(id);
    let before = countViews(h, 'approve_modal');
    await click(h, ADMIN, {
      actionId: 'request_approve',
      value: String(id),
      channel: ADMIN_CHANNEL,
      messageTs: msg.ts,
    });
    const v1 = await openedView(h, 'approve_modal', { after: before });
    before = countViews(h, 'approve_modal');
    await click(h, ADMIN2, {
      actionId: 'request_approve',
      value: String(id),
      channel: ADMIN_CHANNEL,
      messageTs: msg.ts,
    });
    const v2 = await openedView(h, 'approve_modal', { after: before });
    const values = formValues({ email: 'race@example.com', extension: '4360', plan: 'none' });
    const [a, b] = await Promise.all([submit(h, ADMIN, v1, values), submit(h, ADMIN2, v2, values)]);
    const outcomes = [a, b].map((r) => (r.body === '' ? 'won' : textOf(r.json)));
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    expect(outcomes.find((o) => o !== 'won')).toMatch(new RegExp(`Request #${id} was already .*by <@U`));
    const approvals = await db().auditLog.count({ where: { requestId: id, action: 'request.approved' } });
    expect(approvals).toBe(1);
    // A late click on the old message says who decided.
    const late = await click(h, ADMIN, {
      actionId: 'request_approve',
      value: String(id),
      channel: ADMIN_CHANNEL,
      messageTs: msg.ts,
    });
    expect(await h.slack.waitFor(() => h.responsesTo(late.responseUrl).map(textOf)[0])).toMatch(/already/);
  });

  it('undecided requests expire after the TTL, release their holds and tell the requester', async () => {
    const { id } = await requestFrom(REQUESTER, 'add slowpoke@example.com ext 4370');
    await approvalMessage(id);
    const s = h.bot.services;
    const early = await runJob(s, requestExpiryJob, { now: new Date(Date.now() + 6 * 86_400_000) });
    expect(early.summary).not.toContain(`#${id}`);
    const dry = await runJob(s, requestExpiryJob, { now: new Date(Date.now() + 8 * 86_400_000), dryRun: true });
    expect(dry.summary).toContain(`#${id}`);
    expect((await db().provisioningRequest.findUniqueOrThrow({ where: { id } })).status).toBe('awaiting_approval');
    await runJob(s, requestExpiryJob, { now: new Date(Date.now() + 8 * 86_400_000) });
    await status(id, 'expired');
    expect(await db().reservation.count({ where: { requestId: id } })).toBe(0);
    await h.slack.waitFor(() => dmsOf(REQUESTER).find((t) => t.includes(`request #${id}`) && /expired/.test(t)), {
      timeoutMs: 10_000,
      message: 'requester not told of expiry',
    });
    const updated = findMessage(h, ADMIN_CHANNEL, new RegExp(`Request #${id}\\b`))!;
    expect(textOf(updated)).toMatch(/is expired/);
  });
});

describe('the request modal and request commands', () => {
  it('/phone request opens a form with the live plans; problems come back under their fields', async () => {
    const before = countViews(h, 'request_modal');
    await h.command('request', { user: REQUESTER });
    const view = await openedView(h, 'request_modal', { after: before });
    expect(textOf(view.view)).toMatch(/US\/CA Unlimited Calling Plan — \d+ free/);
    const bad = await submit(
      h,
      REQUESTER,
      view,
      formValues({
        email: 'modal@example.com',
        extension: '12',
        plan: '200',
        numberMode: 'specific',
        number: '',
        justification: '',
      }),
    );
    const errors = (bad.json as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors).sort()).toEqual(['extension', 'justification', 'number']);
    const taken = await submit(
      h,
      REQUESTER,
      view,
      formValues({ email: 'modal@example.com', extension: '1001', plan: '200', justification: 'New SDR' }),
    );
    expect((taken.json as { errors: Record<string, string> }).errors.extension).toMatch(
      /already used by bob@example\.com/,
    );
    const ok = await submit(
      h,
      REQUESTER,
      view,
      formValues({ email: 'modal@example.com', extension: '4380', plan: '200', justification: 'New SDR' }),
    );
    expect(ok.body).toBe('');
    const req = await db().provisioningRequest.findFirstOrThrow({ where: { email: 'modal@example.com' } });
    expect(req).toMatchObject({ status: 'awaiting_approval', requestedBy: REQUESTER, justification: 'New SDR' });
    const msg = await approvalMessage(req.id);
    expect(textOf(msg)).toContain('New SDR');
  });

  it('/phone requests shows approvers everything and others their own; /phone cancel is for the requester or an approver', async () => {
    const { id } = await requestFrom(REQUESTER, 'add cancelme@example.com ext 4390');
    const mine = await h.command('requests', { user: REQUESTER });
    const list = await h.slack.waitFor(() => h.responsesTo(mine.responseUrl).map(textOf)[0]);
    expect(list).toContain(`#${id}`);
    const theirs = await h.command('requests', { user: OUTSIDER });
    expect(await h.slack.waitFor(() => h.responsesTo(theirs.responseUrl).map(textOf)[0])).not.toContain(`#${id}`);

    const refused = await h.command(`cancel ${id}`, { user: OUTSIDER });
    expect(await h.slack.waitFor(() => h.responsesTo(refused.responseUrl).map(textOf)[0])).toMatch(/can't cancel/);
    expect((await db().provisioningRequest.findUniqueOrThrow({ where: { id } })).status).toBe('awaiting_approval');
    const ok = await h.command(`cancel ${id}`, { user: REQUESTER });
    expect(await h.slack.waitFor(() => h.responsesTo(ok.responseUrl).map(textOf)[0])).toMatch(/is cancelled/);
    await status(id, 'cancelled');
    expect(await db().reservation.count({ where: { requestId: id } })).toBe(0);
  });

  it('/phone audit is for approvers', async () => {
    const refused = await h.command('audit', { user: REQUESTER });
    expect(await h.slack.waitFor(() => h.responsesTo(refused.responseUrl).map(textOf)[0])).toMatch(
      /can't read the audit log/,
    );
    const ok = await h.command('audit alice@example.com --days 1', { user: ADMIN });
    const text = await h.slack.waitFor(() => h.responsesTo(ok.responseUrl).map(textOf)[0]);
    // Readable verbs, dates for each reader's timezone, and on whose behalf phonebot acted.
    expect(text).toMatch(
      new RegExp(
        `<!date\\^\\d+\\^\\{date_short_pretty\\} \\{time\\}\\|[^>]+> <@${ADMIN}> approved the request for \\*alice@example\\.com\\*`,
      ),
    );
    expect(text).toMatch(
      new RegExp(`phonebot for <@${REQUESTER}> assigned a calling plan to \\*alice@example\\.com\\*`),
    );
    expect(text).not.toMatch(/request\.approved|zoom\.plan\.assigned|\d{4}-\d\d-\d\dT/);
  });
});
