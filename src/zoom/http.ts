// The one place phonebot talks HTTP to Zoom: authentication, pacing per rate-limit label, timeouts,
// retries (429 honouring Retry-After, 5xx and network failures with jittered backoff) and error mapping.
// A write whose outcome is unknown is never repeated here; it surfaces as ZoomUncertainError.
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ZoomApiError, ZoomAuthError, ZoomUncertainError } from '../domain/zoom-errors.js';
import { refusalKind } from './refusals.js';
import type { TokenProvider } from './oauth.js';
import { Pacer, type RatePlan, ratePerSecond, routeFor } from './rate-limits.js';
import { recordZoomCall } from '../domain/zoom-call-trace.js';

export interface ZoomCallEvent {
  method: string;
  route: string;
  label: string;
  family: string;
  status: number | 'network';
  durationMs: number;
}

export interface ZoomHttpOptions {
  apiUrl: string;
  tokens: TokenProvider;
  plan: RatePlan;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Fraction of the published rate to pace at: the budget is shared with the account's other apps. */
  rateShare?: number;
  onCall?: (event: ZoomCallEvent) => void;
  /** Sleeps between retries (tests shorten them); pacing waits are always real. */
  sleepImpl?: (ms: number) => Promise<unknown>;
}

export interface ZoomRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

export interface ZoomResponse {
  status: number;
  body: unknown;
  trackingId?: string;
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 8_000;
const LONGEST_WAIT_MS = 60_000;

export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function backoff(attempt: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
  return ceiling / 2 + randomInt(Math.max(1, Math.floor(ceiling / 2)));
}

function networkReason(err: unknown): { reason: string; neverSent: boolean } {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return { reason: 'timed out', neverSent: false };
  const code = e.cause?.code ?? '';
  // The connection was refused or the host not found: the request never left.
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { reason: code, neverSent: true };
  return { reason: code || e.cause?.message || e.message || 'network error', neverSent: false };
}

export class ZoomHttp {
  private readonly pacers = new Map<string, Pacer>();
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<unknown>;
  private pacing = 0;

  constructor(private readonly opts: ZoomHttpOptions) {
    this.fetchImpl = opts.fetchImpl ?? fetch;
    this.sleep = opts.sleepImpl ?? ((ms) => sleep(ms));
  }

  /** Calls waiting for their rate-limit slot right now (the queue depth /metrics shows as zoom_pacer). */
  get waitingForPacer(): number {
    return this.pacing;
  }

  private pacer(family: string, label: string, rate: number): Pacer {
    const key = `${family}:${label}`;
    let pacer = this.pacers.get(key);
    if (!pacer) {
      pacer = new Pacer(rate);
      this.pacers.set(key, pacer);
    }
    return pacer;
  }

  async request(req: ZoomRequest): Promise<ZoomResponse> {
    const route = routeFor(req.method, req.path);
    const rate = ratePerSecond(this.opts.plan, route.family, route.label) * (this.opts.rateShare ?? 0.95);
    const pacer = this.pacer(route.family, route.label, rate);
    const url = new URL(this.opts.apiUrl.replace(/\/+$/, '') + req.path);
    for (const [k, v] of Object.entries(req.query ?? {}))
      if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const isRead = req.method === 'GET';
    const maxAttempts = this.opts.maxAttempts ?? 6;
    let refreshedToken = false;

    for (let attempt = 0; ; attempt++) {
      // Token first: a slot reserved while waiting for a token would be spent in a burst afterwards.
      const token = await this.opts.tokens.get();
      const wait = pacer.reserve();
      if (wait > 0) {
        this.pacing++;
        try {
          await sleep(wait);
        } finally {
          this.pacing--;
        }
      }
      const started = Date.now();
      let res: Response;
      let text: string;
      try {
        res = await this.fetchImpl(url, {
          method: req.method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 20_000),
        });
        text = await res.text();
      } catch (err) {
        const { reason, neverSent } = networkReason(err);
        this.opts.onCall?.({
          method: req.method,
          route: route.pattern,
          label: route.label,
          family: route.family,
          status: 'network',
          durationMs: Date.now() - started,
        });
        recordZoomCall({ method: req.method, path: req.path, status: 0 });
        if ((isRead || neverSent) && attempt + 1 < maxAttempts) {
          await this.sleep(backoff(attempt));
          continue;
        }
        throw new ZoomUncertainError(req.method, req.path, reason);
      }
      const trackingId = res.headers.get('x-zm-trackingid') ?? undefined;
      this.opts.onCall?.({
        method: req.method,
        route: route.pattern,
        label: route.label,
        family: route.family,
        status: res.status,
        durationMs: Date.now() - started,
      });
      recordZoomCall({ method: req.method, path: req.path, status: res.status, trackingId });

      let body: unknown;
      if (text.trim()) {
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
      }
      if (res.ok) {
        // A 200 that should carry JSON but does not is a broken answer, not a success.
        if (res.status !== 204 && text.trim() && body === undefined) {
          if (isRead && attempt + 1 < maxAttempts) {
            await this.sleep(backoff(attempt));
            continue;
          }
          throw new ZoomUncertainError(req.method, req.path, 'unreadable response body', res.status, trackingId);
        }
        if (isRead && res.status === 200 && !text.trim()) {
          if (attempt + 1 < maxAttempts) {
            await this.sleep(backoff(attempt));
            continue;
          }
          throw new ZoomUncertainError(req.method, req.path, 'empty response body', res.status, trackingId);
        }
        return { status: res.status, body, trackingId };
      }

      const errBody = (body ?? {}) as { code?: unknown; message?: unknown };
      const code = typeof errBody.code === 'number' ? errBody.code : undefined;
      const message = typeof errBody.message === 'string' ? errBody.message : text.slice(0, 200) || res.statusText;

      if (res.status === 401 && (code === 124 || code === undefined) && !refreshedToken) {
        refreshedToken = true;
        this.opts.tokens.invalidate(token);
        continue;
      }
      if (res.status === 401) throw new ZoomAuthError(`Zoom rejected phonebot's access token: ${message}`, 401);

      if (res.status === 429) {
        const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
        const err = new ZoomApiError(
          refusalKind(429, code, message),
          429,
          code,
          message,
          trackingId,
          req.method,
          req.path,
          retryAfter,
        );
        // A daily limit lasts until Zoom's reset; waiting here would pin a worker for hours.
        if (err.dailyLimit || (retryAfter ?? 0) > LONGEST_WAIT_MS || attempt + 1 >= maxAttempts) throw err;
        const delay = retryAfter ?? backoff(attempt);
        pacer.pauseUntil(Date.now() + delay);
        continue;
      }
      if (res.status >= 500) {
        if (isRead && attempt + 1 < maxAttempts) {
          await this.sleep(backoff(attempt));
          continue;
        }
        if (!isRead)
          throw new ZoomUncertainError(
            req.method,
            req.path,
            `HTTP ${res.status}${message ? `: ${message}` : ''}`,
            res.status,
            trackingId,
          );
      }
      throw new ZoomApiError(
        refusalKind(res.status, code, message),
        res.status,
        code,
        message,
        trackingId,
        req.method,
        req.path,
      );
    }
  }
}
