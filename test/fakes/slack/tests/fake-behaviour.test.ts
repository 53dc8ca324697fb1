import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ErrorCode,
  WebClientEvent,
  type WebAPIHTTPError,
  type WebAPIRateLimitedError,
  type WebClient,
} from '@slack/web-api';
import type { SlackFake } from '../index.js';
import {
  ALICE,
  APP_TOKEN,
  BOB,
  BOT_TOKEN,
  GONE,
  OPS,
  RANDOM,
  clientFor,
  slackError,
  startFixtureFake,
} from './support.js';

/**
 * Behaviour of the fake that phonebot's e2e tests lean on. One file on purpose: each vitest
 * file costs a forked worker, and the suite has to stay well under 10 s.
 */

const modal = (title = 'Add phone') => ({
  type: 'modal' as const,
  callback_id: 'add_phone',
  title: { type: 'plain_text' as const, text: title },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Loading…' } }],
});

describe('fake Slack: messages, DMs and users', () => {
  let fake: SlackFake;
  let client: WebClient;

  beforeEach(async () => {
    fake = await startFixtureFake();
    client = clientFor(fake);
  });
  afterEach(async () => {
    await fake.close();
  });

  it('posts only where the bot is a member', async () => {
    expect(await slackError(client.chat.postMessage({ channel: RANDOM.id, text: 'hi' }))).toBe('not_in_channel');
    expect(await slackError(client.chat.postMessage({ channel: 'CNOPE', text: 'hi' }))).toBe('channel_not_found');
    // A user id is not a conversation: DMs go through conversations.open.
    expect(await slackError(client.chat.postMessage({ channel: ALICE.id, text: 'hi' }))).toBe('channel_not_found');
    const byName = await client.chat.postMessage({ channel: '#phone-ops', text: 'by name' });
    expect(byName.channel).toBe(OPS.id);
    expect(await slackError(client.apiCall('chat.postMessage', { channel: OPS.id }))).toBe('no_text');
  });

  it('hands out increasing timestamps and keeps thread_ts', async () => {
    const a = await client.chat.postMessage({ channel: OPS.id, text: 'one' });
    const b = await client.chat.postMessage({ channel: OPS.id, text: 'two', thread_ts: a.ts ?? '' });
    expect(a.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect((b.ts ?? '') > (a.ts ?? '')).toBe(true);
    expect(fake.messages(OPS.id).map((m) => [m.text, m.thread_ts])).toEqual([
      ['one', undefined],
      ['two', a.ts],
    ]);
    expect(b.message).toMatchObject({ user: 'UBOT', bot_id: 'BBOT', thread_ts: a.ts });
  });

  it('keeps every version of an updated message', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Importing 0/3' } }];
    const posted = await client.chat.postMessage({ channel: OPS.id, text: 'Importing', blocks });
    const ts = posted.ts ?? '';
    await client.chat.update({ channel: OPS.id, ts, text: 'Importing 2/3' });
    await client.chat.update({ channel: OPS.id, ts, text: 'Done', blocks: [] });
    const [msg] = fake.messages(OPS.id);
    expect(msg).toMatchObject({ text: 'Done', updates: 2 });
    expect(msg).not.toHaveProperty('blocks');
    // blocks survive an update that omits them, and `[]` removes them (chat.update semantics)
    expect(msg?.history).toEqual([{ text: 'Importing', blocks }, { text: 'Importing 2/3', blocks }, { text: 'Done' }]);
  });

  it('refuses to update unknown or foreign messages', async () => {
    expect(await slackError(client.chat.update({ channel: OPS.id, ts: '1700000000.999999', text: 'x' }))).toBe(
      'message_not_found',
    );
    const human = fake.postUserMessage({ channel: OPS.id, user: BOB.id, text: 'mine' });
    expect(await slackError(client.chat.update({ channel: OPS.id, ts: human.ts, text: 'x' }))).toBe(
      'cant_update_message',
    );
    expect(await slackError(client.chat.delete({ channel: OPS.id, ts: human.ts }))).toBe('cant_delete_message');
    const eph = await client.chat.postEphemeral({ channel: OPS.id, user: BOB.id, text: 'psst' });
    expect(await slackError(client.chat.update({ channel: OPS.id, ts: eph.message_ts ?? '', text: 'x' }))).toBe(
      'message_not_found',
    );
  });

  it('records ephemerals only for members', async () => {
    await client.chat.postEphemeral({ channel: OPS.id, user: BOB.id, text: 'psst' });
    expect(fake.ephemerals(OPS.id)).toMatchObject([{ channel: OPS.id, user: BOB.id, text: 'psst' }]);
    expect(fake.messages(OPS.id)).toEqual([]);
    expect(await slackError(client.chat.postEphemeral({ channel: OPS.id, user: 'UOUTSIDER', text: 'x' }))).toBe(
      'user_not_in_channel',
    );
  });

  it('gives each user one stable DM channel and collects the bot DMs there', async () => {
    const first = await client.conversations.open({ users: ALICE.id });
    const again = await client.conversations.open({ users: ALICE.id });
    expect(first.channel?.id).toMatch(/^D/);
    expect(again).toMatchObject({ channel: { id: first.channel?.id }, already_open: true });
    expect(fake.dmChannelId(ALICE.id)).toBe(first.channel?.id);
    await client.chat.postMessage({ channel: first.channel?.id ?? '', text: 'Approve?' });
    expect(fake.dms(ALICE.id).map((m) => m.text)).toEqual(['Approve?']);
    expect(fake.dms(BOB.id)).toEqual([]);
    expect(await slackError(client.conversations.open({ users: GONE.id }))).toBe('user_disabled');
    expect(await slackError(client.conversations.open({ users: 'UNOBODY' }))).toBe('user_not_found');
  });

  it('looks users up with admin flags, email and time zone', async () => {
    const info = await client.users.info({ user: ALICE.id });
    expect(info.user).toMatchObject({
      id: ALICE.id,
      is_admin: true,
      is_owner: false,
      tz: 'Europe/Berlin',
      profile: { email: ALICE.email },
    });
    expect([3600, 7200]).toContain(info.user?.tz_offset);
    const byEmail = await client.users.lookupByEmail({ email: 'BOB@corp.example' });
    expect(byEmail.user?.id).toBe(BOB.id);
    expect(await slackError(client.users.lookupByEmail({ email: 'nobody@corp.example' }))).toBe('users_not_found');
    expect(await slackError(client.users.info({ user: 'UNOBODY' }))).toBe('user_not_found');
    expect((await client.usergroups.users.list({ usergroup: 'SAPPROVERS' })).users).toEqual([ALICE.id]);
    expect(await slackError(client.usergroups.users.list({ usergroup: 'SNOPE' }))).toBe('no_such_subteam');
  });

  it('rejects oversize blocks the way Slack does', async () => {
    const blocks = Array.from({ length: 51 }, (_, i) => ({
      type: 'section',
      text: { type: 'mrkdwn', text: `row ${i}` },
    }));
    const err = await client.chat.postMessage({ channel: OPS.id, text: 'x', blocks }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      data: {
        error: 'invalid_blocks',
        response_metadata: { messages: ['[ERROR] no more than 50 items allowed [json-pointer:/blocks]'] },
      },
    });
  });

  it('schedules messages and delivers them when asked', async () => {
    const dm = (await client.conversations.open({ users: ALICE.id })).channel?.id ?? '';
    const now = Math.floor(Date.now() / 1000);
    expect(await slackError(client.chat.scheduleMessage({ channel: dm, post_at: now - 10, text: 'late' }))).toBe(
      'time_in_past',
    );
    const res = await client.chat.scheduleMessage({ channel: dm, post_at: now + 60, text: 'Reminder' });
    expect(res.scheduled_message_id).toMatch(/^Q/);
    expect(fake.deliverDueScheduled()).toEqual([]);
    const delivered = fake.deliverDueScheduled(new Date((now + 61) * 1000));
    expect(delivered.map((m) => m.text)).toEqual(['Reminder']);
    expect(fake.dms(ALICE.id).map((m) => m.text)).toEqual(['Reminder']);
    expect(fake.scheduledMessages()).toEqual([]);
  });
});

describe('fake Slack: trigger ids and modals', () => {
  let fake: SlackFake;
  let client: WebClient;

  beforeEach(async () => {
    fake = await startFixtureFake();
    client = clientFor(fake);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await fake.close();
  });

  it('accepts a fresh trigger once, then answers exchanged_trigger_id', async () => {
    const trigger = fake.triggerId({ user: ALICE.id });
    const opened = await client.views.open({ trigger_id: trigger, view: modal() });
    expect(opened.view).toMatchObject({
      id: expect.stringMatching(/^V/),
      hash: expect.any(String),
      callback_id: 'add_phone',
    });
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal() }))).toBe('exchanged_trigger_id');
    expect(fake.views()).toHaveLength(1);
    expect(fake.views()[0]).toMatchObject({ user: ALICE.id, updates: 0 });
  });

  it('rejects trigger ids it never issued', async () => {
    expect(await slackError(client.views.open({ trigger_id: '12345.98765.abcdef', view: modal() }))).toBe(
      'invalid_trigger_id',
    );
  });

  it('expires trigger ids after 3 seconds', async () => {
    const trigger = fake.triggerId();
    // Only Date is faked so sockets and timers keep working.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3001);
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal() }))).toBe('expired_trigger_id');
    const fresh = fake.triggerId();
    vi.setSystemTime(Date.now() + 2900);
    await expect(client.views.open({ trigger_id: fresh, view: modal() })).resolves.toMatchObject({ ok: true });
  });

  it('enforces Block Kit limits on views with Slack-style messages', async () => {
    const err = await client.views
      .open({ trigger_id: fake.triggerId(), view: modal('A title that is far too long') })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ data: { ok: false, error: 'invalid_arguments' } });
    expect((err as { data: { response_metadata: { messages: string[] } } }).data.response_metadata.messages).toEqual([
      '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
    ]);
  });

  it('updates by view_id or external_id and detects hash conflicts', async () => {
    const opened = await client.views.open({
      trigger_id: fake.triggerId(),
      view: { ...modal(), external_id: 'req-42' },
    });
    const id = opened.view?.id ?? '';
    const firstHash = opened.view?.hash ?? '';
    const updated = await client.views.update({ view_id: id, hash: firstHash, view: modal('Done') });
    expect(updated.view?.hash).not.toBe(firstHash);
    expect(await slackError(client.views.update({ view_id: id, hash: firstHash, view: modal('Stale') }))).toBe(
      'hash_conflict',
    );
    await client.views.update({ external_id: 'req-42', view: modal('Via external id') });
    expect(fake.views()[0]).toMatchObject({ updates: 2, externalId: 'req-42' });
    expect(fake.views()[0]?.view.title.text).toBe('Via external id');
    expect(await slackError(client.views.update({ view_id: 'VNOPE', view: modal() }))).toBe('not_found');
  });

  it('publishes one Home tab per user: same view id, a new hash each time, hash conflicts detected', async () => {
    const home = (text: string) => ({
      type: 'home' as const,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    });
    const first = await client.views.publish({ user_id: BOB.id, view: home('one') });
    expect(first.view).toMatchObject({ type: 'home', root_view_id: first.view?.id, previous_view_id: null });
    const second = await client.views.publish({ user_id: BOB.id, view: home('two'), hash: first.view?.hash ?? '' });
    expect(second.view?.id).toBe(first.view?.id);
    expect(second.view?.hash).not.toBe(first.view?.hash);
    expect(
      await slackError(client.views.publish({ user_id: BOB.id, view: home('stale'), hash: first.view?.hash ?? '' })),
    ).toBe('hash_conflict');
    expect(fake.homeView(BOB.id)).toMatchObject({ user: BOB.id, updates: 1 });
    expect(fake.homeView(BOB.id)?.view.blocks[0].text.text).toBe('two');
    // Alice has her own Home; Home tabs are not modals.
    await client.views.publish({ user_id: ALICE.id, view: home('alice') });
    expect(fake.homeView(ALICE.id)?.id).not.toBe(first.view?.id);
    expect(fake.views()).toEqual([]);
    expect(await slackError(client.views.publish({ user_id: BOB.id, view: modal() }))).toBe('invalid_arguments');
    expect(await slackError(client.views.publish({ user_id: 'UNOBODY', view: home('x') }))).toBe('invalid_arguments');
    const tooMany = { type: 'home' as const, blocks: Array.from({ length: 101 }, () => home('x').blocks[0]!) };
    expect(await slackError(client.views.publish({ user_id: BOB.id, view: tooMany }))).toBe('invalid_arguments');
  });

  it('answers not_enabled when the app has no Home tab', async () => {
    const off = await startFixtureFake({ homeTabEnabled: false });
    try {
      const view = { type: 'home' as const, blocks: [] };
      expect(await slackError(clientFor(off).views.publish({ user_id: BOB.id, view }))).toBe('not_enabled');
      expect(off.homeView(BOB.id)).toBeUndefined();
    } finally {
      await off.close();
    }
  });

  it('stacks pushed views onto the modal the trigger came from, at most 3', async () => {
    const root = await client.views.open({ trigger_id: fake.triggerId({ user: ALICE.id }), view: modal() });
    const rootId = root.view?.id ?? '';
    const second = await client.views.push({ trigger_id: fake.triggerId({ viewId: rootId }), view: modal('Step 2') });
    expect(second.view).toMatchObject({ root_view_id: rootId, previous_view_id: rootId });
    await client.views.push({ trigger_id: fake.triggerId({ viewId: rootId }), view: modal('Step 3') });
    expect(
      await slackError(client.views.push({ trigger_id: fake.triggerId({ viewId: rootId }), view: modal('Step 4') })),
    ).toBe('push_limit_reached');
    expect(fake.views().map((v) => v.user)).toEqual([ALICE.id, ALICE.id, ALICE.id]);
  });
});

describe('fake Slack: files and response_url', () => {
  let fake: SlackFake;
  let client: WebClient;

  beforeEach(async () => {
    fake = await startFixtureFake();
    client = clientFor(fake);
  });
  afterEach(async () => {
    await fake.close();
  });

  it('serves private files only with the bot token, else an HTML login page with 200', async () => {
    const file = fake.addFile({
      name: 'phones.csv',
      content: 'email,ext\nbob@corp.example,4021\n',
      user: ALICE.id,
      channel: OPS.id,
    });
    expect(file.url_private_download).toBe(`${fake.url}/files-pri/T0TEST-${file.id}/download/phones.csv`);
    expect(file.url_private).toBe(`${fake.url}/files-pri/T0TEST-${file.id}/phones.csv`);

    const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer xoxb-wrong' }];
    for (const headers of attempts) {
      const res = await fetch(file.url_private_download, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('<!DOCTYPE html>');
    }
    const ok = await fetch(file.url_private_download, { headers: { authorization: `Bearer ${BOT_TOKEN}` } });
    expect(ok.headers.get('content-type')).toBe('text/csv');
    expect(await ok.text()).toBe('email,ext\nbob@corp.example,4021\n');
    expect(fake.downloads().map((d) => d.authorized)).toEqual([false, false, true]);

    const info = await client.files.info({ file: file.id });
    expect(info.file).toMatchObject({
      id: file.id,
      user: ALICE.id,
      filetype: 'csv',
      mimetype: 'text/csv',
      channels: [OPS.id],
    });
    expect(await slackError(client.files.info({ file: 'FNOPE' }))).toBe('file_not_found');
  });

  it('fails downloads on request: dropped connection, stalled file, login page, HTTP error', async () => {
    const file = fake.addFile({
      name: 'phones.csv',
      content: 'email,ext\nbob@corp.example,4021\n',
      user: ALICE.id,
      channel: OPS.id,
    });
    const other = fake.addFile({ name: 'other.csv', content: 'email\n', user: ALICE.id, channel: OPS.id });
    const auth = { authorization: `Bearer ${BOT_TOKEN}` };
    fake.failDownloads({ kind: 'network', fileId: file.id });
    fake.failDownloads({ kind: 'login-page', fileId: file.id });
    fake.failDownloads({ kind: 'http', status: 503, fileId: file.id });
    fake.failDownloads({ kind: 'timeout', fileId: file.id });
    // Only the file named is affected.
    expect(await (await fetch(other.url_private_download, { headers: auth })).text()).toBe('email\n');
    await expect(fetch(file.url_private_download, { headers: auth })).rejects.toThrow(/fetch failed/);
    const login = await fetch(file.url_private_download, { headers: auth });
    expect([login.status, login.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await login.text()).toContain('Sign in');
    expect((await fetch(file.url_private_download, { headers: auth })).status).toBe(503);
    const stalled = await fetch(file.url_private_download, { headers: auth, signal: AbortSignal.timeout(300) });
    await expect(stalled.text()).rejects.toThrow(/timeout|aborted/i);
    // Then the file again.
    expect(await (await fetch(file.url_private_download, { headers: auth })).text()).toBe(
      'email,ext\nbob@corp.example,4021\n',
    );
    expect(fake.downloads().map((d) => d.fault ?? 'ok')).toEqual([
      'ok',
      'network',
      'login-page',
      'http',
      'timeout',
      'ok',
    ]);
  });

  it('requires bytes at the upload_url before completing, raw or multipart', async () => {
    const { upload_url: url = '', file_id: id = '' } = await client.files.getUploadURLExternal({
      filename: 'a.csv',
      length: 3,
    });
    expect(url).toBe(`${fake.url}/upload/${id}`);
    expect(await slackError(client.files.completeUploadExternal({ files: [{ id }], channel_id: OPS.id }))).toBe(
      'file_not_found',
    );

    const raw = await fetch(url, { method: 'POST', body: 'a,b' });
    expect([raw.status, await raw.text()]).toEqual([200, 'OK - 3']);
    await client.files.completeUploadExternal({ files: [{ id, title: 'A' }], channel_id: OPS.id });
    expect(fake.uploads()).toMatchObject([{ file_id: id, filename: 'a.csv', title: 'A', channel_id: OPS.id }]);

    const second = await client.files.getUploadURLExternal({ filename: 'b.bin', length: 4 });
    const form = new FormData();
    form.append('file', new Blob([Buffer.from([1, 2, 3, 4])]), 'b.bin');
    const multi = await fetch(second.upload_url ?? '', { method: 'POST', body: form });
    expect(await multi.text()).toBe('OK - 4');
    await client.files.completeUploadExternal({ files: [{ id: second.file_id ?? '' }] });
    expect(fake.uploads()[1]?.content).toEqual(Buffer.from([1, 2, 3, 4]));
    expect(await slackError(client.files.getUploadURLExternal({ filename: 'empty.txt', length: 0 }))).toBe(
      'missing_argument',
    );
  });

  it('records response_url posts and refuses the sixth', async () => {
    const url = fake.responseUrl();
    expect(url).toMatch(new RegExp(`^${fake.url}/response/`));
    const post = (n: number) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `update ${n}`, replace_original: true }),
      });
    for (let n = 1; n <= 5; n++) {
      const res = await post(n);
      expect([res.status, await res.text()]).toEqual([200, 'ok']);
    }
    const sixth = await post(6);
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toEqual({ ok: false, error: 'used_url' });
    expect(fake.responses().map((r) => [r.body.text, r.status])).toEqual([
      ['update 1', 200],
      ['update 2', 200],
      ['update 3', 200],
      ['update 4', 200],
      ['update 5', 200],
      ['update 6', 404],
    ]);
    expect(fake.responses()[0]?.id).toBe(url.slice(url.lastIndexOf('/') + 1));
  });
});

describe('fake Slack: auth, injected faults, rate limits, waitFor', () => {
  let fake: SlackFake;

  afterEach(async () => {
    await fake.close();
  });

  it('demands the bot token as Bearer on every API call', async () => {
    fake = await startFixtureFake();
    const anonymous = await fetch(`${fake.apiUrl}auth.test`, { method: 'POST' });
    expect(await anonymous.json()).toEqual({ ok: false, error: 'not_authed' });
    expect(await slackError(clientFor(fake, 'xoxb-wrong').auth.test())).toBe('invalid_auth');
    expect(await slackError(clientFor(fake, APP_TOKEN).auth.test())).toBe('not_allowed_token_type');
    expect(await slackError(clientFor(fake).apps.connections.open())).toBe('not_allowed_token_type');
    expect((await clientFor(fake, APP_TOKEN).apps.connections.open()).url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
    // the token may also travel as a form field
    const viaField = await fetch(`${fake.apiUrl}auth.test`, {
      method: 'POST',
      body: new URLSearchParams({ token: 'xoxb-test-token' }),
    });
    expect(await viaField.json()).toMatchObject({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T0TEST' });
    expect(await slackError(clientFor(fake).apiCall('chat.frobnicate'))).toBe('unknown_method');
    expect(fake.calls.map((c) => c.token)).toEqual([
      undefined,
      'xoxb-wrong',
      APP_TOKEN,
      'xoxb-test-token',
      APP_TOKEN,
      'xoxb-test-token',
      'xoxb-test-token',
    ]);
  });

  it('accepts JSON and multipart bodies as well as the SDK form encoding', async () => {
    fake = await startFixtureFake();
    const auth = { authorization: `Bearer ${BOT_TOKEN}` };
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'json' } }];
    const json = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: OPS.id, text: 'via json', blocks }),
    });
    expect(await json.json()).toMatchObject({ ok: true, channel: OPS.id });
    const form = new FormData();
    form.append('channel', OPS.id);
    form.append('text', 'via multipart');
    form.append('blocks', JSON.stringify(blocks));
    await fetch(`${fake.apiUrl}chat.postMessage`, { method: 'POST', headers: auth, body: form });
    expect(fake.messages(OPS.id).map((m) => [m.text, m.blocks])).toEqual([
      ['via json', blocks],
      ['via multipart', blocks],
    ]);
    expect(fake.calls[1]?.args.blocks).toEqual(blocks);

    const broken = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{',
    });
    expect(await broken.json()).toEqual({ ok: false, error: 'invalid_json' });
    const badBlocks = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: auth,
      body: new URLSearchParams({ channel: OPS.id, blocks: '[{' }),
    });
    expect(await badBlocks.json()).toEqual({ ok: false, error: 'invalid_blocks_format' });
  });

  it('answers an injected 429 with Retry-After, which WebClient surfaces as a rate limit', async () => {
    fake = await startFixtureFake();
    const client = clientFor(fake, undefined, { rejectRateLimitedCalls: true });
    const seen: number[] = [];
    client.on(WebClientEvent.RATE_LIMITED, (retryAfter: number) => seen.push(retryAfter));
    fake.injectFault({ method: 'chat.postMessage', kind: 'ratelimited', retryAfter: 7 });

    const err = (await client.chat
      .postMessage({ channel: OPS.id, text: 'x' })
      .catch((e: unknown) => e)) as WebAPIRateLimitedError;
    expect(err.code).toBe(ErrorCode.RateLimitedError);
    expect(err.retryAfter).toBe(7);
    expect(seen).toEqual([7]);
    expect(fake.calls[0]).toMatchObject({
      method: 'chat.postMessage',
      status: 429,
      response: { ok: false, error: 'ratelimited' },
    });
    // times defaults to 1: the next call goes through
    await expect(client.chat.postMessage({ channel: OPS.id, text: 'x' })).resolves.toMatchObject({ ok: true });
  });

  it('injects HTTP errors and platform errors, counted per call, until cleared', async () => {
    fake = await startFixtureFake();
    const client = clientFor(fake);
    fake.injectFault({ method: 'users.info', kind: 'http', status: 503, times: 2 });
    fake.injectFault({ method: '*', kind: 'error', error: 'fatal_error', times: Infinity });
    for (let i = 0; i < 2; i++) {
      const err = (await client.users.info({ user: 'UALICE' }).catch((e: unknown) => e)) as WebAPIHTTPError;
      expect([err.code, err.statusCode]).toEqual([ErrorCode.HTTPError, 503]);
    }
    expect(await slackError(client.users.info({ user: 'UALICE' }))).toBe('fatal_error');
    expect(await slackError(client.auth.test())).toBe('fatal_error');
    fake.clearFaults();
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
  });

  it('can fail the extra routes too (downloads, uploads, response_url)', async () => {
    fake = await startFixtureFake();
    const file = fake.addFile({ name: 'x.csv', content: 'a', user: 'UALICE' });
    fake.injectFault({ method: 'files-pri', kind: 'http', status: 502 });
    const res = await fetch(file.url_private_download, { headers: { authorization: 'Bearer xoxb-test-token' } });
    expect(res.status).toBe(502);
  });

  it('applies Slack tier limits only when asked', async () => {
    fake = await startFixtureFake({ tierRateLimits: true });
    const client = clientFor(fake, undefined, { rejectRateLimitedCalls: true });
    for (let i = 0; i < 20; i++) await client.usergroups.users.list({ usergroup: 'SAPPROVERS' });
    const err = (await client.usergroups.users
      .list({ usergroup: 'SAPPROVERS' })
      .catch((e: unknown) => e)) as WebAPIRateLimitedError;
    expect(err.code).toBe(ErrorCode.RateLimitedError);
    expect(err.retryAfter).toBeGreaterThanOrEqual(59);
    // other methods have their own budget
    await expect(client.users.info({ user: 'UALICE' })).resolves.toMatchObject({ ok: true });
  });

  it('waits for state and explains timeouts with the recent calls', async () => {
    fake = await startFixtureFake({ latencyMs: 30 });
    const client = clientFor(fake);
    const pending = client.chat.postMessage({ channel: OPS.id, text: 'slow' });
    const msg = await fake.waitFor(() => fake.messages(OPS.id)[0], { timeoutMs: 1000 });
    expect(msg.text).toBe('slow');
    await pending;
    await expect(
      fake.waitFor(() => fake.messages('CRANDOM').length > 0, { timeoutMs: 50, message: 'no post in #random' }),
    ).rejects.toThrow(
      /no post in #random \(after 50 ms\)\nRecent Slack calls:\n.*chat\.postMessage \{"channel":"COPS","text":"slow"\} → ok/,
    );
  });
});

describe('fake Slack: workflow steps (function_executed, functions.complete*)', () => {
  let fake: SlackFake;
  const definition = {
    title: 'Greet',
    input_parameters: { user_id: { type: 'slack#/types/user_id', is_required: true } },
    output_parameters: {
      greeting: { type: 'string', is_required: true },
      note: { type: 'string', is_required: false },
    },
  };

  beforeEach(async () => {
    fake = await startFixtureFake();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('starts a run whose event carries the definition, the inputs, the ids and a token for the run', () => {
    const { execution, envelope } = fake.startFunction({
      callbackId: 'greet',
      inputs: { user_id: 'UALICE' },
      definition,
    });
    const event = (envelope as { type: string; event: Record<string, unknown> }).event;
    expect((envelope as { type: string }).type).toBe('event_callback');
    expect(event).toMatchObject({
      type: 'function_executed',
      function: {
        callback_id: 'greet',
        title: 'Greet',
        type: 'app',
        input_parameters: [{ name: 'user_id', type: 'slack#/types/user_id', is_required: true }],
      },
      inputs: { user_id: 'UALICE' },
      function_execution_id: execution.id,
      workflow_execution_id: execution.workflowExecutionId,
      bot_access_token: execution.workflowToken,
    });
    expect(execution.id).toMatch(/^Fx/);
    expect(execution.state).toBe('running');
  });

  it('completes a run once, with outputs checked against the definition; the run token works like the bot token', async () => {
    const { execution } = fake.startFunction({ callbackId: 'greet', inputs: {}, definition });
    const bot = clientFor(fake);
    expect(
      await slackError(bot.functions.completeSuccess({ function_execution_id: execution.id, outputs: { note: 'x' } })),
    ).toBe('parameter_validation_failed');
    expect(
      await slackError(
        bot.functions.completeSuccess({ function_execution_id: execution.id, outputs: { greeting: 'hi', extra: 'x' } }),
      ),
    ).toBe('parameter_validation_failed');
    await clientFor(fake, execution.workflowToken).functions.completeSuccess({
      function_execution_id: execution.id,
      outputs: { greeting: 'hi' },
    });
    expect(fake.functionExecutions()[0]).toMatchObject({
      state: 'completed',
      outputs: { greeting: 'hi' },
      completedWith: execution.workflowToken,
    });
    expect(await slackError(bot.functions.completeError({ function_execution_id: execution.id, error: 'late' }))).toBe(
      'execution_not_in_running_state',
    );
    expect(await slackError(bot.functions.completeError({ function_execution_id: 'FxNOPE', error: 'x' }))).toBe(
      'function_execution_not_found',
    );
  });

  it('fails a run with the error text', async () => {
    const { execution } = fake.startFunction({ callbackId: 'greet', inputs: {} });
    await clientFor(fake).functions.completeError({ function_execution_id: execution.id, error: 'No phone for you.' });
    expect(fake.functionExecutions()[0]).toMatchObject({ state: 'failed', error: 'No phone for you.' });
  });
});
