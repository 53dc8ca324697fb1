// The whole account as the drift report needs it, read with paged list calls only: users by status
// (300 a page), phone users (100 a page) and the phone numbers (100 a page). For 10,000 phone users that is
// about 100 + 35 + 100 calls however many records phonebot has, where one call per user would be 10,000+;
// every call goes through ZoomHttp, so the reads are paced below the account's rate limits like all others.
// Also the few targeted reads that re-check one finding when an approver clicks "Adopt Zoom's state".
import type { ZoomPhoneUser, ZoomPort } from './ports.js';

export interface ZoomListedUser {
  /** Zoom leaves the id out of pending users in lists. */
  id?: string;
  email: string;
  status: 'active' | 'inactive' | 'pending';
}

export interface ZoomListedPhoneUser {
  id: string;
  email: string;
  extension?: string;
  plans: number[];
  numbers: string[];
}

export interface ZoomListedNumber {
  number: string;
  /** Zoom user id (or other assignee id) holding the number; undefined when unassigned. */
  assigneeId?: string;
  assigneeName?: string;
}

/** What Zoom says, as plain data: the drift comparison (domain/drift-report.ts) works on this alone. */
export interface ZoomLists {
  users: ZoomListedUser[];
  phoneUsers: ZoomListedPhoneUser[];
  numbers: ZoomListedNumber[];
}

async function all<T, U>(items: AsyncIterable<T>, map: (item: T) => U): Promise<U[]> {
  const out: U[] = [];
  for await (const item of items) out.push(map(item));
  return out;
}

function phoneUserOf(p: ZoomPhoneUser): ZoomListedPhoneUser {
  return {
    id: p.id,
    email: (p.email ?? p.id).toLowerCase(),
    extension: p.extensionNumber,
    plans: p.callingPlans.map((c) => c.type),
    numbers: p.phoneNumbers.map((n) => n.number),
  };
}

/** Every user, phone user and number of the account. The lists are read side by side; the pacer spaces them. */
export async function readZoomLists(zoom: ZoomPort): Promise<ZoomLists> {
  const users = async (status: ZoomListedUser['status']) =>
    all(zoom.listUsers(status), (u) => ({ id: u.id, email: u.email.toLowerCase(), status }));
  const [active, inactive, pending, phoneUsers, numbers] = await Promise.all([
    users('active'),
    users('inactive'),
    users('pending'),
    all(zoom.listPhoneUsers({ pageSize: 100 }), phoneUserOf),
    all(zoom.listPhoneNumbers('assigned'), (n) => ({
      number: n.number,
      assigneeId: n.assignee?.id ?? undefined,
      assigneeName: n.assignee?.name ?? undefined,
    })),
  ]);
  return { users: [...active, ...inactive, ...pending], phoneUsers, numbers };
}

/**
 * The part of the account one finding depends on, read again at the moment of a click: the user and their
 * phone (two calls), or who has one extension (a keyword search) or one number (a filtered number list).
 */
export async function readZoomFor(
  zoom: ZoomPort,
  what: { user?: string; extension?: string; number?: string },
): Promise<ZoomLists> {
  const lists: ZoomLists = { users: [], phoneUsers: [], numbers: [] };
  if (what.user) {
    const [user, phone] = await Promise.all([zoom.findUser(what.user), zoom.findPhoneUser(what.user)]);
    if (user?.status) lists.users.push({ id: user.id, email: user.email.toLowerCase(), status: user.status });
    if (phone) lists.phoneUsers.push(phoneUserOf({ ...phone, email: phone.email ?? user?.email }));
  }
  if (what.extension) {
    for await (const p of zoom.listPhoneUsers({ keyword: what.extension }))
      if (p.extensionNumber === what.extension) lists.phoneUsers.push(phoneUserOf(p));
  }
  if (what.number) {
    const n = await zoom.findPhoneNumber(what.number);
    if (n?.assignee)
      lists.numbers.push({
        number: n.number,
        assigneeId: n.assignee.id ?? undefined,
        assigneeName: n.assignee.name ?? undefined,
      });
  }
  return lists;
}
