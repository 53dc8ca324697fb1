// Every Slack entry point and who may use it. The table must name every command, button, modal and event
// the app registers (a new one without a row fails the first test), and every approver-only entry is tried
// by a non-approver: refused, audited, nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSharedEnvelope, sendEvent } from '../fakes/slack/index.js';
import {
  ADMIN,
  ADMIN_CHANNEL,
  GENERAL,
  OUTSIDER,
  REQUESTER,
  type Harness,
  SIGNING_SECRET,
  startHarness,
  textOf,
} from '../support/harness.js';
import { click, formValues, openHome, submit, viewButtons } from '../support/slack-actions.js';
import { runStep, stepEnded } from '../support/workflow-step.js';
import { settle } from '../support/eventually.js';

type Who = 'anyone' | 'approver' | 'requester or approver' | 'own data or approver';

/** One row per entry point: who may use it, and how a non-approver's attempt is made. */
const TABLE: Record<string, { who: Who; attempt?: (ctx: Ctx) => Promise<unknown> }> = {
  'command:help': { who: 'anyone' },
  'command:add': { who: 'anyone' }, // a non-approver's add becomes a request for approval (test/e2e/approvals.test.ts)
  'command:request': { who: 'anyone' },
  'command:requests': { who: 'anyone' }, // non-approvers see only their own (approvals.test.ts)
  'command:profiles': { who: 'anyone' }, // members pick a profile in the request form (profiles.test.ts)
  'command:status': { who: 'own data or approver', attempt: (c) => c.command('status bob@example.com') },
  'command:cancel': { who: 'requester or approver', attempt: (c) => c.command(`cancel ${c.requestId}`) },
  'command:audit': { who: 'approver', attempt: (c) => c.command('audit') },
  'command:ext': { who: 'approver', attempt: (c) => c.command('ext bob@example.com 4999') },
  'command:ready': { who: 'approver', attempt: (c) => c.command('ready bob@example.com profile "Sales"') },
  'command:resend': { who: 'approver', attempt: (c) => c.command('resend carol@example.com') },
  'command:remove-package': { who: 'approver', attempt: (c) => c.command('remove-package bob@example.com') },
  'command:remove': { who: 'approver', attempt: (c) => c.command('remove bob@example.com') },
  'command:restore': { who: 'approver', attempt: (c) => c.command('restore bob@example.com') },
  'command:trash': { who: 'approver', attempt: (c) => c.command('trash') },
  'command:pending': { who: 'approver', attempt: (c) => c.command('pending') },
  'command:csv-template': { who: 'approver', attempt: (c) => c.command('csv template') },
  'command:drift': { who: 'approver', attempt: (c) => c.command('drift') },
  'command:export': { who: 'approver', attempt: (c) => c.command('export') },
  'action:request_approve': { who: 'approver', attempt: (c) => c.click('request_approve', String(c.requestId)) },
  'action:request_deny': { who: 'approver', attempt: (c) => c.click('request_deny', String(c.requestId)) },
  'action:request_cancel': {
    who: 'requester or approver',
    attempt: (c) => c.click('request_cancel', String(c.requestId)),
  },
  'action:user_resend': { who: 'approver', attempt: (c) => c.click('user_resend', 'carol@example.com') },
  'action:user_restore': { who: 'approver', attempt: (c) => c.click('user_restore', 'bob@example.com') },
  'action:csv_run': { who: 'approver', attempt: (c) => c.click('csv_run', String(c.batchId)) },
  'action:csv_report': { who: 'approver', attempt: (c) => c.click('csv_report', String(c.batchId)) },
  'action:drift_adopt': {
    who: 'approver',
    attempt: (c) => c.click('drift_adopt', JSON.stringify({ kind: 'hold', hold: 'extension', value: '4900' })),
  },
  'action:csv_cancel': { who: 'approver', attempt: (c) => c.click('csv_cancel', String(c.batchId)) },
  'view:request_modal': { who: 'anyone' },
  // The form of the message shortcut: each person is authorised as an add (a non-approver's become requests,
  // test/e2e/shortcut.test.ts); opening it changes nothing.
  'view:people_modal': { who: 'anyone' },
  'shortcut:provision_phone_for': { who: 'anyone' },
  'view:approve_modal': {
    who: 'approver',
    attempt: (c) =>
      c.submit(
        'approve_modal',
        { requestId: c.requestId },
        formValues({ email: 'pending9@example.com', extension: '4900', plan: 'none' }),
      ),
  },
  'view:deny_modal': {
    who: 'approver',
    attempt: (c) => c.submit('deny_modal', { requestId: c.requestId }, formValues({ reason: 'no reason at all' })),
  },
  'view:confirm_modal:remove': {
    who: 'approver',
    attempt: (c) => c.submit('confirm_modal', { action: 'remove', email: 'bob@example.com' }, {}),
  },
  'view:confirm_modal:remove-package': {
    who: 'approver',
    attempt: (c) => c.submit('confirm_modal', { action: 'remove-package', email: 'bob@example.com', types: [200] }, {}),
  },
  'event:file_shared': { who: 'approver', attempt: (c) => c.upload() },
  // The `requester` input is who acted (the event names nobody); a non-approver's step becomes a request for
  // approval (test/e2e/workflow-step.test.ts). Forged runs: 'a forged function_executed changes nothing' below.
  'function:provision_phone_user': { who: 'anyone' },
  // Anyone may open their Home; what it shows depends on who they are (the test below, and app-home.test.ts).
  'event:app_home_opened': { who: 'anyone' },
  'action:home_request_phone': { who: 'anyone' }, // the request form, as /phone request
};

interface Ctx {
  requestId: number;
  batchId: number;
  command(text: string): Promise<unknown>;
  click(actionId: string, value: string): Promise<unknown>;
  submit(callbackId: string, metadata: object, values: Record<string, Record<string, object>>): Promise<unknown>;
  upload(): Promise<unknown>;
}

let h: Harness;
let ctx: Ctx;
beforeAll(async () => {
  h = await startHarness();
  // Something to attack: a request awaiting approval, and a previewed CSV import.
  await h.command('add pending9@example.com ext 4900', { user: REQUESTER });
  const request = await h.slack.waitFor(
    () =>
      h.bot.services.db.provisioningRequest
        .findFirst({ where: { email: 'pending9@example.com' } })
        .then((r) => r ?? undefined),
    { timeoutMs: 10_000 },
  );
  const file = h.slack.addFile({
    name: 'admin.csv',
    content: 'Email,Extension\nalice@example.com,4901\n',
    user: ADMIN,
    channel: GENERAL,
    filetype: 'csv',
  });
  await sendEvent(
    h.bot.url,
    SIGNING_SECRET,
    fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL }),
  );
  const batch = await h.slack.waitFor(
    () => h.bot.services.db.batch.findFirst({ where: { fileId: file.id } }).then((b) => b ?? undefined),
    { timeoutMs: 15_000 },
  );
  ctx = {
    requestId: request.id,
    batchId: batch.id,
    command: (text) => h.command(text, { user: OUTSIDER }),
    click: (actionId, value) => click(h, OUTSIDER, { actionId, value, channel: ADMIN_CHANNEL }),
    submit: (callbackId, metadata, values) =>
      submit(
        h,
        OUTSIDER,
        { id: `VATTACK${callbackId}`, view: { callback_id: callbackId, private_metadata: JSON.stringify(metadata) } },
        values,
      ),
    upload: async () => {
      const f = h.slack.addFile({
        name: 'outsider.csv',
        content: 'Email\nx@example.com\n',
        user: OUTSIDER,
        channel: GENERAL,
        filetype: 'csv',
      });
      return sendEvent(
        h.bot.url,
        SIGNING_SECRET,
        fileSharedEnvelope({ fileId: f.id, userId: OUTSIDER, channelId: GENERAL }),
      );
    },
  };
});
afterAll(async () => {
  await h?.stop();
});

describe('authorisation table', () => {
  it('names every entry point the app registers', () => {
    const l = h.bot.listeners;
    const registered = [
      ...l.commands.map((c) => `command:${c}`),
      ...l.actions.map((a) => `action:${a}`),
      ...l.views.map((v) => `view:${v}`),
      ...l.events.map((e) => `event:${e}`),
      ...l.shortcuts.map((s) => `shortcut:${s}`),
      ...l.functions.map((f) => `function:${f}`),
    ].sort();
    expect(registered).toEqual(Object.keys(TABLE).sort());
  });

  const restricted = Object.entries(TABLE).filter(([, r]) => r.who !== 'anyone');
  it.each(restricted)('%s: a non-approver is refused, the attempt is audited, nothing changes', async (name, rule) => {
    const db = h.bot.services.db;
    const before = {
      writes: h.zoom.calls.filter((c) => c.method !== 'GET' && c.family !== 'oauth').length,
      requests: await db.provisioningRequest.count(),
      statuses: JSON.stringify(
        await db.provisioningRequest.findMany({ select: { id: true, status: true }, orderBy: { id: 'asc' } }),
      ),
      batches: JSON.stringify(await db.batch.findMany({ select: { id: true, status: true } })),
      refusals: await db.auditLog.count({ where: { actor: OUTSIDER, outcome: 'refused' } }),
      uploads: h.slack.uploads().length,
    };
    await rule.attempt!(ctx);
    await h.slack.waitFor(
      async () =>
        (await db.auditLog.count({ where: { actor: OUTSIDER, outcome: 'refused' } })) > before.refusals || undefined,
      { timeoutMs: 10_000, message: `${name}: no audited refusal` },
    );
    await settle(200);
    expect(h.zoom.calls.filter((c) => c.method !== 'GET' && c.family !== 'oauth').length).toBe(before.writes);
    expect(await db.provisioningRequest.count()).toBe(before.requests);
    expect(
      JSON.stringify(
        await db.provisioningRequest.findMany({ select: { id: true, status: true }, orderBy: { id: 'asc' } }),
      ),
    ).toBe(before.statuses);
    expect(JSON.stringify(await db.batch.findMany({ select: { id: true, status: true } }))).toBe(before.batches);
    expect(h.slack.uploads().length).toBe(before.uploads);
  });

  it("a non-approver's App Home shows only their own data: no one else's request, no approver buttons", async () => {
    const home = await openHome(h, OUTSIDER);
    const text = textOf(home.view);
    expect(text).toMatch(/Your Zoom Phone/);
    expect(text).not.toMatch(/pending9@example\.com|approver dashboard/);
    expect(viewButtons(home.view as object).map((b) => b.actionId)).toEqual(['home_request_phone']);
  });

  it('refusals are answered privately, in words', async () => {
    const res = await h.command('remove bob@example.com', { user: OUTSIDER });
    expect(await h.slack.waitFor(() => h.responsesTo(res.responseUrl).map(textOf)[0])).toMatch(
      /Not allowed: only phonebot approvers can do that/,
    );
  });
});

describe('a forged function_executed changes nothing', () => {
  const snapshot = async () => ({
    writes: h.zoom.calls.filter((c) => c.method !== 'GET' && c.family !== 'oauth').length,
    requests: await h.bot.services.db.provisioningRequest.count(),
  });
  const inputs = { email: 'forged@example.com', extension: '4950', requester: ADMIN };

  it('with a bad signature: refused with 401 before Bolt, the step left as it was', async () => {
    const before = await snapshot();
    const { execution, res } = await runStep(h, inputs, { send: { signature: 'v0=forged' } });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(await snapshot()).toEqual(before);
    expect(h.slack.functionExecutions().find((e) => e.id === execution.id)?.state).toBe('running');
  });

  it('for a step phonebot does not declare: acknowledged, ignored', async () => {
    const before = await snapshot();
    const { execution, res } = await runStep(h, inputs, { callbackId: 'delete_all_phones' });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(await snapshot()).toEqual(before);
    expect(h.slack.functionExecutions().find((e) => e.id === execution.id)?.state).toBe('running');
  });

  it.each([
    ['someone Slack does not know', 'UNOBODY01'],
    ['the bot itself', 'UBOT'],
  ])('naming %s as the requester: refused, audited, the step fails with the reason', async (_who, requester) => {
    const before = await snapshot();
    const { execution } = await runStep(h, { ...inputs, requester });
    const ended = await stepEnded(h, execution.id);
    expect(ended.state).toBe('failed');
    expect(ended.error).toMatch(new RegExp(`the requester ${requester} is not a Slack user phonebot can act for`));
    expect(await snapshot()).toEqual(before);
    expect(
      await h.bot.services.db.auditLog.count({
        where: { actor: requester, action: 'authz.refused.add', outcome: 'refused', target: 'forged@example.com' },
      }),
    ).toBe(1);
  });

  it('with a requester that is no Slack user id at all: fails, nothing stored', async () => {
    const before = await snapshot();
    const { execution } = await runStep(h, { ...inputs, requester: 'ADMIN; DROP TABLE' });
    const ended = await stepEnded(h, execution.id);
    expect(ended.error).toMatch(/requester is not a Slack user id/);
    expect(await snapshot()).toEqual(before);
  });
});
