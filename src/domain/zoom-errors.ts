// What can go wrong when the domain asks Zoom for something, in the domain's terms. The Zoom adapter
// (src/zoom/http.ts with src/zoom/refusals.ts) reads Zoom's HTTP status, its own `code` and the message and
// names the kind of refusal; the domain branches on `kind` only and keeps status/code to tell admins and
// Zoom support exactly what Zoom said.

/** Why Zoom refused. `rejected` is any other refusal of the request as sent (a 4xx). */
export type RefusalKind =
  | 'not_found'
  | 'user_exists'
  | 'no_phone_licence'
  | 'extension_taken'
  | 'invitation_expired'
  | 'rate_limited'
  | 'daily_limit'
  | 'server_error'
  | 'rejected';

/** Zoom answered, and the answer was no. */
export class ZoomApiError extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly status: number,
    readonly code: number | undefined,
    message: string,
    readonly trackingId: string | undefined,
    readonly method: string,
    readonly path: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ZoomApiError';
  }

  /** Whether Zoom answered with this HTTP status (and Zoom code): for the adapter's "gone means undefined" reads. */
  is(status: number, code?: number): boolean {
    return this.status === status && (code === undefined || this.code === code);
  }

  get dailyLimit(): boolean {
    return this.kind === 'daily_limit';
  }

  /** What an admin reads in Slack. */
  describe(): string {
    return `Zoom said ${this.status}${this.code !== undefined && this.code !== this.status ? `/${this.code}` : ''}: ${this.message}`;
  }
}

/**
 * The request may or may not have reached Zoom (timeout, reset, empty body, 5xx on a write). A write that
 * ends like this is not retried blindly: the caller reads Zoom's state first.
 */
export class ZoomUncertainError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly reason: string,
    readonly status?: number,
    readonly trackingId?: string,
  ) {
    super(`Zoom did not confirm ${method} ${path}: ${reason}`);
    this.name = 'ZoomUncertainError';
  }

  describe(): string {
    return `Zoom did not answer clearly (${this.reason})`;
  }
}

/** phonebot could not sign in to Zoom (credentials, scopes): nothing else can work until an admin fixes it. */
export class ZoomAuthError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ZoomAuthError';
  }

  describe(): string {
    return `phonebot could not sign in to Zoom: ${this.message}`;
  }
}

export type ZoomError = ZoomApiError | ZoomUncertainError | ZoomAuthError;

export function isZoomError(err: unknown): err is ZoomError {
  return err instanceof ZoomApiError || err instanceof ZoomUncertainError || err instanceof ZoomAuthError;
}

const refused = (kind: RefusalKind) => (err: unknown) => err instanceof ZoomApiError && err.kind === kind;
export const isNotFound = refused('not_found');
export const isUserExists = refused('user_exists');
export const isNoPhoneLicence = refused('no_phone_licence');
export const isExtensionTaken = refused('extension_taken');
export const isInvitationExpired = refused('invitation_expired');
/** 429 of either kind: the per-second limit (wait `retryAfterMs`) or the daily one. */
export const isRateLimited = (err: unknown) =>
  err instanceof ZoomApiError && (err.kind === 'rate_limited' || err.kind === 'daily_limit');
