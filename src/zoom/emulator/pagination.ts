import { newOpaqueToken } from './ids.js';
import type { ZoomApiError } from './errors.js';

/** Every Zoom list endpoint says its next_page_token lives 15 minutes (docs/reference/zoom-api.md §4). */
export const PAGE_TOKEN_TTL_MS = 15 * 60 * 1000;

export interface PageOptions {
  /** Endpoint plus the filters that shape the list; a token only works with the same scope. */
  scope: string;
  query: URLSearchParams;
  defaultSize: number;
  maxSize: number;
  invalidToken: () => ZoomApiError;
  /** GET /users still honours the legacy page_number when no token is given. */
  allowPageNumber?: boolean;
}

export interface Page<T> {
  items: T[];
  nextPageToken: string;
  pageSize: number;
  total: number;
  pageNumber: number;
  pageCount: number;
}

interface TokenEntry {
  scope: string;
  offset: number;
  issuedAt: number;
}

/** Server-side cursor store: tokens are opaque, so a client can only replay what it was given. */
export class PageTokens {
  private readonly tokens = new Map<string, TokenEntry>();

  constructor(private readonly now: () => Date) {}

  /**
   * page_size outside 1..max is not an error here: values above the maximum are clamped to it and
   * anything unparsable falls back to the default (Zoom documents no error for either).
   */
  static pageSize(raw: string | null, defaultSize: number, maxSize: number): number {
    if (raw === null || raw === '') return defaultSize;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) return defaultSize;
    return Math.min(n, maxSize);
  }

  paginate<T>(items: T[], opts: PageOptions): Page<T> {
    const pageSize = PageTokens.pageSize(opts.query.get('page_size'), opts.defaultSize, opts.maxSize);
    const nowMs = this.now().getTime();
    let offset = 0;
    const token = opts.query.get('next_page_token');
    if (token) {
      const entry = this.tokens.get(token);
      if (!entry || entry.scope !== opts.scope || nowMs - entry.issuedAt >= PAGE_TOKEN_TTL_MS)
        throw opts.invalidToken();
      offset = entry.offset;
    } else if (opts.allowPageNumber) {
      const pn = Number(opts.query.get('page_number') ?? '1');
      if (Number.isInteger(pn) && pn > 1) offset = (pn - 1) * pageSize;
    }
    const page = items.slice(offset, offset + pageSize);
    const nextOffset = offset + page.length;
    let nextPageToken = '';
    if (nextOffset < items.length) {
      this.sweep(nowMs);
      nextPageToken = newOpaqueToken(24);
      this.tokens.set(nextPageToken, { scope: opts.scope, offset: nextOffset, issuedAt: nowMs });
    }
    return {
      items: page,
      nextPageToken,
      pageSize,
      total: items.length,
      pageNumber: Math.floor(offset / pageSize) + 1,
      pageCount: Math.ceil(items.length / pageSize),
    };
  }

  private sweep(nowMs: number): void {
    for (const [k, v] of this.tokens) if (nowMs - v.issuedAt >= PAGE_TOKEN_TTL_MS) this.tokens.delete(k);
  }
}
