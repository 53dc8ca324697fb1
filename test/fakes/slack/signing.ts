import { createHmac } from 'node:crypto';
import {
  DEFAULT_API_APP_ID,
  DEFAULT_TEAM_ID,
  UNSET_RESPONSE_URL,
  VERIFICATION_TOKEN,
  placeholderTriggerId,
} from './payloads.js';
import type { Json } from './types.js';

/**
 * Builds Slack → app HTTP requests the way Slack sends them (slack-bolt.md §1.1–1.3): the body is
 * signed exactly as sent, and form bodies carry `application/x-www-form-urlencoded` with no
 * charset parameter, because Bolt's HTTPReceiver compares the content type with `===`.
 */

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const SLACK_USER_AGENT = 'Slackbot 1.0 (+https://api.slack.com/robots)';

export interface SendOptions {
  /** Unix seconds used for signing; default now. */
  ts?: number;
  /** A string replaces the computed signature; `null` omits both signing headers. */
  signature?: string | null;
  /** Override the content type, e.g. to reproduce the `; charset=UTF-8` trap. */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface EventSendOptions extends SendOptions {
  retryNum?: number;
  retryReason?: string;
}

export interface SendResult {
  status: number;
  body: string;
  /** Parsed body when it is JSON. */
  json?: Json;
  headers: Record<string, string>;
}

export interface CommandInput {
  text: string;
  user_id: string;
  channel_id: string;
  user_name?: string;
  command?: string;
  response_url?: string;
  trigger_id?: string;
  team_id?: string;
  team_domain?: string;
  channel_name?: string;
  api_app_id?: string;
}

export function signRequest(
  secret: string,
  body: string,
  ts: number = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const digest = createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
  return { 'x-slack-signature': `v0=${digest}`, 'x-slack-request-timestamp': String(ts) };
}

function eventsUrl(appUrl: string): string {
  return `${appUrl.replace(/\/+$/, '')}/slack/events`;
}

async function postSigned(
  appUrl: string,
  secret: string,
  body: string,
  contentType: string,
  opts: SendOptions,
  extra: Record<string, string> = {},
): Promise<SendResult> {
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? contentType,
    'user-agent': SLACK_USER_AGENT,
    ...extra,
    ...opts.headers,
  };
  if (opts.signature !== null) {
    const signed = signRequest(secret, body, opts.ts);
    if (opts.signature !== undefined) signed['x-slack-signature'] = opts.signature;
    Object.assign(headers, signed);
  }
  const res = await fetch(eventsUrl(appUrl), { method: 'POST', headers, body });
  const text = await res.text();
  const result: SendResult = { status: res.status, body: text, headers: Object.fromEntries(res.headers.entries()) };
  if (text !== '') {
    try {
      result.json = JSON.parse(text);
    } catch {
      // not JSON (e.g. a plain-text ack); `body` has it
    }
  }
  return result;
}

/** Slash command: flat form fields, all strings, in the order Slack sends them. */
export async function sendCommand(
  appUrl: string,
  secret: string,
  cmd: CommandInput,
  opts: SendOptions = {},
): Promise<SendResult> {
  const channelName = cmd.channel_name ?? (cmd.channel_id.startsWith('D') ? 'directmessage' : 'phonebot-test');
  const form = new URLSearchParams({
    token: VERIFICATION_TOKEN,
    team_id: cmd.team_id ?? DEFAULT_TEAM_ID,
    team_domain: cmd.team_domain ?? 'fake-workspace',
    channel_id: cmd.channel_id,
    channel_name: channelName,
    user_id: cmd.user_id,
    user_name: cmd.user_name ?? cmd.user_id.toLowerCase(),
    command: cmd.command ?? '/phone',
    text: cmd.text,
    api_app_id: cmd.api_app_id ?? DEFAULT_API_APP_ID,
    is_enterprise_install: 'false',
    response_url: cmd.response_url ?? UNSET_RESPONSE_URL,
    trigger_id: cmd.trigger_id ?? placeholderTriggerId(),
  });
  return postSigned(appUrl, secret, form.toString(), FORM_CONTENT_TYPE, opts);
}

/** Interactivity payloads travel as a single form field `payload=<URL-encoded JSON>`. */
function interactivityBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export async function sendAction(
  appUrl: string,
  secret: string,
  payload: object,
  opts: SendOptions = {},
): Promise<SendResult> {
  return postSigned(appUrl, secret, interactivityBody(payload), FORM_CONTENT_TYPE, opts);
}

export async function sendViewSubmission(
  appUrl: string,
  secret: string,
  payload: object,
  opts: SendOptions = {},
): Promise<SendResult> {
  return postSigned(appUrl, secret, interactivityBody(payload), FORM_CONTENT_TYPE, opts);
}

/** Events API: JSON body; retries carry X-Slack-Retry-Num / X-Slack-Retry-Reason. */
export async function sendEvent(
  appUrl: string,
  secret: string,
  envelope: object,
  opts: EventSendOptions = {},
): Promise<SendResult> {
  const extra: Record<string, string> = {};
  if (opts.retryNum !== undefined) {
    extra['x-slack-retry-num'] = String(opts.retryNum);
    extra['x-slack-retry-reason'] = opts.retryReason ?? 'http_timeout';
  } else if (opts.retryReason !== undefined) {
    extra['x-slack-retry-reason'] = opts.retryReason;
  }
  return postSigned(appUrl, secret, JSON.stringify(envelope), 'application/json', opts, extra);
}
