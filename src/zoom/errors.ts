// Zoom answers errors as {code, message}; `code` is Zoom's own number and not the HTTP status (the same
// code appears under different statuses), so errors keep both and callers branch on the pair.

export class ZoomApiError extends Error {
  constructor(
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

  is(status: number, code?: number): boolean {
    return this.status === status && (code === undefined || this.code === code);
  }

  get dailyLimit(): boolean {
    return this.status === 429 && /daily/i.test(this.message);
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
