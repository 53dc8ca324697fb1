// `/phone add` end to end: signed slash commands into the real app, Zoom emulator and Slack fake over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, ADMIN_CHANNEL, GENERAL, type Harness, startHarness, textOf } from '../support/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const messagesIn = (channel: string) => h.slack.messages(channel).map((m) => textOf(m));

describe('/phone add for an active Zoom user', () => {
  it('acks at once, then licenses the user with extension, plan and number, and reports in Slack', async () => {
    const res = await h.command('add alice@example.com ext 4021 plan "US/CA Unlimited" number +14155550100');
    expect(res.status).toBe(200);
    const alice = await h.slack.waitFor(
      () => {
        const u = h.zoom.state.findUser('alice@example.com');
        return u?.phone && h.zoom.state.numbersOf(u.id).length > 0 ? u : undefined;
      },
      { timeoutMs: 15_000, message: 'alice never got a phone' },
    );
    expect(alice.phone?.extensionNumber).toBe('4021');
    expect(alice.phone?.callingPlans).toEqual([200]);
    expect(h.zoom.state.numbersOf(alice.id).map((n) => n.number)).toEqual(['+14155550100']);

    // #general, where the command was typed, gets one neutral line; the values go to the admins and the actor.
    const done = await h.slack.waitFor(
      () => messagesIn(GENERAL).find((t) => /is done/.test(t) && t.includes('alice@example.com')),
      { timeoutMs: 10_000, message: 'no done line in #general' },
    );
    expect(done).not.toContain('4021');
    expect(done).not.toContain('+14155550100');
    const card = await h.slack.waitFor(
      () => messagesIn(ADMIN_CHANNEL).find((t) => t.includes('alice@example.com') && /is done/.test(t)),
      { message: 'admins were not told' },
    );
    expect(card).toContain('4021');
    expect(card).toContain('US/CA Unlimited Calling Plan');
    const dm = await h.slack.waitFor(
      () =>
        h.slack
          .dms(ADMIN)
          .map(textOf)
          .find((t) => t.includes('alice@example.com') && /is done/.test(t)),
      { message: 'the actor got no details' },
    );
    expect(dm).toContain('+14155550100');

    const audit = await h.bot.services.db.auditLog.findMany({
      where: { target: 'alice@example.com' },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'request.created',
        'zoom.phone.licensed',
        'zoom.phone.configured',
        'zoom.plan.assigned',
        'zoom.number.assigned',
        'phone_user.provisioned',
      ]),
    );
    expect(audit.find((a) => a.action === 'zoom.plan.assigned')?.zoomTrackingIds.length).toBeGreaterThan(0);
  });

  it('reports every problem at once and changes nothing', async () => {
    const before = h.zoom.calls.filter((c) => c.method !== 'GET').length;
    const res = await h.command('add bob@example.com ext 12 plan "No Such Plan" number 12345 site Atlantis');
    expect(res.status).toBe(200);
    // ext 12 is rejected by the grammar; the values that did read are still checked (reads only), in one reply.
    const first = await h.slack.waitFor(() => h.responsesTo(res.responseUrl).map(textOf)[0]);
    expect(first).toMatch(/Extension "12" must be 3 to 6 digits/);
    expect(first).toMatch(/Calling plan "No Such Plan" does not exist/);
    expect(first).toMatch(/Site "Atlantis" does not exist/);

    const res2 = await h.command('add bob@example.com ext 1001 plan "No Such Plan" number +14155550199 site Atlantis');
    const reply = await h.slack.waitFor(
      () =>
        h
          .responsesTo(res2.responseUrl)
          .map(textOf)
          .find((t) => t.includes('Cannot add')),
      { message: 'no problems reply' },
    );
    expect(reply).toMatch(/already has Zoom Phone/);
    expect(reply).toMatch(/extension 1001 is already used/);
    expect(reply).toMatch(/calling plan "No Such Plan" does not exist/);
    expect(reply).toMatch(/site "Atlantis" does not exist/);
    expect(reply).toMatch(/Nothing was changed/);
    expect(h.zoom.calls.filter((c) => c.method !== 'GET').length).toBe(before);
  });

  it('says so when no calling plan is given', async () => {
    const res = await h.command('add dave@example.com', { user: ADMIN });
    expect(res.status).toBe(200);
    const reply = await h.slack.waitFor(
      () =>
        h
          .responsesTo(res.responseUrl)
          .map(textOf)
          .find((t) => /Request #\d+/.test(t)),
      { message: 'no reply' },
    );
    expect(reply).toMatch(/can only receive calls to the extension/);
  });
});
