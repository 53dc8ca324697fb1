import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, LogLevel } from '@slack/bolt';
import {
  blockActionsPayload,
  fileSharedEnvelope,
  sendAction,
  sendCommand,
  sendEvent,
  sendViewSubmission,
  viewSubmissionPayload,
  type SlackFake,
} from '../index.js';
import { ALICE, BOT_TOKEN, OPS, startFixtureFake } from './support.js';

const SECRET = 'bolt-signing-secret';

/** The fake and the signing helpers driving a real Bolt 5 app in HTTP mode, as phonebot's e2e tests will. */
describe('a real Bolt HTTP app against the fake', () => {
  let fake: SlackFake;
  let app: App;
  let appUrl: string;

  beforeAll(async () => {
    fake = await startFixtureFake();
    app = new App({
      token: BOT_TOKEN,
      signingSecret: SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/phone', async ({ ack, body, client, respond }) => {
      await ack();
      await client.views.open({
        trigger_id: body.trigger_id,
        view: {
          type: 'modal',
          callback_id: 'add_phone',
          private_metadata: body.channel_id,
          title: { type: 'plain_text', text: 'Add phone' },
          submit: { type: 'plain_text', text: 'Add' },
          blocks: [
            {
              type: 'input',
              block_id: 'ext',
              label: { type: 'plain_text', text: 'Extension' },
              element: { type: 'plain_text_input', action_id: 'value' },
            },
          ],
        },
      });
      await respond({ text: `Working on: ${body.text}` });
    });
    app.view('add_phone', async ({ ack, view }) => {
      const ext = view.state.values.ext?.value?.value ?? '';
      if (!/^\d{4}$/.test(ext)) await ack({ response_action: 'errors', errors: { ext: 'Four digits, please' } });
      else await ack();
    });
    app.action('approve', async ({ ack, body, client }) => {
      await ack();
      if (body.type === 'block_actions' && body.channel && body.message) {
        await client.chat.update({
          channel: body.channel.id,
          ts: body.message.ts,
          text: `Approved by <@${body.user.id}>`,
        });
      }
    });
    app.event('file_shared', async ({ event, client }) => {
      const info = await client.files.info({ file: event.file_id });
      const res = await fetch(info.file?.url_private_download ?? '', {
        headers: { authorization: `Bearer ${BOT_TOKEN}` },
      });
      const rows = (await res.text()).trim().split('\n').length - 1;
      await client.filesUploadV2({ channel_id: event.channel_id, filename: 'results.csv', content: `rows,${rows}\n` });
    });
    const server = (await app.start(0)) as Server;
    appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  it('acks a signed /phone, opens the modal with the trigger and answers on the response_url', async () => {
    const res = await sendCommand(appUrl, SECRET, {
      text: 'add bob@corp.example ext 4021',
      user_id: ALICE.id,
      channel_id: OPS.id,
      trigger_id: fake.triggerId({ user: ALICE.id }),
      response_url: fake.responseUrl(),
    });
    expect(res.status).toBe(200);
    const view = await fake.waitFor(() => fake.views()[0], { message: 'modal never opened' });
    expect(view).toMatchObject({ user: ALICE.id, view: { callback_id: 'add_phone', private_metadata: OPS.id } });
    const [response] = await fake.waitFor(() => (fake.responses().length > 0 ? fake.responses() : undefined));
    expect(response?.body).toMatchObject({ text: 'Working on: add bob@corp.example ext 4021' });
    // Bolt's per-team client adds team_id to every call
    expect(fake.calls.find((c) => c.method === 'views.open')?.args.team_id).toBe('T0TEST');
  });

  it('returns view_submission errors in the ack body', async () => {
    const view = await fake.waitFor(() => fake.views()[0]);
    const res = await sendViewSubmission(
      appUrl,
      SECRET,
      viewSubmissionPayload({
        user: ALICE.id,
        callbackId: 'add_phone',
        view: view.view,
        values: { ext: { value: { type: 'plain_text_input', value: '12' } } },
      }),
    );
    expect(res).toMatchObject({
      status: 200,
      json: { response_action: 'errors', errors: { ext: 'Four digits, please' } },
    });
  });

  it('handles a button click by updating the message it sits on', async () => {
    const posted = await app.client.chat.postMessage({ channel: OPS.id, text: 'Approve request 1?' });
    const res = await sendAction(
      appUrl,
      SECRET,
      blockActionsPayload({
        user: ALICE.id,
        actionId: 'approve',
        value: 'req-1',
        channel: OPS.id,
        messageTs: posted.ts ?? '',
      }),
    );
    expect(res.status).toBe(200);
    const msg = await fake.waitFor(() => fake.messages(OPS.id).find((m) => m.ts === posted.ts && m.updates > 0));
    expect(msg.history.map((h) => h.text)).toEqual(['Approve request 1?', `Approved by <@${ALICE.id}>`]);
  });

  it('processes a file_shared event: files.info, authorized download, filesUploadV2', async () => {
    const file = fake.addFile({
      name: 'phones.csv',
      content: 'email,ext\na@x,1001\nb@x,1002\n',
      user: ALICE.id,
      channel: OPS.id,
    });
    const res = await sendEvent(
      appUrl,
      SECRET,
      fileSharedEnvelope({ fileId: file.id, userId: ALICE.id, channelId: OPS.id }),
    );
    expect(res.status).toBe(200);
    const upload = await fake.waitFor(() => fake.uploads()[0], { message: 'results never uploaded' });
    expect(upload).toMatchObject({ filename: 'results.csv', channel_id: OPS.id });
    expect(upload.content.toString()).toBe('rows,2\n');
    expect(fake.downloads()).toMatchObject([{ fileId: file.id, authorized: true }]);
  });

  it('is rejected by Bolt when unsigned, stale or sent with a charset', async () => {
    const cmd = { text: 'x', user_id: ALICE.id, channel_id: OPS.id };
    expect((await sendCommand(appUrl, SECRET, cmd, { signature: null })).status).toBe(401);
    expect((await sendCommand(appUrl, SECRET, cmd, { ts: Math.floor(Date.now() / 1000) - 301 })).status).toBe(401);
    expect((await sendCommand(appUrl, 'wrong-secret', cmd)).status).toBe(401);
    expect(
      (await sendCommand(appUrl, SECRET, cmd, { contentType: 'application/x-www-form-urlencoded; charset=UTF-8' }))
        .status,
    ).toBe(400);
  });
});
