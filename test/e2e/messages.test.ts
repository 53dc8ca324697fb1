// Issue 14: who reads what. Every message kind is checked over what the Slack fake recorded — the channel
// it went to, who could see it (channel, ephemeral, DM), what it says, and its `text` fallback (what mobile
// notifications and screen readers show) — not over wording alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeJob } from '../../src/jobs/purge.js';
import { runJob } from '../../src/jobs/scheduler.js';
import { ADMIN, ADMIN_CHANNEL, GENERAL, REQUESTER, type Harness, startHarness, textOf } from '../support/harness.js';
import { eventually, flows } from '../support/flows.js';
import { click, countViews, findMessage, formValues, openedView, submit } from '../support/slack-actions.js';
import { settle } from '../support/eventually.js';

let h: Harness;
let f: ReturnType<typeof flows>;
beforeAll(async () => {
  h = await startHarness();
  f = flows(h);
});
afterAll(async () => {
  await h?.stop();
});

type Seen = {
  where: string;
  audience: 'channel' | 'dm' | 'ephemeral' | 'response_url';
  text: string;
  all: string;
  versions: number;
};

/** Everything phonebot sent anyone that names `needle`, with where it went and who could see it. */
function seen(needle: string): Seen[] {
  const dmChannels = new Map([ADMIN, REQUESTER].map((u) => [h.slack.dmChannelId(u), u]));
  const out: Seen[] = [];
  for (const m of h.slack.messages()) {
    const all = textOf(m);
    if (!all.includes(needle)) continue;
    const dmOf = dmChannels.get(m.channel);
    out.push({
      where: dmOf ?? m.channel,
      audience: dmOf ? 'dm' : 'channel',
      text: m.text,
      all,
      versions: m.history.length,
    });
  }
  for (const e of h.slack.ephemerals())
    if (textOf(e).includes(needle))
      out.push({ where: `${e.channel}/${e.user}`, audience: 'ephemeral', text: e.text, all: textOf(e), versions: 1 });
  for (const r of h.slack.responses()) {
    const body = r.body as { text?: string; response_type?: string };
    if (textOf(body).includes(needle) && !/^⏳/.test(body.text ?? ''))
      out.push({
        where: body.response_type ?? 'ephemeral',
        audience: 'response_url',
        text: body.text ?? '',
        all: textOf(body),
        versions: 1,
      });
  }
  return out;
}

async function requestAndApprove(email: string, ext: string) {
  const reply = await f.replyTo(`add ${email} ext ${ext}`, REQUESTER);
  const id = Number(/Request #(\d+)/.exec(reply)?.[1]);
  const card = await eventually(
    () => findMessage(h, ADMIN_CHANNEL, new RegExp(`Request #${id}\\b`)),
    `the approval card of #${id}`,
  );
  const before = countViews(h, 'approve_modal');
  await click(h, ADMIN, { actionId: 'request_approve', value: String(id), channel: ADMIN_CHANNEL, messageTs: card.ts });
  const view = await openedView(h, 'approve_modal', { after: before });
  await submit(h, ADMIN, view, formValues({ email, extension: ext, plan: 'none' }));
  return id;
}

/** Rules for every `text` fallback: a readable sentence, mentions kept, states in words, no raw ids. */
function fallbackProblems(text: string): string[] {
  const problems: string[] = [];
  const withoutMentions = text.replace(/<@[UW][A-Z0-9]+>/g, '@someone');
  if (/\b[UW][A-Z0-9]{7,}\b/.test(withoutMentions)) problems.push('a raw user id');
  if (/\b(awaiting_approval|waiting_activation|soft_deleted|pending_activation|remove-package)\b/.test(text))
    problems.push('an internal state');
  if (/\bby\s*[;,.)]|\bby\s*$/.test(text)) problems.push('a dangling "by"');
  if (/\b(undefined|null|NaN)\b|\[object/.test(text)) problems.push('a programming word');
  if (/\d{4}-\d\d-\d\dT\d\d/.test(text)) problems.push('an ISO timestamp');
  if (text.trim().length < 10) problems.push('too short to say anything');
  return problems;
}

describe('one approved request, start to finish', () => {
  it('is one admin card and one channel line edited in place, and two DMs to the requester — 5 messages, not 10', async () => {
    const id = await requestAndApprove('newcomer@example.com', '4801');
    await eventually(
      async () =>
        (await f.db().provisioningRequest.findUniqueOrThrow({ where: { id } })).status === 'waiting_activation',
      'the invitation',
    );
    await h.zoom.acceptInvitation('newcomer@example.com');
    await eventually(
      async () => (await f.db().provisioningRequest.findUniqueOrThrow({ where: { id } })).status === 'done',
      'the phone',
    );
    await eventually(
      () =>
        h.slack
          .dms(REQUESTER)
          .map(textOf)
          .find((t) => t.includes(`Request #${id} is done`)),
      'the ready DM',
    );
    await eventually(
      () => findMessage(h, ADMIN_CHANNEL, new RegExp(`Request #${id}\\b[\\s\\S]*is done`)),
      'the card at done',
    );
    await eventually(() => findMessage(h, GENERAL, new RegExp(`Request #${id} is done`)), 'the channel line at done');
    await settle(300); // nothing else trickles in

    const all = seen('newcomer@example.com');
    // The requester's ephemeral reply, the admin card, the channel line, the approval DM and the ready DM.
    expect(all.map((m) => `${m.audience}:${m.where}`).sort()).toEqual(
      [
        `channel:${ADMIN_CHANNEL}`,
        `channel:${GENERAL}`,
        `dm:${REQUESTER}`,
        `dm:${REQUESTER}`,
        'response_url:ephemeral',
      ].sort(),
    );
    // No thread echo: nothing posted under the card or the line.
    expect(h.slack.messages().filter((m) => m.thread_ts && textOf(m).includes('newcomer@example.com'))).toEqual([]);
    // The card went through its states by edits: waiting for approval → approved → invited → done.
    const card = findMessage(h, ADMIN_CHANNEL, new RegExp(`Request #${id}\\b`))!;
    expect(card.history.length).toBeGreaterThanOrEqual(3);
    expect(textOf(card)).toMatch(
      new RegExp(
        `Requested by <@${REQUESTER}> · approved by <@${ADMIN}> · done <!date\\^\\d+\\^\\{date_short_pretty\\} \\{time\\}\\|[^>]+>`,
      ),
    );
    const dms = all.filter((m) => m.audience === 'dm').map((m) => m.text);
    expect(dms[0]).toMatch(new RegExp(`approved by <@${ADMIN}>`));
    expect(dms[1]).toMatch(new RegExp(`Request #${id} is done: newcomer@example\\.com has Zoom Phone`));
    // The channel line stays neutral through every version: no extension, no reason, no card fields.
    const line = findMessage(h, GENERAL, new RegExp(`#${id}\\b`))!;
    for (const v of line.history) expect(textOf(v)).not.toMatch(/4801|Extension|Calling plan/);
  });
});

describe('private details never reach the channel a command was typed in', () => {
  it('a denial: the reason goes to the requester and the admin card, the channel hears nothing', async () => {
    const reply = await f.replyTo('add sales-move@example.com ext 4811', REQUESTER);
    const id = Number(/Request #(\d+)/.exec(reply)?.[1]);
    const card = await eventually(
      () => findMessage(h, ADMIN_CHANNEL, new RegExp(`Request #${id}\\b`)),
      'the approval card',
    );
    const before = countViews(h, 'deny_modal');
    await click(h, ADMIN, { actionId: 'request_deny', value: String(id), channel: ADMIN_CHANNEL, messageTs: card.ts });
    const view = await openedView(h, 'deny_modal', { after: before });
    await submit(h, ADMIN, view, formValues({ reason: 'Erin moves to the Sales team next month' }));
    const dm = await eventually(
      () => h.slack.dms(REQUESTER).find((m) => textOf(m).includes(`#${id}`)),
      'the denial DM',
    );
    expect(dm.text).toMatch(new RegExp(`was denied by <@${ADMIN}>\\. Reason: Erin moves to the Sales team next month`));
    await eventually(
      () => findMessage(h, ADMIN_CHANNEL, new RegExp(`Request #${id}\\b[\\s\\S]*Erin moves to the Sales team`)),
      'the reason on the card',
    );
    await settle(300);
    const where = seen('sales-move@example.com')
      .map((m) => `${m.audience}:${m.where}`)
      .sort();
    expect(where).toEqual([`channel:${ADMIN_CHANNEL}`, `dm:${REQUESTER}`, 'response_url:ephemeral'].sort());
    expect(seen('Sales team').filter((m) => m.where === GENERAL)).toEqual([]);
  });

  it('an offboarding: the direct number and restore deadline go to the actor and the admins only', async () => {
    await h.bot.services.zoom.createUser({ email: 'leaver@example.com' });
    await h.zoom.portal.acceptInvitation('leaver@example.com', { webhook: false });
    await f.replyTo('add leaver@example.com ext 4821 plan 200 number +14155550111');
    expect((await f.settled('leaver@example.com', 'add')).status).toBe('done');
    await f.confirmed('remove leaver@example.com');
    const removal = await f.settled('leaver@example.com', 'remove');
    expect(removal.status).toBe('done');
    const dm = await eventually(
      () =>
        h.slack
          .dms(ADMIN)
          .map(textOf)
          .find((t) => t.includes(`Request #${removal.id}`) && /Kept for restore/.test(t)),
      'the actor told',
    );
    expect(dm).toMatch(/\+14155550111/);
    expect(dm).toMatch(/until \*<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^>]+>\*/);
    const card = await eventually(
      () => findMessage(h, ADMIN_CHANNEL, new RegExp(`Request #${removal.id}\\b[\\s\\S]*is done`)),
      'the admin card',
    );
    expect(textOf(card)).toMatch(/Kept for restore[\s\S]*\+14155550111/);
    await settle(300);
    // #general saw the add's neutral line and nothing of the removal.
    const general = seen('leaver@example.com').filter((m) => m.where === GENERAL);
    expect(general).toHaveLength(1);
    expect(general[0]!.all).not.toMatch(/\+1415|Kept for restore|remov/i);
  });

  it('a direct add: the channel gets one line, the values go to the admin card and the actor', async () => {
    await h.bot.services.zoom.createUser({ email: 'direct@example.com' });
    await h.zoom.portal.acceptInvitation('direct@example.com', { webhook: false });
    const reply = await f.replyTo('add direct@example.com ext 4831 plan 200 number +14155550112');
    expect(reply).toMatch(/details in a DM/);
    expect((await f.settled('direct@example.com', 'add')).status).toBe('done');
    await eventually(
      () =>
        h.slack
          .dms(ADMIN)
          .map(textOf)
          .find((t) => t.includes('direct@example.com') && t.includes('+14155550112')),
      'the actor DM',
    );
    const line = await eventually(
      () => h.slack.messages(GENERAL).find((m) => textOf(m).includes('direct@example.com')),
      'the channel line',
    );
    expect(line.blocks).toHaveLength(1);
    expect(textOf(line)).not.toMatch(/4831|\+1415|US\/CA/);
    const card = findMessage(h, ADMIN_CHANNEL, /direct@example\.com/)!;
    expect(textOf(card)).toMatch(/4831[\s\S]*\+14155550112/);
    // No requester given, no approver: the card names who asked and when it was done.
    expect(textOf(card)).toMatch(new RegExp(`Requested by <@${ADMIN}> · done <!date\\^`));
  });
});

describe('fallback text and dates of every message kind', () => {
  it('every text fallback is a readable sentence, and every date shown is a Slack date token', async () => {
    // A few more kinds: the trash, the purge notice, the audit lines.
    await f.replyTo('trash');
    await runJob(h.bot.services, purgeJob, { now: new Date(Date.now() + 29.5 * 86_400_000) });
    await eventually(() => findMessage(h, ADMIN_CHANNEL, /Purge in the next 24 hours/), 'the purge notice');
    const audit = await f.replyTo('audit leaver@example.com --days 1');
    expect(audit).toMatch(new RegExp(`phonebot for <@${ADMIN}> removed \\(restorable\\) \\*leaver@example\\.com\\*`));
    await settle(300);

    const everything = [
      ...h.slack
        .messages()
        .flatMap((m) => m.history.map((v) => ({ kind: `message in ${m.channel}`, text: v.text, all: textOf(v) }))),
      ...h.slack.ephemerals().map((e) => ({ kind: 'ephemeral', text: e.text, all: textOf(e) })),
      ...h.slack
        .responses()
        .map((r) => ({ kind: 'response_url', text: (r.body as { text?: string }).text ?? '', all: textOf(r.body) })),
    ];
    expect(everything.length).toBeGreaterThan(30);
    const bad = everything.flatMap((m) => fallbackProblems(m.text).map((p) => `${m.kind}: ${p} in "${m.text}"`));
    expect(bad).toEqual([]);
    // Dates: a bare YYYY-MM-DD is only ever the fallback inside a <!date^…|…> token.
    const bareDates = everything.filter((m) =>
      /\d{4}-\d\d-\d\d/.test(m.all.replace(/<!date\^\d+\^[^|>]*\|[^>]*>/g, '')),
    );
    expect(bareDates.map((m) => m.all.slice(0, 200))).toEqual([]);
    // The ones the old code rendered raw now carry tokens.
    expect(everything.some((m) => /Purge in the next 24 hours[\s\S]*<!date\^/.test(m.all))).toBe(true);
    expect(everything.some((m) => /Removed phone users[\s\S]*purged on \*<!date\^/.test(m.all))).toBe(true);
  });
});
