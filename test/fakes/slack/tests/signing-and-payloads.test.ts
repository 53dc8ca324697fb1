import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isValidSlackRequest, verifySlackRequest } from '@slack/bolt';
import {
  appHomeOpenedEnvelope,
  blockActionsPayload,
  fileSharedEnvelope,
  sendAction,
  sendCommand,
  sendEvent,
  sendViewSubmission,
  signRequest,
  viewSubmissionPayload,
} from '../index.js';
import { hasPath, missingSamplePaths } from './json-paths.js';
import { readReferenceJson } from './reference-data.js';

const SECRET = 'test-signing-secret';

interface Captured {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Checks a captured request the way Bolt's HTTPReceiver does: raw body, header values as sent. */
function boltAccepts(req: Captured, nowMilliseconds?: number): boolean {
  return isValidSlackRequest({
    signingSecret: SECRET,
    body: req.body,
    headers: {
      'x-slack-signature': String(req.headers['x-slack-signature']),
      'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
    },
    ...(nowMilliseconds !== undefined ? { nowMilliseconds } : {}),
  });
}

describe('request signing helpers', () => {
  let server: Server;
  let appUrl: string;
  let captured: Captured[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        captured.push({
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ response_action: 'clear' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    captured = [];
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('produces signatures verifySlackRequest accepts, and it rejects stale or altered ones', () => {
    const body = 'token=x&command=%2Fphone&text=add+bob%40corp.example';
    const headers = signRequest(SECRET, body);
    expect(headers['x-slack-signature']).toMatch(/^v0=[0-9a-f]{64}$/);
    const opts = (h: Record<string, string>, b = body) => ({
      signingSecret: SECRET,
      body: b,
      headers: {
        'x-slack-signature': h['x-slack-signature'] ?? '',
        'x-slack-request-timestamp': Number(h['x-slack-request-timestamp']),
      },
    });
    expect(() => verifySlackRequest(opts(headers))).not.toThrow();
    const stale = signRequest(SECRET, body, Math.floor(Date.now() / 1000) - 301);
    expect(() => verifySlackRequest(opts(stale))).toThrow(/stale/);
    expect(() => verifySlackRequest(opts(headers, `${body}x`))).toThrow(/signature mismatch/);
    expect(() => verifySlackRequest(opts(signRequest('other-secret', body)))).toThrow(/signature mismatch/);
  });

  it('sends slash commands as a charset-free form body to /slack/events, signed as sent', async () => {
    const res = await sendCommand(appUrl, SECRET, {
      text: 'add bob@corp.example ext 4021',
      user_id: 'UALICE',
      channel_id: 'COPS',
      response_url: 'http://127.0.0.1:1/r',
      trigger_id: 't.1.2',
    });
    expect(res).toMatchObject({ status: 200, json: { response_action: 'clear' } });
    const [req] = captured;
    expect(req).toMatchObject({ method: 'POST', url: '/slack/events' });
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req && boltAccepts(req)).toBe(true);
    // the same parse Bolt's HTTPReceiver applies
    expect(parseQuery(req?.body ?? '')).toMatchObject({
      command: '/phone',
      text: 'add bob@corp.example ext 4021',
      user_id: 'UALICE',
      user_name: 'ualice',
      channel_id: 'COPS',
      team_id: 'T0TEST',
      response_url: 'http://127.0.0.1:1/r',
      trigger_id: 't.1.2',
      is_enterprise_install: 'false',
    });
    // every field of the java-slack-sdk sample except the Enterprise Grid ones
    const sample = readReferenceJson(
      'java-slack-sdk-samples/app-backend/slash-commands/SlashCommandPayload.json',
    ) as Record<string, unknown>;
    const expected = Object.keys(sample).filter((k) => !k.startsWith('enterprise_'));
    expect(Object.keys(parseQuery(req?.body ?? '')).sort()).toEqual(expected.sort());
  });

  it('can send stale, forged or unsigned requests on purpose', async () => {
    await sendCommand(
      appUrl,
      SECRET,
      { text: '', user_id: 'U1', channel_id: 'C1' },
      { ts: Math.floor(Date.now() / 1000) - 600 },
    );
    await sendCommand(appUrl, SECRET, { text: '', user_id: 'U1', channel_id: 'C1' }, { signature: 'v0=deadbeef' });
    await sendCommand(appUrl, SECRET, { text: '', user_id: 'U1', channel_id: 'C1' }, { signature: null });
    const [stale, forged, unsigned] = captured;
    expect(stale && boltAccepts(stale)).toBe(false);
    expect(stale && boltAccepts(stale, (Number(stale.headers['x-slack-request-timestamp']) + 10) * 1000)).toBe(true);
    expect(forged?.headers['x-slack-signature']).toBe('v0=deadbeef');
    expect(forged && boltAccepts(forged)).toBe(false);
    expect(unsigned?.headers).not.toHaveProperty('x-slack-signature');
    expect(unsigned?.headers).not.toHaveProperty('x-slack-request-timestamp');
  });

  it('sends interactivity as payload=<JSON> and events as JSON with retry headers', async () => {
    const action = blockActionsPayload({
      user: 'UALICE',
      actionId: 'approve',
      value: 'req-1',
      channel: 'COPS',
      messageTs: '1700000000.000100',
    });
    await sendAction(appUrl, SECRET, action);
    const submission = viewSubmissionPayload({
      user: 'UALICE',
      callbackId: 'add_phone',
      values: { ext: { value: { type: 'plain_text_input', value: '4021' } } },
    });
    await sendViewSubmission(appUrl, SECRET, submission);
    const envelope = fileSharedEnvelope({ fileId: 'F1', userId: 'UALICE', channelId: 'COPS', eventId: 'Ev1' });
    await sendEvent(appUrl, SECRET, envelope, { retryNum: 1, retryReason: 'http_timeout' });

    const [a, v, e] = captured;
    for (const req of [a, v]) {
      expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(req && boltAccepts(req)).toBe(true);
    }
    expect(JSON.parse(String(parseQuery(a?.body ?? '').payload))).toEqual(action);
    expect(JSON.parse(String(parseQuery(v?.body ?? '').payload))).toEqual(submission);
    expect(e?.headers['content-type']).toBe('application/json');
    expect(e && boltAccepts(e)).toBe(true);
    expect(JSON.parse(e?.body ?? '')).toEqual(envelope);
    expect([e?.headers['x-slack-retry-num'], e?.headers['x-slack-retry-reason']]).toEqual(['1', 'http_timeout']);
  });
});

/**
 * The payload builders against the java-slack-sdk payload samples (field names only; the samples
 * are union templates). Excluded paths never occur for this app, with the reason next to them.
 */

const GRID_ONLY = ['enterprise.id', 'enterprise.name', 'team.enterprise_id', 'team.enterprise_name'];
// workflow-function (Slack automation) payloads only
const FUNCTIONS_ONLY = ['bot_access_token', 'function_data', 'interactivity'];

describe('payload builders match Slack payload samples', () => {
  it('builds view_submission payloads with every sample field', () => {
    const sample = readReferenceJson('java-slack-sdk-samples/app-backend/views/ViewSubmissionPayload.json');
    const payload = viewSubmissionPayload({ user: 'UALICE', callbackId: 'add_phone', values: {} });
    // is_cleared is only sent with view_closed
    expect(missingSamplePaths(sample, payload, [...GRID_ONLY, ...FUNCTIONS_ONLY, 'is_cleared'])).toEqual([]);
  });

  it('starts view_submission from the opened view when given', () => {
    const opened = {
      id: 'V1',
      hash: 'h1',
      callback_id: 'ignored',
      private_metadata: '{"channel":"COPS"}',
      blocks: [{ type: 'input', block_id: 'ext' }],
    };
    const payload = viewSubmissionPayload({
      user: 'UALICE',
      callbackId: 'add_phone',
      values: { ext: { value: { type: 'plain_text_input', value: '1' } } },
      view: opened,
    }) as {
      view: Record<string, unknown>;
    };
    expect(payload.view).toMatchObject({
      id: 'V1',
      hash: 'h1',
      callback_id: 'add_phone',
      private_metadata: '{"channel":"COPS"}',
      root_view_id: 'V1',
    });
    expect(payload.view.state).toEqual({ values: { ext: { value: { type: 'plain_text_input', value: '1' } } } });
  });

  it('builds message block_actions with the sample top-level fields and action fields', () => {
    const sample = readReferenceJson(
      'java-slack-sdk-samples/app-backend/interactive-components/BlockActionPayload.json',
    ) as Record<string, unknown>;
    const payload = blockActionsPayload({
      user: 'UALICE',
      actionId: 'approve',
      value: 'req-1',
      channel: 'COPS',
      messageTs: '1700000000.000100',
    });
    // view: modal buttons only; app_unfurl: unfurl buttons only
    const topLevel = Object.keys(sample).filter((k) => ![...FUNCTIONS_ONLY, 'view', 'app_unfurl'].includes(k));
    expect(topLevel.filter((k) => !hasPath(payload, k))).toEqual([]);
    for (const p of [
      'user.id',
      'user.username',
      'user.name',
      'user.team_id',
      'team.id',
      'team.domain',
      'channel.id',
      'channel.name',
      'container.type',
      'container.message_ts',
      'container.channel_id',
      'container.is_ephemeral',
      'actions[].action_id',
      'actions[].block_id',
      'actions[].value',
      'actions[].type',
      'actions[].action_ts',
      'actions[].text',
    ]) {
      expect(hasPath(payload, p), p).toBe(true);
    }
  });

  it('builds modal block_actions with a view container and no response_url', () => {
    const payload = blockActionsPayload({
      user: 'UALICE',
      actionId: 'deny',
      view: { id: 'V9', callback_id: 'review' },
    });
    expect(payload).toMatchObject({ container: { type: 'view', view_id: 'V9' }, view: { id: 'V9' } });
    expect(payload).not.toHaveProperty('response_url');
    expect(payload).not.toHaveProperty('channel');
  });

  it('builds app_home_opened envelopes with the fields Slack documents, the view only once one was published', () => {
    // The sample of https://api.slack.com/events/app_home_opened (no java-slack-sdk sample exists for it).
    const documented = ['type', 'user', 'channel', 'event_ts', 'tab'];
    const first = appHomeOpenedEnvelope({ userId: 'UALICE' }) as { type: string; event: Record<string, unknown> };
    expect(first.type).toBe('event_callback');
    expect(Object.keys(first.event).sort()).toEqual([...documented].sort());
    expect(first.event).toMatchObject({ type: 'app_home_opened', user: 'UALICE', tab: 'home' });
    expect(first.event.channel).toMatch(/^D/);
    const later = appHomeOpenedEnvelope({ userId: 'UALICE', view: { id: 'V1', type: 'home', hash: 'h.1' } }) as {
      event: Record<string, unknown>;
    };
    expect(later.event.view).toEqual({ id: 'V1', type: 'home', hash: 'h.1' });
  });

  it('builds file_shared envelopes with every sample field', () => {
    const sample = readReferenceJson('java-slack-sdk-samples/events/FileSharedPayload.json');
    const envelope = fileSharedEnvelope({ fileId: 'F1', userId: 'UALICE', channelId: 'COPS' });
    // enterprise_id: Enterprise Grid installs only
    expect(missingSamplePaths(sample, envelope, ['enterprise_id'])).toEqual([]);
    expect(envelope).toMatchObject({
      type: 'event_callback',
      event: { type: 'file_shared', file_id: 'F1', user_id: 'UALICE', channel_id: 'COPS', file: { id: 'F1' } },
    });
  });
});
