// The "Provision phone for…" message shortcut end to end: a signed message_action on a message with two
// addresses opens the form with both; submitted by an approver both are provisioned, by a member both
// become requests; the outcome is posted in the message's thread. A forged shortcut changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeed, type SeedUser } from '../../src/zoom/emulator/index.js';
import { messageActionPayload, sendAction } from '../fakes/slack/index.js';
import {
  ADMIN,
  ADMIN_CHANNEL,
  GENERAL,
  type Harness,
  REQUESTER,
  SIGNING_SECRET,
  startHarness,
  textOf,
} from '../support/harness.js';
import { buttonsOf, click, countViews, openedView, submit } from '../support/slack-actions.js';

const hires: SeedUser[] = ['dan', 'erin', 'finn'].map((name) => ({
  id: `${name[0]!.toUpperCase()}${name.slice(1)}User0AAAAAAAAAAAAA`.slice(0, 22),
  email: `${name}@example.com`,
  firstName: name,
  lastName: 'Hire',
  type: 2,
  status: 'active',
}));

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ zoom: { seed: { ...defaultSeed, users: [...defaultSeed.users, ...hires] } } });
});
afterAll(async () => {
  await h?.stop();
});

const db = () => h.bot.services.db;
const writes = () => h.zoom.calls.filter((c) => c.method !== 'GET' && c.family !== 'oauth').length;
const mailto = (e: string) => `<mailto:${e}|${e}>`;

function onboardingPost(a: string, b: string) {
  return h.slack.postUserMessage({
    channel: GENERAL,
    user: 'UHRPOST1',
    text: `Please welcome ${mailto(a)} and ${mailto(b)}, starting Monday!`,
  });
}

async function shortcut(user: string, message: { ts: string; text: string }) {
  const res = await sendAction(
    h.bot.url,
    SIGNING_SECRET,
    messageActionPayload({
      user,
      callbackId: 'provision_phone_for',
      message,
      channel: GENERAL,
      triggerId: h.slack.triggerId({ user }),
    }),
  );
  expect(res.status).toBe(200);
}

type Block = { block_id?: string; element?: { initial_value?: string } };
const addressesIn = (view: unknown) =>
  ((view as { blocks: Block[] }).blocks ?? [])
    .filter((b) => /^email_\d$/.test(b.block_id ?? ''))
    .map((b) => b.element?.initial_value);

function values(emails: string[], extra: Record<string, Record<string, object>> = {}) {
  const v: Record<string, Record<string, object>> = {
    plan: { plan: { type: 'static_select', selected_option: { value: '200' } } },
    number_mode: { number_mode: { type: 'radio_buttons', selected_option: { value: 'none' } } },
    ...extra,
  };
  emails.forEach((e, i) => (v[`email_${i}`] = { [`email_${i}`]: { type: 'email_text_input', value: e } }));
  return v;
}

const threadOf = (ts: string) => h.slack.messages(GENERAL).filter((m) => m.thread_ts === ts);

describe('"Provision phone for…" message shortcut', () => {
  it('an approver: the form shows both addresses, both are provisioned, the outcome is in the thread', async () => {
    const post = onboardingPost('alice@example.com', 'dan@example.com');
    const views = h.slack.views().length;
    await shortcut(ADMIN, post);
    const view = await openedView(h, 'people_modal', { after: 0 });
    expect(h.slack.views().length).toBe(views + 1);
    expect(addressesIn(view.view)).toEqual(['alice@example.com', 'dan@example.com']);
    expect(textOf(view.view)).toMatch(/set up as soon as you submit/);

    const res = await submit(h, ADMIN, view, values(['alice@example.com', 'dan@example.com']));
    expect(res.status).toBe(200);
    await h.slack.waitFor(
      () =>
        h.zoom.state.findUser('alice@example.com')?.phone?.callingPlans.includes(200) &&
        h.zoom.state.findUser('dan@example.com')?.phone?.callingPlans.includes(200),
      { timeoutMs: 20_000, message: 'both were not provisioned' },
    );
    const requests = await db().provisioningRequest.findMany({
      where: { email: { in: ['alice@example.com', 'dan@example.com'] } },
    });
    expect(requests.map((r) => [r.email, r.requestedBy, r.threadTs])).toEqual(
      expect.arrayContaining([
        ['alice@example.com', ADMIN, post.ts],
        ['dan@example.com', ADMIN, post.ts],
      ]),
    );
    // One neutral line per person in the message's thread, ending as done; none outside the thread.
    const lines = await h.slack.waitFor(
      () => {
        const t = threadOf(post.ts).map((m) => textOf(m));
        return t.length === 2 && t.every((x) => /done|ready|has Zoom Phone/i.test(x)) ? t : undefined;
      },
      { timeoutMs: 15_000, message: 'no outcome in the thread' },
    );
    expect(lines.join('\n')).toMatch(/alice@example\.com/);
    expect(lines.join('\n')).toMatch(/dan@example\.com/);
    expect(h.slack.messages(GENERAL).filter((m) => !m.thread_ts && m.user !== 'UHRPOST1')).toEqual([]);
  });

  it('a member: both become requests; once approved the thread hears it', async () => {
    const post = onboardingPost('erin@example.com', 'finn@example.com');
    const before = writes();
    const opened = countViews(h, 'people_modal');
    await shortcut(REQUESTER, post);
    const view = await openedView(h, 'people_modal', { after: opened });
    expect(addressesIn(view.view)).toEqual(['erin@example.com', 'finn@example.com']);
    expect(textOf(view.view)).toMatch(/for the approvers to decide/);

    // A member must say why.
    const missing = await submit(h, REQUESTER, view, values(['erin@example.com', 'finn@example.com']));
    expect(JSON.parse(missing.body)).toMatchObject({ response_action: 'errors', errors: { justification: /why/i } });
    expect(await db().provisioningRequest.count({ where: { email: 'erin@example.com' } })).toBe(0);

    await submit(
      h,
      REQUESTER,
      view,
      values(['erin@example.com', 'finn@example.com'], {
        justification: { justification: { type: 'plain_text_input', value: 'New sales hires' } },
      }),
    );
    const requests = await h.slack.waitFor(async () => {
      const r = await db().provisioningRequest.findMany({
        where: { email: { in: ['erin@example.com', 'finn@example.com'] } },
        orderBy: { id: 'asc' },
      });
      return r.length === 2 ? r : undefined;
    });
    expect(requests.map((r) => [r.email, r.status, r.requestedBy])).toEqual([
      ['erin@example.com', 'awaiting_approval', REQUESTER],
      ['finn@example.com', 'awaiting_approval', REQUESTER],
    ]);
    expect(writes()).toBe(before);
    expect(h.zoom.state.findUser('erin@example.com')?.zoomPhone).toBe(false);
    // Waiting for approvers is private: nothing in the thread yet.
    expect(threadOf(post.ts)).toEqual([]);

    // An approver approves erin@'s request from the admin channel card.
    const card = await h.slack.waitFor(() =>
      h.slack.messages(ADMIN_CHANNEL).find((m) => textOf(m).includes(`#${requests[0]!.id}`)),
    );
    const approve = buttonsOf(card).find((b) => b.actionId === 'request_approve')!;
    await click(h, ADMIN, { ...approve, channel: ADMIN_CHANNEL, messageTs: card.ts });
    const approveView = await openedView(h, 'approve_modal');
    await submit(h, ADMIN, approveView, {
      extension: { extension: { type: 'plain_text_input', value: null } },
      plan: { plan: { type: 'static_select', selected_option: { value: '200' } } },
      number_mode: { number_mode: { type: 'radio_buttons', selected_option: { value: 'none' } } },
    });
    await h.slack.waitFor(
      () =>
        threadOf(post.ts).find((m) => /erin@example\.com/.test(textOf(m)) && /done|has Zoom Phone/i.test(textOf(m))),
      { timeoutMs: 20_000, message: "erin@'s outcome is not in the thread" },
    );
    expect(
      threadOf(post.ts)
        .map((m) => textOf(m))
        .join('\n'),
    ).not.toMatch(/finn@example\.com/);
  });

  it('a forged shortcut (bad signature) is refused and opens nothing', async () => {
    const post = onboardingPost('carol@example.com', 'alice@example.com');
    const views = h.slack.views().length;
    const res = await sendAction(
      h.bot.url,
      'not-the-signing-secret',
      messageActionPayload({
        user: ADMIN,
        callbackId: 'provision_phone_for',
        message: post,
        channel: GENERAL,
        triggerId: h.slack.triggerId({ user: ADMIN }),
      }),
    );
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.views().length).toBe(views);
  });

  it('a message without addresses says so instead of opening an empty form', async () => {
    const post = h.slack.postUserMessage({ channel: GENERAL, user: 'UHRPOST1', text: 'Lunch at noon?' });
    await shortcut(ADMIN, post);
    const info = await h.slack.waitFor(() =>
      h.slack.views().find((v) => /has no e-mail addresses/.test(textOf(v.view))),
    );
    expect(info).toBeTruthy();
  });
});
