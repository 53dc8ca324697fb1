// The App Home (the bot's Home tab), driven as Slack drives it: signed app_home_opened events, clicks on the
// published view (a view container, no response_url), modal submissions. An approver's dashboard and a
// member's own phone match the account in the Zoom emulator, and both are refreshed after an approval.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appHomeOpenedEnvelope, sendEvent } from '../fakes/slack/index.js';
import {
  ADMIN,
  ADMIN2,
  OUTSIDER,
  REQUESTER,
  type Harness,
  SIGNING_SECRET,
  startHarness,
  textOf,
} from '../support/harness.js';
import {
  clickInHome,
  countViews,
  formValues,
  openedView,
  openHome,
  submit,
  viewButtons,
} from '../support/slack-actions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    // The member's Slack e-mail is a Zoom user of the emulator's seed (active, no Zoom Phone yet).
    slack: {
      users: [
        { id: ADMIN, name: 'ada', email: 'ada@corp.example', is_admin: true },
        { id: ADMIN2, name: 'grace', email: 'grace@corp.example', is_admin: true },
        { id: REQUESTER, name: 'alice', email: 'alice@example.com' },
        { id: OUTSIDER, name: 'otto', email: 'otto@corp.example' },
      ],
    },
    start: { homeRefresh: { debounceMs: 150 } },
  });
});
afterAll(async () => {
  await h?.stop();
});

const db = () => h.bot.services.db;
const homeText = (user: string) => textOf(h.slack.homeView(user)?.view ?? {});
const publishesTo = (user: string) =>
  h.slack.calls.filter((c) => c.method === 'views.publish' && c.args.user_id === user && c.response?.ok === true)
    .length;

/** Waits until the user's published Home satisfies `test` (background refreshes publish without an event). */
function homeUntil(user: string, test: (text: string) => boolean, message: string) {
  return h.slack.waitFor(() => (test(homeText(user)) ? h.slack.homeView(user) : undefined), {
    timeoutMs: 20_000,
    message,
  });
}

async function settled(email: string, kind: string, statuses: string[]) {
  return h.slack.waitFor(
    async () => {
      const r = await db().provisioningRequest.findFirst({ where: { email, kind }, orderBy: { id: 'desc' } });
      return r && statuses.includes(r.status) ? r : undefined;
    },
    { timeoutMs: 20_000, message: `${kind} for ${email} did not reach ${statuses.join('/')}` },
  );
}

describe('App Home', () => {
  it('an approver with nothing going on sees the empty dashboard, the seats Zoom reports and no drift report', async () => {
    const home = await openHome(h, ADMIN);
    const text = textOf(home.view);
    expect(text).toMatch(/approver dashboard/);
    expect(text).toMatch(/Nothing waits for approval/);
    expect(text).toMatch(/Nobody is pending/);
    expect(text).toMatch(/The trash is empty/);
    expect(text).toMatch(/No drift report yet/);
    // Seats per plan as the emulator counts them (bob holds one US/CA Unlimited seat).
    const unlimited = h.zoom.state.planUsage(200)!;
    expect(text).toContain(`US/CA Unlimited Calling Plan: *${unlimited.available} free* (20 subscribed, 1 assigned)`);
    expect(text).toMatch(/Main Office: 0 phone user\(s\) set up by phonebot, \d+ unassigned number/);
    expect(viewButtons(home.view as object)).toEqual([]);
  });

  it('re-opening an unchanged Home publishes nothing new', async () => {
    const before = publishesTo(ADMIN);
    await sendEvent(
      h.bot.url,
      SIGNING_SECRET,
      appHomeOpenedEnvelope({ userId: ADMIN, view: h.slack.homeView(ADMIN)!.view }),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect(publishesTo(ADMIN)).toBe(before);
  });

  it('a member without a phone sees that, and requests one from the Home button', async () => {
    const home = await openHome(h, REQUESTER);
    expect(textOf(home.view)).toMatch(/No phone to show: no Zoom Phone is set up for alice@example\.com/);
    expect(viewButtons(home.view as object).map((b) => b.actionId)).toEqual(['home_request_phone']);

    const before = countViews(h, 'request_modal');
    expect((await clickInHome(h, REQUESTER, { actionId: 'home_request_phone', value: 'request' })).status).toBe(200);
    const modal = await openedView(h, 'request_modal', { after: before });
    const res = await submit(
      h,
      REQUESTER,
      modal,
      formValues({ email: 'alice@example.com', extension: '2101', plan: '200', justification: 'new starter' }),
    );
    expect(res.status).toBe(200);
    const request = await settled('alice@example.com', 'add', ['awaiting_approval']);
    // The member's Home follows by itself: the open request, with Cancel.
    const refreshed = await homeUntil(REQUESTER, (t) => t.includes(`#${request.id}`), 'member Home not refreshed');
    expect(textOf(refreshed.view)).toMatch(/waiting for approval/);
    expect(viewButtons(refreshed.view as object)).toContainEqual(
      expect.objectContaining({ actionId: 'request_cancel', value: String(request.id) }),
    );
  });

  it("the approver's dashboard shows the request, a pending invitee and a removed user, with their buttons", async () => {
    // An invitee who has not accepted, and a removed (restorable) user, made by the approver.
    const add = await h.command('add slow@example.com ext 2102', { user: ADMIN });
    expect(add.status).toBe(200);
    await settled('slow@example.com', 'add', ['waiting_activation']);
    const confirmsBefore = countViews(h, 'confirm_modal');
    await h.command('remove bob@example.com', { user: ADMIN });
    await submit(h, ADMIN, await openedView(h, 'confirm_modal', { after: confirmsBefore }), {});
    await settled('bob@example.com', 'remove', ['done']);
    const bob = await db().phoneUser.findUniqueOrThrow({ where: { email: 'bob@example.com' } });
    expect(bob.state).toBe('soft_deleted');

    const request = await settled('alice@example.com', 'add', ['awaiting_approval']);
    const home = await homeUntil(
      ADMIN,
      (t) =>
        t.includes('alice@example.com') &&
        t.includes('Invited, not yet accepted* (1)') &&
        t.includes('Removed, restorable until their purge date* (1)'),
      'approver Home not refreshed with the request, the invitee and the removed user',
    );
    const text = textOf(home.view);
    expect(text).toMatch(/Requests waiting for approval\* \(1\)/);
    expect(text).toContain(`*#${request.id}* Add phone user — *alice@example.com* — asked by <@${REQUESTER}>`);
    expect(text).toMatch(/slow@example\.com\* — pending for 0 h, expires in \*30 day\(s\)\*/);
    expect(text).toContain(`bob@example.com* — ext 1001 — removed`);
    expect(text).toContain(`purged on *<!date^${Math.floor(bob.purgeAfter!.getTime() / 1000)}^`);
    // One US/CA Unlimited seat freed by bob's removal, one promised to alice's request.
    const unlimited = h.zoom.state.planUsage(200)!;
    expect(text).toContain(
      `US/CA Unlimited Calling Plan: *${unlimited.available - 1} free* (20 subscribed, ${unlimited.assigned} assigned, 1 promised to open requests)`,
    );
    // The last changes say who made them.
    expect(text).toMatch(new RegExp(`<@${ADMIN}> removed \\(restorable\\) \\*bob@example\\.com\\*`));
    expect(viewButtons(home.view as object).map((b) => [b.actionId, b.value])).toEqual([
      ['request_approve', String(request.id)],
      ['request_deny', String(request.id)],
      ['user_resend', 'slow@example.com'],
      ['user_restore', 'bob@example.com'],
    ]);
    // A member never sees any of it.
    expect(homeText(REQUESTER)).not.toMatch(/slow@example\.com|bob@example\.com|approver dashboard/);
  });

  it('approving from the Home: the request leaves the dashboard and the member sees the phone Zoom has', async () => {
    const request = await settled('alice@example.com', 'add', ['awaiting_approval']);
    const before = countViews(h, 'approve_modal');
    await clickInHome(h, ADMIN, { actionId: 'request_approve', value: String(request.id) });
    const modal = await openedView(h, 'approve_modal', { after: before });
    expect((await submit(h, ADMIN, modal, formValues({ extension: '2101', plan: '200' }))).status).toBe(200);
    await settled('alice@example.com', 'add', ['done']);

    const adminHome = await homeUntil(
      ADMIN,
      (t) => /Nothing waits for approval/.test(t),
      'approver Home still shows the request',
    );
    expect(textOf(adminHome.view)).not.toContain(`*#${request.id}*`);
    expect(viewButtons(adminHome.view as object).map((b) => b.actionId)).not.toContain('request_approve');

    const zoom = h.zoom.state.findUser('alice@example.com')!.phone!;
    expect(zoom.extensionNumber).toBe('2101');
    const memberHome = await homeUntil(
      REQUESTER,
      (t) => t.includes(`#${request.id} Add phone user for alice@example.com: *done*`),
      'member Home does not show the finished request',
    );
    const text = textOf(memberHome.view);
    expect(text).toMatch(/\*Extension\*\n2101/);
    expect(text).toMatch(/\*Calling plan\*\nUS\/CA Unlimited Calling Plan/);
    expect(text).toMatch(/\*Site\*\nMain Office/);
    expect(text).toMatch(new RegExp(`#${request.id} Add phone user for alice@example\\.com: \\*done\\*`));
    expect(viewButtons(memberHome.view as object).map((b) => b.actionId)).toEqual(['home_request_phone']);
  });

  it('after a drift report the dashboard lists what it found', async () => {
    // Someone changes alice's extension in the Zoom portal: phonebot's record now disagrees.
    h.zoom.portal.setExtension('alice@example.com', '2199');
    await h.command('drift', { user: ADMIN });
    const home = await homeUntil(ADMIN, (t) => /\*Drift\*: the last report/.test(t), 'no drift on the dashboard');
    const text = textOf(home.view);
    expect(text).toMatch(new RegExp(`the last report \\(<!date\\^\\d+\\^[^>]*>, <@${ADMIN}>\\) found \\*1 difference`));
    expect(text).toContain('alice@example.com: extension differ');
  });

  it('Restore from the Home answers in a DM (a Home click has no response_url) and the Home follows', async () => {
    await clickInHome(h, ADMIN, { actionId: 'user_restore', value: 'bob@example.com' });
    await h.slack.waitFor(
      () =>
        h.slack
          .dms(ADMIN)
          .map(textOf)
          .find((t) => /restoring bob@example\.com/.test(t)),
      { timeoutMs: 10_000, message: 'no DM answering the click' },
    );
    await settled('bob@example.com', 'restore', ['done']);
    await homeUntil(ADMIN, (t) => /The trash is empty/.test(t), 'approver Home still lists bob as removed');
  });
});
