// Inbound authenticity: Slack requests and Zoom webhooks that are unsigned, badly signed, stale or
// replayed are refused with 401 and change nothing; Zoom's URL validation challenge is answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../src/zoom/emulator/index.js';
import { sendCommand } from '../fakes/slack/index.js';
import { eventually, settle } from '../support/eventually.js';
import { ADMIN, GENERAL, type Harness, SIGNING_SECRET, startHarness, WEBHOOK_SECRET } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const writes = () => h.zoom.calls.filter((c) => c.method !== 'GET' && c.family !== 'oauth').length;
const cmd = (text: string) => ({
  text,
  user_id: ADMIN,
  channel_id: GENERAL,
  response_url: h.slack.responseUrl(),
  trigger_id: 'T1',
});

describe('Slack request signatures', () => {
  it.each([
    ['missing', { signature: null }],
    ['forged', { signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' }],
    ['stale (6 minutes old)', { ts: Math.floor(Date.now() / 1000) - 360 }],
  ] as const)('refuses a %s signature with 401 and does nothing', async (_name, opts) => {
    const before = await h.bot.services.db.provisioningRequest.count();
    const res = await sendCommand(h.bot.url, SIGNING_SECRET, cmd('add alice@example.com ext 4333'), opts);
    expect(res.status).toBe(401);
    await settle(300);
    expect(await h.bot.services.db.provisioningRequest.count()).toBe(before);
    expect(writes()).toBe(0);
  });

  it('refuses a request signed with another secret', async () => {
    const res = await sendCommand(h.bot.url, 'not-the-secret', cmd('help'));
    expect(res.status).toBe(401);
  });

  it('accepts a request once and refuses the same signed request replayed', async () => {
    const ts = Math.floor(Date.now() / 1000);
    const input = cmd('help');
    const first = await sendCommand(h.bot.url, SIGNING_SECRET, input, { ts });
    expect(first.status).toBe(200);
    const replay = await sendCommand(h.bot.url, SIGNING_SECRET, input, { ts });
    expect(replay.status).toBe(401);
  });

  it('refuses a replayed slash command even after the first was acknowledged before its work ran, and runs it once', async () => {
    // Slash commands are acknowledged before the replay record is written to the database (the ack comes
    // first): the replay must still be refused, and the command's answer reach Slack once.
    const ts = Math.floor(Date.now() / 1000);
    const responseUrl = h.slack.responseUrl();
    const input = { ...cmd('help'), response_url: responseUrl };
    const answers = () => h.slack.responses().filter((r) => responseUrl.endsWith(r.id)).length;
    expect((await sendCommand(h.bot.url, SIGNING_SECRET, input, { ts })).status).toBe(200);
    const immediate = await sendCommand(h.bot.url, SIGNING_SECRET, input, { ts });
    expect(immediate.status).toBe(401);
    await eventually(() => answers() > 0, 'the answer to the first help command', 5_000);
    expect(answers()).toBe(1);
    const later = await sendCommand(h.bot.url, SIGNING_SECRET, input, { ts });
    expect(later.status).toBe(401);
    await settle(300);
    expect(answers()).toBe(1);
  });
});

describe('Zoom webhook signatures', () => {
  const post = async (body: string, headers: Record<string, string>) => {
    const res = await fetch(`${h.bot.url}/zoom/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: res.status, json: await res.json().catch(() => undefined) };
  };
  const accepted = (id: string, email: string) =>
    JSON.stringify({
      event: 'user.invitation_accepted',
      event_ts: Date.now(),
      payload: { account_id: 'emu-account', object: { id, email, first_name: 'X', last_name: 'Y', type: 1 } },
    });

  it('answers endpoint.url_validation with the HMAC of the plain token', async () => {
    const result = await h.zoom.validateWebhookUrl();
    expect(result.ok).toBe(true);
  });

  it('refuses missing, forged, stale and replayed signatures', async () => {
    const body = accepted('Nobody', 'nobody@example.com');
    const ts = String(Math.floor(Date.now() / 1000));
    expect((await post(body, {})).status).toBe(401);
    expect((await post(body, { 'x-zm-request-timestamp': ts, 'x-zm-signature': 'v0=deadbeef' })).status).toBe(401);
    const staleTs = String(Math.floor(Date.now() / 1000) - 600);
    expect(
      (
        await post(body, {
          'x-zm-request-timestamp': staleTs,
          'x-zm-signature': signWebhook(WEBHOOK_SECRET, staleTs, body),
        })
      ).status,
    ).toBe(401);
    const good = { 'x-zm-request-timestamp': ts, 'x-zm-signature': signWebhook(WEBHOOK_SECRET, ts, body) };
    expect((await post(body, good)).status).toBe(200);
    expect((await post(body, good)).status).toBe(401);
  });

  it('a forged invitation_accepted does not resume a pending user', async () => {
    await h.command('add pending1@example.com ext 4444');
    const waiting = await waitForStatus('pending1@example.com', 'waiting_activation');
    const zoomId = (waiting.progress as { zoomUserId: string }).zoomUserId;
    const body = accepted(zoomId, 'pending1@example.com');
    const ts = String(Math.floor(Date.now() / 1000));
    expect(
      (await post(body, { 'x-zm-request-timestamp': ts, 'x-zm-signature': signWebhook('wrong-secret', ts, body) }))
        .status,
    ).toBe(401);
    await settle(300);
    const after = await h.bot.services.db.provisioningRequest.findUnique({ where: { id: waiting.id } });
    expect(after?.status).toBe('waiting_activation');
  });
});

function waitForStatus(email: string, status: string) {
  let is: string | undefined;
  return eventually(
    async () => {
      const r = await h.bot.services.db.provisioningRequest.findFirst({ where: { email }, orderBy: { id: 'desc' } });
      is = r?.status;
      return r?.status === status && r;
    },
    () => `${email} to reach ${status} (is ${is})`,
    10_000,
  );
}
