// Server-to-Server OAuth (grant_type=account_credentials). Tokens last an hour and several may be valid at
// once; one is cached and replaced a minute before it expires, and concurrent callers share a single
// in-flight request for the next one.
import { z } from 'zod';
import { ZoomAuthError } from '../domain/zoom-errors.js';

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive(),
  scope: z.string().optional(),
  api_url: z.string().optional(),
});

export interface OAuthCredentials {
  oauthUrl: string;
  accountId: string;
  clientId: string;
  clientSecret: string;
}

const REFRESH_EARLY_MS = 60_000;

export class TokenProvider {
  private token?: { value: string; expiresAt: number };
  private inflight?: Promise<string>;

  constructor(
    private readonly creds: OAuthCredentials,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly now: () => number = () => Date.now(),
    /** Told about each new token, so the logger can scrub it. */
    private readonly onToken?: (token: string) => void,
  ) {}

  async get(): Promise<string> {
    if (this.token && this.token.expiresAt - REFRESH_EARLY_MS > this.now()) return this.token.value;
    this.inflight ??= this.fetchToken().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Zoom said 401/124 for `rejected`: forget it unless a newer token already replaced it. */
  invalidate(rejected: string): void {
    if (this.token?.value === rejected) this.token = undefined;
  }

  private async fetchToken(): Promise<string> {
    const url = new URL(this.creds.oauthUrl);
    url.searchParams.set('grant_type', 'account_credentials');
    url.searchParams.set('account_id', this.creds.accountId);
    const basic = Buffer.from(`${this.creds.clientId}:${this.creds.clientSecret}`).toString('base64');
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, accept: 'application/json' },
        signal: AbortSignal.timeout(15_000),
      });
    } catch (err) {
      throw new ZoomAuthError(`token request failed: ${(err as Error).message}`);
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      let reason = text.slice(0, 200);
      try {
        const body = JSON.parse(text) as { reason?: string; error?: string; message?: string };
        reason = body.reason ?? body.message ?? body.error ?? reason;
      } catch {
        // not JSON: keep the text
      }
      throw new ZoomAuthError(
        `Zoom refused the credentials (HTTP ${res.status}: ${reason}); check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET and that the app is activated`,
        res.status,
      );
    }
    let parsed;
    try {
      parsed = tokenResponse.parse(JSON.parse(text));
    } catch {
      throw new ZoomAuthError('Zoom answered the token request with an unexpected body');
    }
    this.onToken?.(parsed.access_token);
    this.token = { value: parsed.access_token, expiresAt: this.now() + parsed.expires_in * 1000 };
    return parsed.access_token;
  }
}
