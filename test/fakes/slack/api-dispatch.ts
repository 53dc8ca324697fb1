import type { IncomingMessage, ServerResponse } from 'node:http';
import { faultReply, type FaultQueue } from './faults.js';
import { bearerToken, reply } from './http-reply.js';
import { fail, str, type ApiResponse } from './methods/method-context.js';
import { APP_TOKEN_METHODS, METHODS } from './methods/index.js';
import type { TierLimiter } from './rate-limits.js';
import { BodyError, parseApiArgs } from './request-body.js';
import type { Json, RecordedCall } from './types.js';
import type { Workspace } from './workspace.js';

export interface ApiDeps {
  ws: Workspace;
  calls: RecordedCall[];
  faults: FaultQueue;
  limiter: TierLimiter | undefined;
  botToken: string;
  appToken: string | undefined;
  socketModeUrl: string | undefined;
}

/** Slack reads the Authorization header first and falls back to a `token` argument. */
function tokenOf(req: IncomingMessage, args: Record<string, Json>): string | undefined {
  return bearerToken(req.headers.authorization) ?? str(args, 'token');
}

function authError(method: string, token: string | undefined, deps: ApiDeps): string | undefined {
  if (token === undefined || token === '') return 'not_authed';
  const wantsApp = APP_TOKEN_METHODS.has(method);
  if (token === deps.botToken) return wantsApp ? 'not_allowed_token_type' : undefined;
  if (deps.appToken !== undefined && token === deps.appToken) return wantsApp ? undefined : 'not_allowed_token_type';
  // A function_executed event's bot_access_token acts as the bot, for the app's own calls in that run.
  if (deps.ws.executionOfToken(token)) return wantsApp ? 'not_allowed_token_type' : undefined;
  return 'invalid_auth';
}

interface Outcome {
  status: number;
  headers: Record<string, string>;
  body: string;
  response: Json;
}

function jsonOutcome(response: ApiResponse, status = 200, headers: Record<string, string> = {}): Outcome {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(response),
    response,
  };
}

/** POST (or GET) `/api/<method>`: parse, authenticate, apply faults and limits, run, record. */
export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  raw: Buffer,
  query: URLSearchParams,
  baseUrl: string,
  deps: ApiDeps,
): Promise<void> {
  const at = new Date();
  let args: Record<string, Json> = {};
  let outcome: Outcome | undefined;
  try {
    args = await parseApiArgs(req, raw, query);
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    outcome = jsonOutcome(fail(err.code));
  }
  const token = tokenOf(req, args);
  if (!outcome) {
    const fault = deps.faults.take(method, true);
    if (fault) {
      const r = faultReply(fault);
      outcome = { ...r, response: safeJson(r.body) };
    } else {
      outcome = run(method, args, token, at, baseUrl, deps);
    }
  }
  deps.calls.push({ method, args, token, at, status: outcome.status, response: outcome.response });
  reply(res, outcome.status, outcome.headers, outcome.body);
}

function run(
  method: string,
  args: Record<string, Json>,
  token: string | undefined,
  at: Date,
  baseUrl: string,
  deps: ApiDeps,
): Outcome {
  const handler = METHODS[method];
  if (!handler) return jsonOutcome({ ok: false, error: 'unknown_method', req_method: method });
  const denied = authError(method, token, deps);
  if (denied) return jsonOutcome(fail(denied));
  const retryAfter = deps.limiter?.check(method, str(args, 'channel'), at.getTime());
  if (retryAfter !== undefined) return jsonOutcome(fail('ratelimited'), 429, { 'retry-after': String(retryAfter) });
  try {
    return jsonOutcome(
      handler({ ws: deps.ws, args, token, now: at.getTime(), baseUrl, socketModeUrl: deps.socketModeUrl }),
    );
  } catch (err) {
    // A bug in the fake must not pass for a Slack answer the app could legitimately handle.
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return jsonOutcome(fail('fake_slack_internal_error', [`[ERROR] ${message}`]), 500);
  }
}

function safeJson(body: string): Json {
  try {
    return JSON.parse(body);
  } catch {
    return { ok: false, error: body };
  }
}
