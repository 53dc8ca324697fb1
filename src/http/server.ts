// phonebot's one HTTP server on PORT: /slack/events (HTTP mode), /zoom/webhook, /healthz, /metrics.
// Slack requests are verified here before Bolt sees them (signature over the raw body, 5-minute freshness,
// no replays) so a forged request is refused with 401 and never reaches a listener. These routes answer
// anyone on the network, so each costs little before it is authenticated: a body over BODY_LIMIT is refused
// with 413 from its Content-Length (or as soon as it grows past the limit), and /metrics reads memory only.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { isValidSlackRequest } from '@slack/bolt';
import { type Logger, withRequestId } from '../log.js';
import type { ReplayGuard } from './replay-guard.js';

/**
 * Largest request body accepted on a POST route. Slack's biggest payloads are view submissions and block
 * actions that carry a whole message or modal (at most 100 blocks of ≤3,000 characters, ~300 KB even
 * URL-encoded); Zoom's webhooks are a few KB. 1 MiB leaves room for both and bounds what an unauthenticated
 * sender can make phonebot hold in memory.
 */
export const BODY_LIMIT = 1024 * 1024;

export interface HttpRoutes {
  slack?: {
    signingSecret: string;
    handler: RequestListener;
    /** Slash commands are acknowledged here and handed to Bolt afterwards (see slackRoute). */
    dispatchCommand?: (body: Record<string, string>) => Promise<void>;
    onResult?: (result: string) => void;
  };
  zoomWebhook?: (rawBody: string, headers: IncomingMessage['headers']) => Promise<{ status: number; body?: unknown }>;
  health: () => Promise<boolean>;
  metrics: () => Promise<string>;
  /** Set → /metrics requires `Authorization: Bearer <token>` (METRICS_TOKEN). */
  metricsToken?: string;
  /** Time to the answer of each accepted Slack request (ack latency) and of each Zoom webhook delivery. */
  onAck?: (kind: 'command' | 'interaction' | 'event', seconds: number) => void;
  onZoomWebhook?: (seconds: number) => void;
  replay: ReplayGuard;
  log: Logger;
}

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage, limit = BODY_LIMIT): Promise<Buffer> {
  // Refused before a byte of the body is read: a sender announcing 1 GB is not made to upload it first.
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body?: unknown, contentType = 'application/json'): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': contentType }).end(text);
}

// Work that follows an ack waits until a burst of requests has been acknowledged (no new one for 20 ms, at
// most a quarter of a second): the acks of a hundred simultaneous commands go out first. The waiting work
// is then started one piece per turn of the event loop (setImmediate), so a request that arrives meanwhile
// is read and acknowledged between two pieces instead of waiting behind all of them.
const QUIET_MS = 20;
const pending: (() => void)[] = [];
let quietTimer: NodeJS.Timeout | undefined;
let firstQueuedAt = 0;
let draining = false;
function drain(): void {
  const next = pending.shift();
  if (!next) {
    draining = false;
    return;
  }
  next();
  setImmediate(drain);
}
function afterBurst(fn: () => void): void {
  if (pending.length === 0) firstQueuedAt = Date.now();
  pending.push(fn);
  if (draining) return;
  clearTimeout(quietTimer);
  const wait = Math.max(0, Math.min(QUIET_MS, 250 - (Date.now() - firstQueuedAt)));
  quietTimer = setTimeout(() => {
    draining = true;
    drain();
  }, wait);
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/** Compares through fixed-length digests so neither the token's length nor its prefix leaks in timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function metricsAllowed(routes: HttpRoutes, req: IncomingMessage): boolean {
  if (!routes.metricsToken) return true;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return !!m && sameSecret(m[1]!, routes.metricsToken);
}

async function slackRoute(
  routes: HttpRoutes,
  req: IncomingMessage,
  res: ServerResponse,
  started: bigint,
): Promise<void> {
  const slack = routes.slack!;
  const raw = await readBody(req);
  const body = raw.toString('utf8');
  const signature = req.headers['x-slack-signature'];
  const ts = Number(req.headers['x-slack-request-timestamp']);
  const valid =
    typeof signature === 'string' &&
    Number.isFinite(ts) &&
    isValidSlackRequest({
      signingSecret: slack.signingSecret,
      body,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts },
    }) &&
    // Bolt only refuses old timestamps; one far in the future is as suspicious.
    ts * 1000 < Date.now() + 5 * 60_000;
  if (!valid) {
    slack.onResult?.('unauthorized');
    routes.log.warn({ path: req.url }, 'refused a Slack request with a missing, invalid or stale signature');
    send(res, 401);
    return;
  }
  const verdict = routes.replay.check(`slack:${signature}`);
  const refuseReplay = () => {
    slack.onResult?.('replayed');
    routes.log.warn({ path: req.url }, 'refused a replayed Slack request');
    send(res, 401);
  };
  if (!verdict.fresh) return refuseReplay();
  const form =
    req.headers['content-type'] === 'application/x-www-form-urlencoded' ? new URLSearchParams(body) : undefined;
  if (slack.dispatchCommand && form?.has('command') && !form.has('payload')) {
    // A slash command is acknowledged before Bolt sees it: its answers go through response_url anyway,
    // and a burst of commands then costs one signature check each, not a trip through Bolt. Before the
    // ack run only the signature check and this replica's in-memory replay check (a replay to the same
    // replica gets 401). The database record that other replicas consult is written after the ack but
    // before any work: a replay sent to another replica is acknowledged there (it cannot know yet) and its
    // work is dropped, because the unique key lets exactly one replica's insert succeed — so the command
    // runs once however the copies are spread. Interactions keep the record before Bolt (below): their
    // ack can carry the listener's answer (view errors), so Bolt must see them before they are answered.
    slack.onResult?.('accepted');
    send(res, 200);
    routes.onAck?.('command', seconds(started));
    const command = Object.fromEntries(form);
    afterBurst(
      () =>
        void verdict
          .everywhere()
          .then((fresh) =>
            fresh
              ? slack.dispatchCommand!(command)
              : routes.log.warn('dropped a slash command replayed across replicas'),
          )
          .catch((err: Error) => routes.log.error({ err }, 'slash command failed')),
    );
    return;
  }
  if (!(await verdict.everywhere())) return refuseReplay();
  slack.onResult?.('accepted');
  const kind = form?.has('payload') ? 'interaction' : 'event';
  res.once('finish', () => routes.onAck?.(kind, seconds(started)));
  // Bolt reads the body from `rawBody` when present (it was consumed above) and verifies it again.
  (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
  slack.handler(req, res);
}

export function createHttpServer(routes: HttpRoutes): Server {
  return createServer((req, res) => {
    const started = process.hrtime.bigint();
    withRequestId(async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      try {
        if (req.method === 'POST' && url.pathname === '/slack/events' && routes.slack)
          return await slackRoute(routes, req, res, started);
        if (req.method === 'POST' && url.pathname === '/zoom/webhook' && routes.zoomWebhook) {
          const raw = (await readBody(req)).toString('utf8');
          const out = await routes.zoomWebhook(raw, req.headers);
          send(res, out.status, out.body);
          return routes.onZoomWebhook?.(seconds(started));
        }
        if (req.method === 'GET' && url.pathname === '/healthz') {
          const ok = await routes.health();
          return send(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unhealthy', database: ok ? 'up' : 'down' });
        }
        if (req.method === 'GET' && url.pathname === '/metrics') {
          if (!metricsAllowed(routes, req)) {
            res
              .writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"', 'content-type': 'application/json' })
              .end(JSON.stringify({ error: 'metrics_token_required' }));
            return;
          }
          return send(res, 200, await routes.metrics(), 'text/plain; version=0.0.4; charset=utf-8');
        }
        send(res, 404, { error: 'not_found' });
      } catch (err) {
        if (err instanceof BodyTooLarge) {
          // Closing the connection stops the sender; Node discards what it still sends instead of storing it.
          res
            .writeHead(413, { connection: 'close', 'content-type': 'application/json' })
            .end(JSON.stringify({ error: 'body_too_large', limitBytes: BODY_LIMIT }));
          return;
        }
        routes.log.error({ err, path: url.pathname }, 'HTTP handler failed');
        if (!res.headersSent) send(res, 500, { error: 'internal_error' });
      }
    });
  });
}
