import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { newOpaqueToken } from './ids.js';
import { Timers } from './timers.js';
import type { UrlValidationResult, WebhookDelivery, WebhookTarget } from './types.js';

/** `v0=` + hex HMAC-SHA256(secret, `v0:{timestamp seconds}:{raw body}`) — docs/reference/zoom-api.md §11.2. */
export function signWebhook(secretToken: string, timestampSeconds: string | number, rawBody: string): string {
  return `v0=${createHmac('sha256', secretToken).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex')}`;
}

/** The `encryptedToken` an endpoint must answer to an `endpoint.url_validation` challenge. */
export function urlValidationToken(secretToken: string, plainToken: string): string {
  return createHmac('sha256', secretToken).update(plainToken).digest('hex');
}

interface PostResult {
  status: number;
  body: string;
}

function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const lib = target.protocol === 'https:' ? https : http;
    const req = lib.request(
      target,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    // Zoom wants an answer within 3 s; a slow endpoint is treated like a network failure.
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

export interface WebhookSenderOptions {
  target: () => WebhookTarget | undefined;
  now: () => Date;
  retryDelaysMs: number[];
  timeoutMs: number;
  deliveries: WebhookDelivery[];
  log?: (msg: string, extra?: object) => void;
}

/**
 * Delivers events one after another (so a receiver sees them in the order they happened), retrying only
 * on HTTP ≥500 and network failures, like Zoom. The request id stays the same across retries (Zoom does
 * not document whether it does; a stable id is what a deduplicating receiver would hope for).
 */
export class WebhookSender {
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly timers = new Timers();

  constructor(private readonly opts: WebhookSenderOptions) {}

  enqueue(event: string, payload: object): Promise<void> {
    const eventTs = this.opts.now().getTime();
    const next = this.chain.then(() => this.deliver(event, eventTs, payload));
    this.chain = next.catch(() => undefined);
    return this.chain;
  }

  flush(): Promise<void> {
    return this.chain;
  }

  close(): void {
    this.closed = true;
    this.timers.cancelAll();
  }

  private headers(secretToken: string, requestId: string, body: string): Record<string, string> {
    const ts = Math.floor(this.opts.now().getTime() / 1000);
    return {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Zoom Marketplace/1.0a',
      'x-zm-request-id': requestId,
      'x-zm-request-timestamp': String(ts),
      'x-zm-signature': signWebhook(secretToken, ts, body),
      'x-zm-trackingid': `v=2.0;clid=emu;rid=WH_${requestId.replace(/-/g, '')}`,
    };
  }

  private async deliver(event: string, eventTs: number, payload: object): Promise<void> {
    const body = JSON.stringify({ event, event_ts: eventTs, payload });
    const requestId = randomUUID();
    const maxAttempts = 1 + this.opts.retryDelaysMs.length;
    for (let attempt = 1; attempt <= maxAttempts && !this.closed; attempt++) {
      const target = this.opts.target();
      if (!target) return;
      const record: WebhookDelivery = { event, requestId, attempt, url: target.url, at: this.opts.now() };
      this.opts.deliveries.push(record);
      try {
        const res = await post(
          target.url,
          this.headers(target.secretToken, requestId, body),
          body,
          this.opts.timeoutMs,
        );
        record.status = res.status;
        this.opts.log?.('webhook delivered', { event, attempt, status: res.status });
        if (res.status < 500) return;
      } catch (err) {
        record.error = err instanceof Error ? err.message : String(err);
        this.opts.log?.('webhook delivery failed', { event, attempt, error: record.error });
      }
      const delay = this.opts.retryDelaysMs[attempt - 1];
      if (delay !== undefined) await this.timers.sleep(delay);
    }
  }

  /** Sends Zoom's `endpoint.url_validation` challenge and checks the `{plainToken, encryptedToken}` answer. */
  async validateUrl(): Promise<UrlValidationResult> {
    const target = this.opts.target();
    const plainToken = newOpaqueToken(16);
    if (!target) return { ok: false, plainToken, expectedEncryptedToken: '', error: 'no webhook configured' };
    const expected = urlValidationToken(target.secretToken, plainToken);
    const body = JSON.stringify({
      event: 'endpoint.url_validation',
      event_ts: this.opts.now().getTime(),
      payload: { plainToken },
    });
    try {
      const res = await post(
        target.url,
        this.headers(target.secretToken, randomUUID(), body),
        body,
        this.opts.timeoutMs,
      );
      let parsed: unknown;
      try {
        parsed = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        parsed = res.body;
      }
      const answer = (parsed ?? {}) as { plainToken?: unknown; encryptedToken?: unknown };
      const ok =
        (res.status === 200 || res.status === 204) &&
        answer.plainToken === plainToken &&
        answer.encryptedToken === expected;
      return { ok, plainToken, expectedEncryptedToken: expected, status: res.status, response: parsed };
    } catch (err) {
      return {
        ok: false,
        plainToken,
        expectedEncryptedToken: expected,
        error: err instanceof Error ? err.message : String(err),
      };
    }
  }
}
