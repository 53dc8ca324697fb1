import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebClient } from '@slack/web-api';
import { METHODS } from '../methods/index.js';
import type { RecordedCall, SlackFake } from '../index.js';
import { missingRequired, missingSamplePaths } from './json-paths.js';
import { readReferenceJson } from './reference-data.js';
import { ALICE, APP_TOKEN, BOB, OPS, clientFor, startFixtureFake } from './support.js';

/**
 * Drives every method of the fake through a real @slack/web-api WebClient and checks the wire
 * traffic against Slack's published shapes: argument names against the OpenAPI spec, responses
 * against the spec's required fields and the java-slack-sdk response samples.
 */

interface OpenApiOperation {
  parameters?: Array<{ name: string }>;
  responses?: Record<string, { schema?: Parameters<typeof missingRequired>[0] }>;
}
interface OpenApi {
  paths: Record<string, Record<string, OpenApiOperation>>;
  definitions: Record<string, Parameters<typeof missingRequired>[0]>;
}

/** Methods the 2020 spec predates; their arguments are checked against Slack's method docs by hand. */
const NOT_IN_SPEC: Record<string, string> = {
  'apps.connections.open': 'Socket Mode method added after the Oct 2020 spec',
  'files.getUploadURLExternal': 'external upload flow added 2023, after the spec',
  'files.completeUploadExternal': 'external upload flow added 2023, after the spec',
  'functions.completeSuccess': 'custom workflow steps for Bolt apps added 2024, after the spec',
  'functions.completeError': 'custom workflow steps for Bolt apps added 2024, after the spec',
};
const DOCUMENTED_ARGS_NOT_IN_SPEC: Record<string, string[]> = {
  // docs.slack.dev method pages; alt_text is what the SDK sends (the docs say alt_txt)
  'files.getUploadURLExternal': ['filename', 'length', 'alt_text', 'alt_txt', 'snippet_type'],
  'files.completeUploadExternal': ['files', 'channel_id', 'channels', 'thread_ts', 'initial_comment', 'blocks'],
  'apps.connections.open': [],
  // https://docs.slack.dev/reference/methods/functions.completeSuccess, …/functions.completeError
  'functions.completeSuccess': ['function_execution_id', 'outputs'],
  'functions.completeError': ['function_execution_id', 'error'],
};
/** Arguments any method accepts: the token may travel in the body instead of the header. */
const UNIVERSAL_ARGS = new Set(['token']);

/** Sample paths that only occur outside this bot's setting, with the reason. */
const SAMPLE_EXCLUSIONS: Record<string, string[]> = {
  // error/warning fields appear only on failures or deprecations
  '*': ['error', 'needed', 'provided', 'warning', 'response_metadata'],
  // Enterprise Grid only; token rotation only
  'auth.test': ['enterprise_id', 'expires_in'],
  'apps.connections.open': [],
  'chat.postEphemeral': [],
  'files.getUploadURLExternal': [],
  'files.completeUploadExternal': [
    // sharing is asynchronous, the completion answer need not list shares (bolt-js#2115)
    'files[].shares',
    // image/video files only
    ...[
      'thumb_64',
      'thumb_80',
      'thumb_160',
      'thumb_360',
      'thumb_360_w',
      'thumb_360_h',
      'thumb_480',
      'thumb_480_w',
      'thumb_480_h',
      'thumb_360_gif',
      'thumb_480_gif',
      'thumb_tiny',
      'original_w',
      'original_h',
      'deanimate',
      'deanimate_gif',
      'alt_txt',
    ].map((f) => `files[].${f}`),
  ],
  'usergroups.users.list': [],
  'users.info': [
    // Enterprise Grid only
    'user.enterprise_user',
    'user.enterprise_id',
    'user.enterprise_name',
    'user.teams',
    // Slack Connect (external) users only; guests only
    'user.is_stranger',
    'user.profile.guest_invited_by',
    // bot users only (this lookup is of a person)
    'user.profile.bot_id',
    'user.profile.api_app_id',
    'user.profile.always_active',
  ],
  'users.lookupByEmail': [
    // only when the user has 2FA and the caller may see it; guests only
    'user.two_factor_type',
    'user.profile.guest_invited_by',
  ],
};

describe('fake Slack Web API contract (driven by @slack/web-api WebClient)', () => {
  let fake: SlackFake;
  let client: WebClient;
  let spec: OpenApi;

  beforeAll(async () => {
    spec = readReferenceJson('slack_web_openapi_v2.json') as OpenApi;
    fake = await startFixtureFake();
    client = clientFor(fake);
    const appClient = clientFor(fake, APP_TOKEN);

    await client.auth.test();
    await appClient.apps.connections.open();
    const dm = await client.conversations.open({ users: ALICE.id });
    const dmId = dm.channel?.id ?? '';
    const parent = await client.chat.postMessage({
      channel: OPS.id,
      text: 'Request from <@UBOB>',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '*Add phone* for bob' } },
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'approve', text: { type: 'plain_text', text: 'Approve' }, value: 'req-1' },
          ],
        },
      ],
      unfurl_links: false,
    });
    await client.chat.postMessage({ channel: dmId, text: 'Please approve', thread_ts: parent.ts ?? '' });
    await client.chat.update({ channel: OPS.id, ts: parent.ts ?? '', text: 'Approved', blocks: [] });
    await client.chat.postEphemeral({ channel: OPS.id, user: BOB.id, text: 'Only you can see this' });
    const doomed = await client.chat.postMessage({ channel: OPS.id, text: 'to delete' });
    await client.chat.delete({ channel: OPS.id, ts: doomed.ts ?? '' });
    const scheduled = await client.chat.scheduleMessage({
      channel: dmId,
      post_at: Math.floor(Date.now() / 1000) + 3600,
      text: 'Reminder',
    });
    await client.chat.scheduledMessages.list({ channel: dmId });
    await client.chat.deleteScheduledMessage({
      channel: dmId,
      scheduled_message_id: scheduled.scheduled_message_id ?? '',
    });

    const modal = {
      type: 'modal' as const,
      callback_id: 'add_phone',
      private_metadata: JSON.stringify({ channel: OPS.id }),
      title: { type: 'plain_text' as const, text: 'Add phone' },
      submit: { type: 'plain_text' as const, text: 'Add' },
      blocks: [
        {
          type: 'input',
          block_id: 'ext',
          label: { type: 'plain_text', text: 'Extension' },
          element: { type: 'plain_text_input', action_id: 'value' },
        },
      ],
    };
    const opened = await client.views.open({ trigger_id: fake.triggerId({ user: ALICE.id }), view: modal });
    await client.views.update({
      view_id: opened.view?.id ?? '',
      hash: opened.view?.hash ?? '',
      view: { ...modal, title: { type: 'plain_text', text: 'Adding…' } },
    });
    await client.views.push({
      trigger_id: fake.triggerId({ user: ALICE.id, viewId: opened.view?.id ?? '' }),
      view: { ...modal, callback_id: 'confirm' },
    });

    const home = { type: 'home' as const, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Your phone' } }] };
    const published = await client.views.publish({ user_id: BOB.id, view: home });
    await client.views.publish({ user_id: BOB.id, view: home, hash: published.view?.hash ?? '' });

    await client.users.info({ user: ALICE.id, include_locale: true });
    await client.users.lookupByEmail({ email: BOB.email });
    await client.usergroups.users.list({ usergroup: 'SAPPROVERS' });
    const csv = fake.addFile({
      name: 'phones.csv',
      content: 'email,ext\nbob@corp.example,4021\n',
      user: ALICE.id,
      channel: OPS.id,
    });
    await client.files.info({ file: csv.id });
    await client.files.getUploadURLExternal({ filename: 'probe.txt', length: 5 });
    const step = () => fake.startFunction({ callbackId: 'greet', inputs: { user_id: ALICE.id } }).execution.id;
    await client.functions.completeSuccess({ function_execution_id: step(), outputs: { greeting: 'hi' } });
    await client.functions.completeError({ function_execution_id: step(), error: 'no greeting today' });
    await client.filesUploadV2({
      channel_id: OPS.id,
      thread_ts: parent.ts ?? '',
      filename: 'results.csv',
      title: 'Results',
      initial_comment: 'Import finished',
      content: 'email,status\nbob@corp.example,ok\n',
    });
  });

  afterAll(async () => {
    await fake.close();
  });

  function okCalls(method: string): RecordedCall[] {
    return fake.calls.filter((c) => c.method === method && c.response?.ok === true);
  }

  it('exercised every method the fake implements, each successfully', () => {
    const missing = Object.keys(METHODS).filter((m) => okCalls(m).length === 0);
    expect(missing).toEqual([]);
    expect(fake.calls.filter((c) => c.response?.ok !== true)).toEqual([]);
  });

  it('received only argument names Slack documents for each method', () => {
    const problems: string[] = [];
    for (const call of fake.calls) {
      const ops = spec.paths[`/${call.method}`];
      const allowed = new Set<string>(UNIVERSAL_ARGS);
      if (ops) {
        for (const op of Object.values(ops)) for (const p of op.parameters ?? []) allowed.add(p.name);
      } else {
        expect(NOT_IN_SPEC, `${call.method} is neither in the spec nor a listed exception`).toHaveProperty([
          call.method,
        ]);
        for (const a of DOCUMENTED_ARGS_NOT_IN_SPEC[call.method] ?? []) allowed.add(a);
      }
      for (const name of Object.keys(call.args)) if (!allowed.has(name)) problems.push(`${call.method}: ${name}`);
    }
    expect(problems).toEqual([]);
  });

  it('answers with every field the OpenAPI 200 schema requires', () => {
    const problems: string[] = [];
    for (const call of fake.calls) {
      for (const op of Object.values(spec.paths[`/${call.method}`] ?? {})) {
        const schema = op.responses?.['200']?.schema;
        if (schema)
          problems.push(...missingRequired(schema, call.response, spec.definitions).map((p) => `${call.method}: ${p}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it('has checks that can fail (a user without profile names is reported)', () => {
    const schema = spec.paths['/users.info']?.get?.responses?.['200']?.schema;
    expect(schema).toBeDefined();
    const broken = { ok: true, user: { id: 'U1', name: 'x', profile: { email: 'x@example.com' } } };
    expect(missingRequired(schema ?? {}, broken, spec.definitions)).toContain('user.profile.real_name');
    expect(missingSamplePaths({ a: { b: 1 }, c: [{ d: 1 }] }, { a: {}, c: [{}] }, [])).toEqual(['a.b', 'c[].d']);
  });

  it.each(Object.keys(SAMPLE_EXCLUSIONS).filter((m) => m !== '*'))(
    'answers %s with the fields of the java-slack-sdk sample',
    (method) => {
      const sample = readReferenceJson(`java-slack-sdk-samples/api/${method}.json`);
      const [call] = okCalls(method);
      expect(call, `no successful ${method} call recorded`).toBeDefined();
      const excluded = [...(SAMPLE_EXCLUSIONS['*'] ?? []), ...(SAMPLE_EXCLUSIONS[method] ?? [])];
      expect(missingSamplePaths(sample, call?.response, excluded)).toEqual([]);
    },
  );

  it('completes filesUploadV2 end to end: bytes, thread, comment, and a downloadable file', async () => {
    const upload = fake.uploads().find((u) => u.filename === 'results.csv');
    expect(upload).toMatchObject({ channel_id: OPS.id, initial_comment: 'Import finished', title: 'Results' });
    expect(upload?.thread_ts).toBe(fake.messages(OPS.id)[0]?.ts);
    expect(upload?.content.toString('utf8')).toBe('email,status\nbob@corp.example,ok\n');

    const [complete] = okCalls('files.completeUploadExternal');
    expect(complete?.args.files).toEqual([{ id: upload?.file_id, title: 'Results' }]);

    const info = await client.files.info({ file: upload?.file_id ?? '' });
    expect(info.file).toMatchObject({
      id: upload?.file_id,
      user: 'UBOT',
      name: 'results.csv',
      filetype: 'csv',
      channels: [OPS.id],
    });
    const res = await fetch(info.file?.url_private_download ?? '', {
      headers: { authorization: 'Bearer xoxb-test-token' },
    });
    expect(res.headers.get('content-type')).toBe('text/csv');
    expect(await res.text()).toBe('email,status\nbob@corp.example,ok\n');
  });
});
