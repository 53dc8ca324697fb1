import { newOpaqueToken } from './ids.js';
import type { RouteResult } from './router.js';

/** Classic scopes a phonebot S2S app holds (docs/reference/zoom-api.md §2.4). */
export const GRANTED_SCOPES =
  'user:read:admin user:write:admin phone:read:admin phone:write:admin number_management_numbers:read:admin';

interface IssuedToken {
  expiresAt: number;
  revoked: boolean;
}

export type TokenCheck = 'ok' | 'missing' | 'unknown' | 'expired';

/** Several tokens may be live at once: a new one no longer revokes the old (docs/reference/zoom-api.md §2.2). */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly now: () => Date,
    private readonly ttlSeconds: number,
  ) {}

  issue(): string {
    const token = `emu.${newOpaqueToken(32)}`;
    this.tokens.set(token, { expiresAt: this.now().getTime() + this.ttlSeconds * 1000, revoked: false });
    return token;
  }

  check(authorization: string | undefined): TokenCheck {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m?.[1]) return 'missing';
    const t = this.tokens.get(m[1]);
    if (!t) return 'unknown';
    if (t.revoked || this.now().getTime() >= t.expiresAt) return 'expired';
    return 'ok';
  }

  expireAll(): void {
    for (const t of this.tokens.values()) t.revoked = true;
  }
}

export interface OAuthConfig {
  accountId: string;
  clientId: string;
  clientSecret: string;
  ttlSeconds: number;
  apiUrl: string;
}

function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}

/**
 * `POST /oauth/token` (zoom.us, not api.zoom.us). Error bodies follow the observed `{reason, error}`
 * shape (docs/reference/zoom-api.md §2.3); Zoom documents only the OAuth codes, not the bodies.
 */
export function handleTokenRequest(
  cfg: OAuthConfig,
  store: TokenStore,
  req: { method: string; authorization?: string; query: URLSearchParams; form: URLSearchParams },
): RouteResult {
  if (req.method !== 'POST') return { status: 405, body: { reason: 'Method Not Allowed', error: 'invalid_request' } };
  const param = (k: string): string | null => req.query.get(k) ?? req.form.get(k);
  const creds = basicCredentials(req.authorization);
  if (!creds || creds.id !== cfg.clientId || creds.secret !== cfg.clientSecret) {
    return { status: 400, body: { reason: 'Invalid client_id or client_secret', error: 'invalid_client' } };
  }
  const grant = param('grant_type');
  if (grant !== 'account_credentials')
    return { status: 400, body: { reason: 'unsupported grant type', error: 'unsupported_grant_type' } };
  if (param('account_id') !== cfg.accountId)
    return { status: 400, body: { reason: 'Invalid account_id', error: 'invalid_request' } };
  return {
    status: 200,
    body: {
      access_token: store.issue(),
      token_type: 'bearer',
      expires_in: cfg.ttlSeconds,
      scope: GRANTED_SCOPES,
      api_url: cfg.apiUrl,
    },
  };
}
