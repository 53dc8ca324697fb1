import type { ZoomEmulator } from '../../src/zoom/emulator/index.js';

/**
 * Response bodies come off the wire and are checked against Zoom's schemas at run time (openapi.ts),
 * so tests read them loosely rather than restating every shape as a TypeScript type.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Wire = any;

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  body: Wire;
}

export interface CallOptions {
  query?: Record<string, string | number | boolean>;
  body?: unknown;
  rawBody?: string;
  token?: string | null;
  signal?: AbortSignal;
}

export async function requestToken(
  em: Pick<ZoomEmulator, 'oauthUrl'>,
  opts: { id?: string; secret?: string; accountId?: string } = {},
): Promise<ApiResponse> {
  const url = new URL(em.oauthUrl);
  url.searchParams.set('grant_type', 'account_credentials');
  url.searchParams.set('account_id', opts.accountId ?? 'emu-account');
  const basic = Buffer.from(`${opts.id ?? 'emu-client-id'}:${opts.secret ?? 'emu-client-secret'}`).toString('base64');
  const res = await fetch(url, { method: 'POST', headers: { authorization: `Basic ${basic}` } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? JSON.parse(text) : undefined };
}

export class TestClient {
  private constructor(
    private readonly em: Pick<ZoomEmulator, 'apiUrl' | 'oauthUrl'>,
    public token: string,
  ) {}

  static async create(em: Pick<ZoomEmulator, 'apiUrl' | 'oauthUrl'>): Promise<TestClient> {
    const res = await requestToken(em);
    if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
    return new TestClient(em, res.body.access_token as string);
  }

  async call(method: string, path: string, opts: CallOptions = {}): Promise<ApiResponse> {
    const url = new URL(`${this.em.apiUrl}${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = {};
    const token = opts.token === undefined ? this.token : opts.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(url, { method, headers, body: payload, signal: opts.signal });
    const text = await res.text();
    let body: Wire;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: res.status, headers: res.headers, text, body };
  }
}

/** The path of a single user/number, percent-encoded like a careful client would. */
export function enc(segment: string): string {
  return encodeURIComponent(segment);
}
