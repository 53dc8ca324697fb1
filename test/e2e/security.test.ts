// Hostile input stays inert: Slack control sequences, formula prefixes, control characters, look-alike
// letters and huge strings are escaped in messages or refused; and no secret reaches a log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  ADMIN_CHANNEL,
  GENERAL,
  REQUESTER,
  type Harness,
  SIGNING_SECRET,
  startHarness,
  textOf,
  WEBHOOK_SECRET,
} from '../support/harness.js';
import { countViews, formValues, openedView, submit } from '../support/slack-actions.js';
import { settle } from '../support/eventually.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { LOG_LEVEL: 'debug' } });
});
afterAll(async () => {
  await h?.stop();
});

/** Every string Slack would render as mrkdwn in a payload (text of mrkdwn objects and top-level text). */
function mrkdwnOf(payload: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      for (const val of Object.values(o)) walk(val);
    }
  };
  walk(payload);
  return out;
}

const everythingPosted = () => [
  ...h.slack.responses().map((r) => r.body),
  ...h.slack.calls.filter((c) => /^chat\.|^views\./.test(c.method)).map((c) => c.args),
];

function assertInert(needle: RegExp) {
  for (const p of everythingPosted()) for (const text of mrkdwnOf(p)) expect(text).not.toMatch(needle);
}

describe('hostile text is inert in Slack', () => {
  it('mentions and broadcasts typed into a command come back escaped', async () => {
    const res = await h.command('add <!channel> <@UADMIN02> ext 4000');
    expect(res.status).toBe(200);
    const reply = await h.slack.waitFor(() => h.responsesTo(res.responseUrl).map(textOf)[0]);
    expect(reply).toMatch(/&lt;!channel&gt;|&lt;@UADMIN02&gt;/);
    assertInert(/<!channel>|<!here>|<@UADMIN02>/);
  });

  it('a justification full of markup reaches the approvers escaped, without control characters, and capped in length', async () => {
    const before = countViews(h, 'request_modal');
    await h.command('request', { user: REQUESTER });
    const view = await openedView(h, 'request_modal', { after: before });
    const nasty = `<!channel> please <https://evil.example|click> =HYPERLINK("x") \u202Eevil\u0007 ${'A'.repeat(3000)}`;
    const res = await submit(
      h,
      REQUESTER,
      view,
      formValues({ email: 'victim@example.com', extension: '4600', plan: 'none', justification: nasty.slice(0, 1000) }),
    );
    expect(res.status).toBe(200);
    const msg = await h.slack.waitFor(
      () => h.slack.messages(ADMIN_CHANNEL).find((m) => textOf(m).includes('victim@example.com')),
      { timeoutMs: 10_000 },
    );
    const text = mrkdwnOf(msg).join('\n');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;https://evil.example|click&gt;');
    expect(text.includes('\u202E') || text.includes('\u0007')).toBe(false);
    expect(text.length).toBeLessThan(4000);
    assertInert(/<!channel>|<https:\/\/evil/);
  });

  it('emails with look-alike letters or markup are refused, not rendered', async () => {
    for (const bad of ['аlice@example.com', '"<!here>"@example.com']) {
      const res = await h.command(`add ${bad} ext 4601`);
      expect(await h.slack.waitFor(() => h.responsesTo(res.responseUrl).map(textOf)[0])).toMatch(
        /not an email address/,
      );
    }
    expect(
      await h.bot.services.db.provisioningRequest.count({
        where: { email: { contains: 'lice@example.com', not: 'alice@example.com' } },
      }),
    ).toBe(0);
  });

  it("Zoom's own error text is escaped before it is shown", async () => {
    h.zoom.injectFault({
      method: 'GET',
      path: /\/phone\/calling_plans$/,
      kind: 'status',
      status: 400,
      body: { code: 300, message: 'Bad <!everyone> <@UADMIN01>' },
      times: 3,
    });
    h.bot.services.catalog.invalidate();
    const res = await h.command('add mallory@example.com ext 4602 plan 200');
    const reply = await h.slack.waitFor(
      () =>
        h
          .responsesTo(res.responseUrl)
          .map((b) => mrkdwnOf(b).join('\n'))
          .find((t) => /Cannot add/.test(t)),
      { timeoutMs: 10_000 },
    );
    expect(reply).toContain('&lt;!everyone&gt;');
    assertInert(/<!everyone>/);
    h.zoom.clearFaults();
  });
});

describe('secrets never reach the logs', () => {
  it('no configured secret, token or access token appears in any log line across a full run', async () => {
    await h.command(`add alice@example.com ext 4610 plan 200 number auto`, { user: ADMIN, channel: GENERAL });
    await h.slack.waitFor(
      () => h.zoom.state.findUser('alice@example.com')?.phone?.extensionNumber === '4610' || undefined,
      { timeoutMs: 15_000 },
    );
    h.zoom.expireTokens();
    await h.command('status alice@example.com');
    await h.command('add bogus@example.com ext 1', { user: ADMIN });
    await settle(500);
    const logs = h.logs.join('');
    expect(logs.length).toBeGreaterThan(1000);
    for (const secret of [h.env.SLACK_BOT_TOKEN!, SIGNING_SECRET, h.env.ZOOM_CLIENT_SECRET!, WEBHOOK_SECRET]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toMatch(/emu\.[A-Za-z0-9_-]{20,}/);
    expect(logs).not.toMatch(/Bearer\s+\S{10,}/i);
  });
});
