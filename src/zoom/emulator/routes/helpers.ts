import type { EmulatorContext } from '../context.js';
import type { PageOptions } from '../pagination.js';
import { ZoomApiError, invitationExpired, userNotFound } from '../errors.js';
import type { UserRecord } from '../state.js';

/** Zoom prints times as `yyyy-MM-ddTHH:mm:ssZ`. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new ZoomApiError(400, 300, 'Request Body should be a valid JSON object.');
  return body as Record<string, unknown>;
}

/** Users API lookup: id or email; a lapsed invitation makes the id invalid (400/1120). */
export function requireUser(em: EmulatorContext, userId: string): UserRecord {
  const user = em.state.findUser(userId);
  if (!user) throw userNotFound(userId);
  if (em.state.isInvitationExpired(user, em.now())) throw invitationExpired();
  return user;
}

/** Phone API lookup: a Zoom user without a (provisioned) phone profile is "User does not exist" (404/1001). */
export function requirePhoneUser(
  em: EmulatorContext,
  userId: string,
): UserRecord & { phone: NonNullable<UserRecord['phone']> } {
  const user = em.state.findUser(userId);
  if (!user || user.status !== 'active' || !user.phone || user.phone.readyAt > Date.now()) throw userNotFound(userId);
  return user as UserRecord & { phone: NonNullable<UserRecord['phone']> };
}

export function isVisiblePhoneUser(user: UserRecord): user is UserRecord & { phone: NonNullable<UserRecord['phone']> } {
  return user.status === 'active' && user.phone !== undefined && user.phone.readyAt <= Date.now();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(v: unknown): v is string {
  return typeof v === 'string' && v.length <= 128 && EMAIL.test(v);
}

export const E164 = /^\+[1-9]\d{6,14}$/;

/** A list endpoint's 200: one page of `items` under `key`, with Zoom's next_page_token, page_size and total_records. */
export function listPage<T>(
  em: EmulatorContext,
  key: string,
  items: T[],
  opts: PageOptions,
  toBody: (item: T) => unknown,
): { status: 200; body: Record<string, unknown> } {
  const page = em.pages.paginate(items, opts);
  return {
    status: 200,
    body: {
      next_page_token: page.nextPageToken,
      page_size: page.pageSize,
      total_records: page.total,
      [key]: page.items.map(toBody),
    },
  };
}
