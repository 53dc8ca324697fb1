import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorContext } from './context.js';
import { handleControl } from './control.js';
import { ZoomApiError } from './errors.js';
import { FaultQueue } from './faults.js';
import { checkLatency } from './latency.js';
import { newTrackingId } from './ids.js';
import { handleTokenRequest, TokenStore } from './oauth.js';
import { PageTokens } from './pagination.js';
import { acceptInvitation } from './provisioning.js';
import { portalControls } from './portal.js';
import { DEFAULT_DAILY_USER_CREATE_CAP, PER_SECOND_MESSAGE, RateLimiter } from './rate-limiter.js';
import { Router, type RouteResult } from './router.js';
import { deviceRoutes } from './routes/devices.js';
import { emergencyAddressRoutes } from './routes/emergency-addresses.js';
import { groupRoutes } from './routes/groups.js';
import { numberRoutes } from './routes/numbers.js';
import { phoneSettingsRoutes } from './routes/phone-settings.js';
import { phoneUserRoutes } from './routes/phone-users.js';
import { planRoutes } from './routes/plans.js';
import { siteRoutes } from './routes/sites.js';
import { userRoutes } from './routes/users.js';
import { buildState } from './seed.js';
import { Timers } from './timers.js';
import type {
  FaultSpec,
  Latency,
  RecordedCall,
  WebhookDelivery,
  WebhookTarget,
  ZoomEmulator,
  ZoomEmulatorOptions,
} from './types.js';
import { WebhookSender } from './webhooks.js';

const MAX_BODY_BYTES = 1024 * 1024;

/** Every route the emulator serves, for callers (and the contract test) that want to enumerate them. */
export const ROUTES = [
  ...userRoutes,
  ...phoneUserRoutes,
  ...planRoutes,
  ...numberRoutes,
  ...siteRoutes,
  ...emergencyAddressRoutes,
  ...deviceRoutes,
  ...groupRoutes,
  ...phoneSettingsRoutes,
];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, result: RouteResult, extraHeaders: Record<string, string>): void {
  if (res.destroyed) return;
  const headers: Record<string, string> = { ...extraHeaders, ...result.headers };
  if (result.body === undefined) {
    res.writeHead(result.status, { ...headers, 'content-length': '0' });
    res.end();
    return;
  }
  const isText = typeof result.body === 'string';
  const payload = isText ? (result.body as string) : JSON.stringify(result.body);
  const type = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')
    ? {}
    : { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json;charset=UTF-8' };
  res.writeHead(result.status, { ...headers, ...type, 'content-length': String(Buffer.byteLength(payload)) });
  res.end(payload);
}

function tryJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export async function startZoomEmulator(options: ZoomEmulatorOptions = {}): Promise<ZoomEmulator> {
  const now = options.now ?? (() => new Date());
  const plan = options.plan ?? 'business';
  const host = options.host ?? '127.0.0.1';
  const accountId = options.accountId ?? 'emu-account';
  const clientId = options.clientId ?? 'emu-client-id';
  const clientSecret = options.clientSecret ?? 'emu-client-secret';
  const ttlSeconds = options.tokenTtlSeconds ?? 3600;
  const log = options.log;

  const state = buildState(options.seed, accountId, now());
  const calls: RecordedCall[] = [];
  const webhookDeliveries: WebhookDelivery[] = [];
  let webhook: WebhookTarget | undefined = options.webhook;
  const webhooks = new WebhookSender({
    target: () => webhook,
    now,
    retryDelaysMs: options.webhookRetryDelaysMs ?? [100, 200, 400],
    timeoutMs: options.webhookTimeoutMs ?? 3000,
    deliveries: webhookDeliveries,
    log,
  });
  const tokens = new TokenStore(now, ttlSeconds);
  const limiter = new RateLimiter({
    plan,
    enabled: options.rateLimits ?? true,
    headers: options.rateLimitHeaders ?? true,
    now,
    dailyUserCreateCap: options.dailyUserCreateCap ?? DEFAULT_DAILY_USER_CREATE_CAP[plan],
    overrides: options.rateLimitOverrides,
  });
  const faults = new FaultQueue();
  const timers = new Timers();
  const router = new Router(ROUTES);
  const em: EmulatorContext = {
    state,
    now,
    pages: new PageTokens(now),
    webhooks,
    provisioningDelayMs: options.phoneUserProvisioningDelayMs ?? 0,
    log,
  };
  let baseUrl = '';

  let latencyNow: Latency | undefined = options.latencyMs;
  function latency(): Promise<void> {
    const l = latencyNow;
    if (l === undefined) return Promise.resolve();
    const ms = typeof l === 'number' ? l : l.min + Math.random() * (l.max - l.min);
    return timers.sleep(ms);
  }

  /** The Zoom side of a call: auth, routing, rate limits, then the handler. */
  async function answer(
    method: string,
    path: string,
    url: URL,
    req: IncomingMessage,
    raw: string,
    call: RecordedCall,
  ): Promise<RouteResult> {
    if (path === '/oauth/token') {
      const form = new URLSearchParams(
        (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded') ? raw : '',
      );
      return handleTokenRequest({ accountId, clientId, clientSecret, ttlSeconds, apiUrl: baseUrl }, tokens, {
        method,
        authorization: req.headers.authorization,
        query: url.searchParams,
        form,
      });
    }
    if (!path.startsWith('/v2/')) return { status: 404, body: { code: 404, message: 'Not Found' } };
    const auth = tokens.check(req.headers.authorization);
    if (auth !== 'ok')
      return {
        status: 401,
        body: { code: 124, message: auth === 'expired' ? 'Access token is expired.' : 'Invalid access token.' },
      };
    const match = router.match(method, path.slice('/v2'.length));
    if (!match) return { status: 400, body: { code: 2300, message: 'This API endpoint is not recognized.' } };
    const family = call.family === 'phone' ? 'phone' : 'general';
    const decision = limiter.check(family, match.route.label);
    if (!decision.ok) return { status: 429, body: decision.body, headers: decision.headers };
    let body: unknown;
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        return {
          status: 400,
          body: { code: 300, message: 'Request Body should be a valid JSON object.' },
          headers: decision.headers,
        };
      }
    }
    if (
      method === 'POST' &&
      match.route.pattern === '/users' &&
      (body as { action?: unknown } | undefined)?.action === 'create'
    ) {
      const daily = limiter.checkUserCreate(match.route.label);
      if (!daily.ok) return { status: 429, body: daily.body, headers: daily.headers };
    }
    try {
      const result = await match.route.handler({ em, params: match.params, query: url.searchParams, body });
      return { ...result, headers: { ...decision.headers, ...result.headers } };
    } catch (err) {
      if (err instanceof ZoomApiError) return { status: err.status, body: err.toBody(), headers: decision.headers };
      throw err;
    }
  }

  async function applyFault(
    fault: FaultSpec,
    req: IncomingMessage,
    res: ServerResponse,
    call: RecordedCall,
  ): Promise<void> {
    call.fault = fault.kind;
    log?.('fault injected', {
      kind: fault.kind,
      method: call.method,
      path: call.path,
      afterEffect: fault.afterEffect ?? false,
    });
    await timers.sleep(fault.delayMs ?? 0);
    switch (fault.kind) {
      case 'reset':
        call.status = 0;
        req.socket.destroy();
        return;
      case 'timeout':
        // Never answer; close() tears the socket down.
        call.status = 0;
        return;
      case 'empty':
        await latency();
        call.status = 200;
        send(res, { status: 200, headers: fault.headers }, { 'x-zm-trackingid': call.trackingId });
        return;
      case 'status': {
        const status = fault.status ?? 500;
        const body = fault.body ?? {
          code: status,
          message: status === 429 ? PER_SECOND_MESSAGE : (http.STATUS_CODES[status] ?? 'Error'),
        };
        await latency();
        call.status = status;
        send(res, { status, body, headers: fault.headers }, { 'x-zm-trackingid': call.trackingId });
        return;
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const path = url.pathname;
    const raw = await readBody(req);

    if (path === '/_emulator' || path.startsWith('/_emulator/')) {
      send(res, await handleControl(control, method, path, raw.trim() === '' ? undefined : tryJson(raw)), {});
      return;
    }

    const trackingId = newTrackingId();
    const isOauth = path === '/oauth/token';
    const call: RecordedCall = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      label: 'none',
      family: isOauth ? 'oauth' : path.startsWith('/v2/phone/') ? 'phone' : 'general',
      at: now(),
      trackingId,
    };
    if (path.startsWith('/v2/')) {
      const match = router.match(method, path.slice('/v2'.length));
      if (match) call.label = match.route.label;
    }
    if (raw.trim() !== '') call.body = isOauth ? Object.fromEntries(new URLSearchParams(raw)) : tryJson(raw);
    calls.push(call);

    const fault = faults.take(method, path);
    if (fault && !fault.afterEffect) {
      await applyFault(fault, req, res, call);
      return;
    }
    const result = await answer(method, path, url, req, raw, call);
    if (fault) {
      await applyFault(fault, req, res, call);
      return;
    }
    await latency();
    call.status = result.status;
    send(res, result, { 'x-zm-trackingid': trackingId });
    log?.('zoom emulator call', { method, path, status: result.status, ms: Math.round(performance.now() - started) });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log?.('zoom emulator internal error', { error: err instanceof Error ? err.stack : String(err) });
      send(res, { status: 500, body: { code: 500, message: 'Internal emulator error.' } }, {});
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const portal = portalControls(em);
  const control = {
    state,
    portal,
    calls,
    webhookDeliveries,
    pendingFaults: () => faults.pending,
    acceptInvitation: (emailOrId: string) => acceptInvitation(em, emailOrId),
    injectFault: (f: FaultSpec) => faults.add(f),
    clearFaults: () => faults.clear(),
    expireTokens: () => tokens.expireAll(),
    setWebhook: (w: WebhookTarget | undefined) => {
      webhook = w;
    },
    validateWebhookUrl: () => webhooks.validateUrl(),
    setLatency: (l: Latency | undefined) => {
      if (l !== undefined) checkLatency(l);
      latencyNow = l ?? options.latencyMs;
    },
    latency: () => latencyNow,
  };

  let closing: Promise<void> | undefined;
  const emulator: ZoomEmulator = {
    baseUrl,
    apiUrl: `${baseUrl}/v2`,
    oauthUrl: `${baseUrl}/oauth/token`,
    state,
    calls,
    webhookDeliveries,
    acceptInvitation: control.acceptInvitation,
    portal,
    injectFault: control.injectFault,
    clearFaults: control.clearFaults,
    expireTokens: control.expireTokens,
    setWebhook: control.setWebhook,
    validateWebhookUrl: control.validateWebhookUrl,
    flushWebhooks: () => webhooks.flush(),
    setLatency: control.setLatency,
    get latency() {
      return latencyNow;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        webhooks.close();
        timers.cancelAll();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
  log?.('zoom emulator listening', {
    baseUrl,
    plan,
    seed: typeof options.seed === 'string' ? options.seed : options.seed ? 'custom' : 'default',
  });
  return emulator;
}
