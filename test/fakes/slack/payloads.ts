import { randomBytes } from 'node:crypto';
import type { Json } from './types.js';

/**
 * Builders for the bodies Slack sends to the app, shaped after slack-bolt.md §4.3, §4.5, §6.1 and
 * the java-slack-sdk payload samples. Defaults match the fake's defaults (team T0TEST, bot UBOT).
 */

export const DEFAULT_TEAM_ID = 'T0TEST';
export const DEFAULT_API_APP_ID = 'A0FAKEAPP';
export const DEFAULT_BOT_USER_ID = 'UBOT';
export const DEFAULT_BOT_ID = 'BBOT';
/** Default response_url: a closed loopback port, so a forgotten `fake.responseUrl()` fails fast instead of hanging. */
export const UNSET_RESPONSE_URL = 'http://127.0.0.1:9/response-url-not-set';
/** The deprecated verification token Slack still puts in every payload. */
export const VERIFICATION_TOKEN = 'fake-verification-token';

let seq = 0;
function nextSeq(): number {
  seq += 1;
  return seq;
}

function actionTs(): string {
  const now = Date.now();
  return `${Math.floor(now / 1000)}.${String((now % 1000) * 1000 + (nextSeq() % 1000)).padStart(6, '0')}`;
}

/** Well-formed but unknown to any fake: views.open with it answers invalid_trigger_id. Pass `fake.triggerId()` instead. */
export function placeholderTriggerId(): string {
  return `${9_000_000_000 + nextSeq()}.0.${randomBytes(10).toString('hex')}`;
}

function userObject(user: string, teamId: string): Json {
  return { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: teamId };
}

function teamObject(teamId: string): Json {
  return { id: teamId, domain: 'fake-workspace' };
}

export interface BlockActionsArgs {
  user: string;
  actionId: string;
  value?: string;
  blockId?: string;
  channel?: string;
  messageTs?: string;
  triggerId?: string;
  responseUrl?: string;
  /** For buttons inside a modal: the view (e.g. `fake.views()[0].view`); makes the container a view. */
  view?: object;
  teamId?: string;
  /** The message the button sits on (e.g. from `fake.messages()`); defaults to a stub with `messageTs`. */
  message?: object;
  /** Extra or overriding fields of `actions[0]` (e.g. `{ type: 'static_select', selected_option }`). */
  action?: Record<string, Json>;
}

export function blockActionsPayload(args: BlockActionsArgs): object {
  const teamId = args.teamId ?? DEFAULT_TEAM_ID;
  const action: Record<string, Json> = {
    type: 'button',
    action_id: args.actionId,
    block_id: args.blockId ?? 'actions',
    text: { type: 'plain_text', text: args.actionId, emoji: true },
    action_ts: actionTs(),
    ...(args.value !== undefined ? { value: args.value } : {}),
    ...args.action,
  };
  const payload: Record<string, Json> = {
    type: 'block_actions',
    user: userObject(args.user, teamId),
    api_app_id: DEFAULT_API_APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: args.triggerId ?? placeholderTriggerId(),
    team: teamObject(teamId),
    enterprise: null,
    is_enterprise_install: false,
    actions: [action],
  };
  if (args.view !== undefined) {
    const view = args.view as Record<string, Json>;
    payload.container = { type: 'view', view_id: view.id };
    payload.view = view;
    payload.state = { values: {} };
  } else {
    const channel = args.channel ?? 'C0TEST';
    const ts = args.messageTs ?? (args.message as { ts?: string } | undefined)?.ts ?? '1700000000.000100';
    payload.container = { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false };
    payload.channel = { id: channel, name: channel.startsWith('D') ? 'directmessage' : 'phonebot-test' };
    payload.message = args.message ?? {
      type: 'message',
      ts,
      text: '',
      user: DEFAULT_BOT_USER_ID,
      bot_id: DEFAULT_BOT_ID,
      blocks: [],
    };
    payload.state = { values: {} };
    payload.response_url = args.responseUrl ?? UNSET_RESPONSE_URL;
  }
  return payload;
}

export interface ViewSubmissionArgs {
  user: string;
  callbackId: string;
  privateMetadata?: string;
  /** `state.values`: block_id → action_id → element state, e.g. `{ type: 'plain_text_input', value: 'x' }`. */
  values: Record<string, Record<string, object>>;
  viewId?: string;
  triggerId?: string;
  teamId?: string;
  /** The opened view (e.g. `fake.views()[0].view`) to start from; explicit args still win. */
  view?: object;
}

export function viewSubmissionPayload(args: ViewSubmissionArgs): object {
  const teamId = args.teamId ?? DEFAULT_TEAM_ID;
  const base = (args.view ?? {}) as Record<string, Json>;
  const viewId = args.viewId ?? (typeof base.id === 'string' ? base.id : `V${String(nextSeq()).padStart(10, '0')}`);
  const view: Record<string, Json> = {
    id: viewId,
    team_id: teamId,
    type: 'modal',
    blocks: [],
    title: { type: 'plain_text', text: 'Phone', emoji: true },
    submit: { type: 'plain_text', text: 'Submit', emoji: true },
    close: { type: 'plain_text', text: 'Cancel', emoji: true },
    clear_on_close: false,
    notify_on_close: false,
    submit_disabled: false,
    previous_view_id: null,
    root_view_id: viewId,
    app_id: DEFAULT_API_APP_ID,
    external_id: '',
    app_installed_team_id: teamId,
    bot_id: DEFAULT_BOT_ID,
    hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
    ...base,
    callback_id: args.callbackId,
    private_metadata: args.privateMetadata ?? (typeof base.private_metadata === 'string' ? base.private_metadata : ''),
    state: { values: args.values },
  };
  return {
    type: 'view_submission',
    team: teamObject(teamId),
    user: userObject(args.user, teamId),
    api_app_id: DEFAULT_API_APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: args.triggerId ?? placeholderTriggerId(),
    view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export interface MessageActionArgs {
  user: string;
  callbackId: string;
  /** The message the shortcut was used on (e.g. from `fake.postUserMessage`). */
  message: { ts: string; text: string; user?: string; thread_ts?: string };
  channel: string;
  triggerId?: string;
  responseUrl?: string;
  teamId?: string;
}

/** A message shortcut ("…" menu on a message), shaped after Slack's message_action payload reference. */
export function messageActionPayload(args: MessageActionArgs): object {
  const teamId = args.teamId ?? DEFAULT_TEAM_ID;
  return {
    type: 'message_action',
    token: VERIFICATION_TOKEN,
    action_ts: actionTs(),
    team: teamObject(teamId),
    user: userObject(args.user, teamId),
    channel: { id: args.channel, name: args.channel.startsWith('D') ? 'directmessage' : 'phonebot-test' },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: args.callbackId,
    trigger_id: args.triggerId ?? placeholderTriggerId(),
    response_url: args.responseUrl ?? UNSET_RESPONSE_URL,
    message_ts: args.message.ts,
    message: {
      type: 'message',
      user: args.message.user ?? 'UHUMAN01',
      ts: args.message.ts,
      text: args.message.text,
      ...(args.message.thread_ts ? { thread_ts: args.message.thread_ts } : {}),
    },
  };
}

export interface EventEnvelopeArgs {
  event: Record<string, Json>;
  eventId?: string;
  teamId?: string;
  apiAppId?: string;
  /** User id in `authorizations` (the installation's bot user). */
  botUserId?: string;
}

/** An `event_callback` envelope around any event. */
export function eventEnvelope(args: EventEnvelopeArgs): object {
  const teamId = args.teamId ?? DEFAULT_TEAM_ID;
  return {
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: args.apiAppId ?? DEFAULT_API_APP_ID,
    event: args.event,
    type: 'event_callback',
    event_id: args.eventId ?? `Ev${String(nextSeq()).padStart(9, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: args.botUserId ?? DEFAULT_BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(12).toString('base64url')}`,
  };
}

export interface FileSharedArgs {
  fileId: string;
  userId: string;
  channelId: string;
  eventId?: string;
  teamId?: string;
  apiAppId?: string;
  botUserId?: string;
}

export function fileSharedEnvelope(args: FileSharedArgs): object {
  return eventEnvelope({
    event: {
      type: 'file_shared',
      file_id: args.fileId,
      user_id: args.userId,
      file: { id: args.fileId },
      channel_id: args.channelId,
      event_ts: actionTs(),
    },
    ...(args.eventId !== undefined ? { eventId: args.eventId } : {}),
    ...(args.teamId !== undefined ? { teamId: args.teamId } : {}),
    ...(args.apiAppId !== undefined ? { apiAppId: args.apiAppId } : {}),
    ...(args.botUserId !== undefined ? { botUserId: args.botUserId } : {}),
  });
}

export interface FunctionExecutedArgs {
  callbackId: string;
  inputs: Record<string, Json>;
  functionExecutionId: string;
  workflowExecutionId: string;
  botAccessToken: string;
  /** The step's manifest entry; its parameters become the event's `function` object. */
  definition?: {
    title: string;
    description?: string;
    input_parameters: Record<string, object>;
    output_parameters: Record<string, object>;
  };
  eventId?: string;
  teamId?: string;
  apiAppId?: string;
}

/** The manifest's parameter map as the event lists it: an array of { name, …declaration }. */
const parameterList = (params: Record<string, object> = {}): Json[] =>
  Object.entries(params).map(([name, p]) => ({ name, ...p }));

/**
 * A function_executed envelope, shaped after the event's reference page
 * (https://docs.slack.dev/reference/events/function_executed/): the step's definition, its inputs, the ids
 * of the function and workflow runs, and a bot_access_token for this run.
 */
export function functionExecutedEnvelope(args: FunctionExecutedArgs): object {
  const now = Math.floor(Date.now() / 1000);
  return eventEnvelope({
    event: {
      type: 'function_executed',
      function: {
        id: `Fn${randomBytes(5).toString('hex').toUpperCase()}`,
        callback_id: args.callbackId,
        title: args.definition?.title ?? args.callbackId,
        description: args.definition?.description ?? '',
        type: 'app',
        input_parameters: parameterList(args.definition?.input_parameters),
        output_parameters: parameterList(args.definition?.output_parameters),
        app_id: args.apiAppId ?? DEFAULT_API_APP_ID,
        date_created: now - 86_400,
        date_updated: now - 3_600,
        date_deleted: 0,
      },
      inputs: args.inputs,
      function_execution_id: args.functionExecutionId,
      workflow_execution_id: args.workflowExecutionId,
      event_ts: actionTs(),
      bot_access_token: args.botAccessToken,
    },
    ...(args.eventId !== undefined ? { eventId: args.eventId } : {}),
    ...(args.teamId !== undefined ? { teamId: args.teamId } : {}),
    ...(args.apiAppId !== undefined ? { apiAppId: args.apiAppId } : {}),
  });
}

export interface AppHomeOpenedArgs {
  userId: string;
  /** 'home' (default) or 'messages': the event fires for either tab. */
  tab?: 'home' | 'messages';
  /** The Home view Slack currently shows the user (absent before the first views.publish). */
  view?: Json;
  eventId?: string;
  teamId?: string;
  apiAppId?: string;
  botUserId?: string;
}

/**
 * `app_home_opened` (https://api.slack.com/events/app_home_opened): the user opened one of the app's tabs.
 * `channel` is the user's DM with the app; `view` is present once a Home view was published for them.
 */
export function appHomeOpenedEnvelope(args: AppHomeOpenedArgs): object {
  return eventEnvelope({
    event: {
      type: 'app_home_opened',
      user: args.userId,
      channel: `D${args.userId.replace(/^[UW]/, '')}`,
      tab: args.tab ?? 'home',
      event_ts: actionTs(),
      ...(args.view !== undefined ? { view: args.view } : {}),
    },
    ...(args.eventId !== undefined ? { eventId: args.eventId } : {}),
    ...(args.teamId !== undefined ? { teamId: args.teamId } : {}),
    ...(args.apiAppId !== undefined ? { apiAppId: args.apiAppId } : {}),
    ...(args.botUserId !== undefined ? { botUserId: args.botUserId } : {}),
  });
}
