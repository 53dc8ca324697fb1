// Situations 7 and 8 of "Zoom is the truth". 7, bounded holds: a non-approver has at most
// PHONEBOT_MAX_OPEN_REQUESTS open requests (each holds an extension), while seats promised to open requests
// never make an approver's own add fail (the approver is told which requests may then lack a seat).
// 8, self-approval everywhere: nobody approves a phone for their own address, by command, approve modal or
// CSV run; and when Slack cannot say what the approver's address is, phonebot refuses and says why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeed } from '../../src/zoom/emulator/index.js';
import { fileSharedEnvelope, sendEvent } from '../fakes/slack/index.js';
import { eventually, flows } from '../support/flows.js';
import {
  ADMIN,
  ADMIN2,
  ADMIN_CHANNEL,
  GENERAL,
  OUTSIDER,
  REQUESTER,
  type Harness,
  SIGNING_SECRET,
  startHarness,
  textOf,
} from '../support/harness.js';
import { buttonsOf, click, countViews, findMessage, formValues, openedView, submit } from '../support/slack-actions.js';

let h: Harness;
let f: ReturnType<typeof flows>;
beforeAll(async () => {
  // One seat left on the UK/Ireland plan (nobody has it yet), so one open request can be promised it.
  const callingPlans = defaultSeed.callingPlans!.map((p) => (p.type === 102 ? { ...p, subscribed: 1 } : p));
  h = await startHarness({ zoom: { seed: { ...defaultSeed, callingPlans } } });
  f = flows(h);
});
afterAll(async () => {
  await h?.stop();
});

const openRequestsOf = (user: string) =>
  f.db().provisioningRequest.findMany({
    where: { requestedBy: user, status: { in: ['awaiting_approval', 'queued', 'waiting_activation'] } },
  });
const slackLookupFails = () =>
  h.slack.injectFault({ method: 'users.info', kind: 'error', error: 'fatal_error', times: Infinity });
const approvalMessage = (id: number) =>
  eventually(() => findMessage(h, ADMIN_CHANNEL, new RegExp(`Request #${id}\\b`)), `the approval message of #${id}`);

async function upload(name: string, content: string) {
  const file = h.slack.addFile({ name, content, user: ADMIN, channel: GENERAL, filetype: 'csv' });
  const res = await sendEvent(
    h.bot.url,
    SIGNING_SECRET,
    fileSharedEnvelope({ fileId: file.id, userId: ADMIN, channelId: GENERAL }),
  );
  expect(res.status).toBe(200);
  const msg = await eventually(
    () => h.slack.messages(GENERAL).find((m) => textOf(m).includes(`CSV import: ${name}`)),
    `the preview of ${name}`,
  );
  const batch = await f.db().batch.findFirstOrThrow({ where: { fileName: name } });
  return { msg, batch, run: buttonsOf(msg).find((b) => b.actionId === 'csv_run')! };
}

async function requestAs(user: string, text: string): Promise<{ id: number; reply: string }> {
  const reply = await f.replyTo(text, user);
  return { id: Number(/Request #(\d+)/.exec(reply)?.[1]), reply };
}

describe('self-approval fails closed when Slack cannot say who the approver is', () => {
  // First in the file: ADMIN2's address has not been read (and cached) yet.
  it('refuses an approver’s add, the approve button and the approve modal, and says why; nothing changes', async () => {
    const { id } = await requestAs(REQUESTER, 'add dana@example.com ext 4801');
    const msg = await approvalMessage(id);
    // ADMIN opens the approve form while Slack still answers; ADMIN2 submits a copy of it later.
    const before = countViews(h, 'approve_modal');
    await click(h, ADMIN, {
      actionId: 'request_approve',
      value: String(id),
      channel: ADMIN_CHANNEL,
      messageTs: msg.ts,
    });
    const view = await openedView(h, 'approve_modal', { after: before });
    const csv = await upload('closed.csv', ['Email,Extension', 'gina@example.com,4803'].join('\n'));

    slackLookupFails();
    try {
      const reply = await f.replyTo('add erin@example.com ext 4802', ADMIN2);
      expect(reply).toMatch(
        /Cannot add erin@example\.com: phonebot could not read your email address from Slack \(Slack users\.info failed: fatal_error\)/,
      );
      expect(await f.db().provisioningRequest.count({ where: { email: 'erin@example.com' } })).toBe(0);
      expect(h.zoom.state.findUser('erin@example.com')).toBeUndefined();

      const clicked = await click(h, ADMIN2, {
        actionId: 'request_approve',
        value: String(id),
        channel: ADMIN_CHANNEL,
        messageTs: msg.ts,
      });
      const answer = await eventually(
        () => h.responsesTo(clicked.responseUrl).map(textOf)[0],
        'the answer to the click',
      );
      expect(answer).toMatch(
        new RegExp(`can't approve request #${id}: phonebot could not read your email address from Slack`),
      );

      const res = await submit(h, ADMIN2, view, formValues({ extension: '4801', plan: 'none' }));
      expect((res.json as { errors: Record<string, string> }).errors.email).toMatch(
        /could not read your email address from Slack/,
      );

      const ran = await click(h, ADMIN2, { ...csv.run, channel: GENERAL, messageTs: csv.msg.ts });
      expect(await eventually(() => h.responsesTo(ran.responseUrl).map(textOf)[0], 'the answer to Run')).toMatch(
        /Not started: phonebot could not read your email address from Slack/,
      );
    } finally {
      h.slack.clearFaults();
    }
    expect((await f.db().provisioningRequest.findUniqueOrThrow({ where: { id } })).status).toBe('awaiting_approval');
    expect(h.zoom.state.findUser('dana@example.com')).toBeUndefined();
    expect((await f.audits('authz.refused.add', 'erin@example.com')).map((a) => a.actor)).toEqual([ADMIN2]);
    expect(
      await f.db().auditLog.count({ where: { action: 'authz.refused.request.approve', requestId: id, actor: ADMIN2 } }),
    ).toBe(2);
    expect(
      await f.db().auditLog.count({
        where: { action: 'authz.refused.csv.run', actor: ADMIN2, target: `batch #${csv.batch.id}` },
      }),
    ).toBe(1);
    expect((await f.db().batch.findUniqueOrThrow({ where: { id: csv.batch.id } })).status).toBe('previewed');
    expect(h.zoom.state.findUser('gina@example.com')).toBeUndefined();

    // Once Slack answers again, the same approver approves.
    const ok = await submit(h, ADMIN2, view, formValues({ extension: '4801', plan: 'none' }));
    expect(ok.body).toBe('');
    await eventually(
      async () =>
        (await f.db().provisioningRequest.findUniqueOrThrow({ where: { id } })).status === 'waiting_activation',
      'the approval',
    );
  });
});

describe('self-approval in a CSV run', () => {
  it('a row for the runner’s own address fails with "needs another approver", audited; the other rows run', async () => {
    const { msg, batch, run } = await upload(
      'self.csv',
      ['Email,Extension', 'ada@corp.example,4831', 'fred@example.com,4832'].join('\n'),
    );
    const clicked = await click(h, ADMIN, { ...run, channel: GENERAL, messageTs: msg.ts });
    const told = await eventually(
      () =>
        h
          .responsesTo(clicked.responseUrl)
          .map(textOf)
          .find((t) => /own address/.test(t)),
      'the runner told about their row',
    );
    expect(told).toMatch(/Row 2 of self\.csv is for your own address and will not run: needs another approver/);
    await eventually(
      async () => (await f.db().batch.findUniqueOrThrow({ where: { id: batch.id } })).status === 'done',
      'the import to finish',
      30_000,
    );

    expect(h.zoom.state.findUser('ada@corp.example')).toBeUndefined();
    expect(h.zoom.state.findUser('fred@example.com')?.status).toBe('pending');
    const result = h.slack
      .uploads()
      .find((u) => u.filename === 'self-result.csv')!
      .content.toString('utf8');
    expect(result).toMatch(/2,ada@corp\.example,add,will create,failed,,"needs another approver/);
    expect(result).toMatch(/3,fred@example\.com,add,will create,pending-activation/);
    const refused = await f.db().auditLog.findMany({ where: { action: 'batch.rows_refused', batchId: batch.id } });
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ actor: ADMIN, outcome: 'refused', detail: { rows: [2] } });
  });

  it('another approver may run a row for the first approver’s address', async () => {
    const { msg, batch, run } = await upload('self2.csv', ['Email,Extension', 'ada@corp.example,4833'].join('\n'));
    // The rule is about whose phone it is: another approver may run the row.
    const clicked = await click(h, ADMIN2, { ...run, channel: GENERAL, messageTs: msg.ts });
    await eventually(
      async () => (await f.db().batch.findUniqueOrThrow({ where: { id: batch.id } })).status === 'done',
      'the import to finish',
      30_000,
    );
    expect(h.responsesTo(clicked.responseUrl).map(textOf).join('\n')).not.toMatch(/own address/);
    expect(h.zoom.state.findUser('ada@corp.example')?.status).toBe('pending');
    expect(await f.db().auditLog.count({ where: { action: 'batch.rows_refused', batchId: batch.id } })).toBe(0);
  });
});

describe('self-approval by command and approve modal', () => {
  it('an approver’s add for their own address waits for another approver; they cannot approve it by button or modal', async () => {
    const { id, reply } = await requestAs(ADMIN2, 'add grace@corp.example ext 4840');
    expect(reply).toMatch(/sent to the approvers/);
    const msg = await approvalMessage(id);
    const own = await click(h, ADMIN2, {
      actionId: 'request_approve',
      value: String(id),
      channel: ADMIN_CHANNEL,
      messageTs: msg.ts,
    });
    expect(await eventually(() => h.responsesTo(own.responseUrl).map(textOf)[0], 'the answer to the click')).toMatch(
      /cannot approve your own request or a phone for yourself/,
    );
    const before = countViews(h, 'approve_modal');
    await click(h, ADMIN, {
      actionId: 'request_approve',
      value: String(id),
      channel: ADMIN_CHANNEL,
      messageTs: msg.ts,
    });
    const view = await openedView(h, 'approve_modal', { after: before });
    // ADMIN2 submits the form ADMIN opened (a crafted submission): refused under the email field.
    const res = await submit(h, ADMIN2, view, formValues({ extension: '4840', plan: 'none' }));
    expect((res.json as { errors: Record<string, string> }).errors.email).toMatch(
      /cannot approve your own request or a phone for yourself/,
    );
    expect((await f.db().provisioningRequest.findUniqueOrThrow({ where: { id } })).status).toBe('awaiting_approval');
    expect(h.zoom.state.findUser('grace@corp.example')).toBeUndefined();
    // The other approver can.
    expect((await submit(h, ADMIN, view, formValues({ extension: '4840', plan: 'none' }))).body).toBe('');
    await eventually(
      async () =>
        (await f.db().provisioningRequest.findUniqueOrThrow({ where: { id } })).status === 'waiting_activation',
      'the approval',
    );
  });
});

describe('bounded holds', () => {
  it('a non-approver has at most 3 open requests; the 4th is refused by command and form, holding nothing, until one closes', async () => {
    const ids: number[] = [];
    for (const n of [1, 2, 3]) {
      const { id, reply } = await requestAs(OUTSIDER, `add cap${n}@example.com ext 485${n}`);
      expect(reply).toMatch(/sent to the approvers/);
      ids.push(id);
    }
    const refused = await f.replyTo('add cap4@example.com ext 4854', OUTSIDER);
    expect(refused).toMatch(
      new RegExp(
        `Cannot add cap4@example\\.com[\\s\\S]*you already have 3 open requests \\(#${ids[0]} \\(cap1@example\\.com\\), #${ids[1]} .*, #${ids[2]} .*\\)[\\s\\S]*PHONEBOT_MAX_OPEN_REQUESTS=3[\\s\\S]*/phone cancel`,
      ),
    );
    expect(await f.db().provisioningRequest.count({ where: { email: 'cap4@example.com' } })).toBe(0);
    expect(await f.db().reservation.count({ where: { value: { in: ['4854', 'cap4@example.com'] } } })).toBe(0);

    const before = countViews(h, 'request_modal');
    await h.command('request', { user: OUTSIDER });
    const view = await openedView(h, 'request_modal', { after: before });
    const form = await submit(
      h,
      OUTSIDER,
      view,
      formValues({ email: 'cap4@example.com', extension: '4854', plan: '200', justification: 'New hire' }),
    );
    expect((form.json as { errors: Record<string, string> }).errors.email).toMatch(/you already have 3 open requests/i);
    expect(await openRequestsOf(OUTSIDER)).toHaveLength(3);

    // Withdrawing one frees a place.
    expect(await f.replyTo(`cancel ${ids[0]}`, OUTSIDER)).toMatch(/cancelled/);
    expect(await f.replyTo('add cap4@example.com ext 4854', OUTSIDER)).toMatch(/sent to the approvers/);
    expect(await openRequestsOf(OUTSIDER)).toHaveLength(3);
  });

  it('approvers are not limited', async () => {
    for (const n of [1, 2, 3, 4])
      expect(await f.replyTo(`add boss${n}@example.com ext 486${n}`, ADMIN2)).toMatch(/setting up/);
    await eventually(
      async () => (await openRequestsOf(ADMIN2)).filter((r) => r.status === 'waiting_activation').length >= 4,
      'four invitations waiting',
    );
  });

  it('a seat promised to an open request never makes an approver’s add fail; the approver is told which request may lack one', async () => {
    const { id } = await requestAs(REQUESTER, 'add uk1@example.com ext 4871 plan 102');
    await approvalMessage(id);
    // The only free seat is promised to #id; an approver's own add still goes ahead, with a warning.
    const reply = await f.replyTo('add alice@example.com ext 4872 plan 102', ADMIN);
    expect(reply).toMatch(/setting up alice@example\.com now/);
    expect(reply).toMatch(
      new RegExp(`seat promised to open requests: #${id} \\(uk1@example\\.com\\) may lack a seat when it runs`),
    );
    expect((await f.settled('alice@example.com', 'add')).status).toBe('done');
    expect(f.zoomPhoneState('alice@example.com')?.plans).toEqual([102]);
    // A non-approver's request is a promise: with the seat gone in Zoom it is refused.
    expect(await f.replyTo('add uk3@example.com ext 4873 plan 102', REQUESTER)).toMatch(
      /no seats left on UK\/Ireland Metered Calling Plan/,
    );
  });
});
