// The drift report's comparison: phonebot's records against what Zoom's lists say, as pure data in and
// out (no database, no Zoom, no clock), so the full report and the re-check when an approver clicks
// "Adopt Zoom's state" decide the same way. Loading the records is drift-records.ts, reading Zoom is
// zoom/account-lists.ts, adopting a finding is drift-adopt.ts.
import type { ZoomLists } from './zoom-lists.js';
import type { Drift } from './drift.js';
import { type HeldValue, holderName, holdsGivenToOthers } from './holds-vs-zoom.js';

export interface WaitingRecord {
  requestId: number;
  email: string;
  zoomUserId?: string;
}

export interface RemovedRecord {
  phoneUserId: string;
  email: string;
  zoomUserId?: string;
}

export interface HoldRecord {
  kind: 'extension' | 'number';
  value: string;
  requestId?: number;
  phoneUserId?: string;
  /** Whom phonebot holds it for, and their Zoom user id when phonebot knows it. */
  holderEmail?: string;
  holderZoomUserId?: string;
}

export interface ProvisionedRecord {
  phoneUserId: string;
  email: string;
  zoomUserId?: string;
  extension: string | null;
  callingPlans: number[];
  phoneNumbers: string[];
}

/** phonebot's side of the comparison. */
export interface PhonebotRecords {
  /** Requests waiting for the invitee to accept the Zoom invitation. */
  waiting: WaitingRecord[];
  /** Soft-deleted users (deactivated in Zoom by phonebot, restorable). */
  removed: RemovedRecord[];
  /** Extensions and numbers phonebot holds for a request or a removed user. */
  holds: HoldRecord[];
  /** Users phonebot provisioned and believes active with this extension, plans and numbers. */
  provisioned: ProvisionedRecord[];
  /** Every email phonebot has a record or a request for (lower case). */
  known: Set<string>;
}

export type DriftItem =
  | { kind: 'pending-gone'; requestId: number; email: string }
  | { kind: 'pending-activated'; requestId: number; email: string; zoomUserId?: string }
  | {
      kind: 'removed-active';
      phoneUserId: string;
      email: string;
      zoomStatus: string;
      phone?: { extension: string | null; callingPlans: number[]; phoneNumbers: string[] };
    }
  | { kind: 'removed-deleted'; phoneUserId: string; email: string }
  | {
      kind: 'hold-taken';
      hold: { kind: 'extension' | 'number'; value: string };
      requestId?: number;
      phoneUserId?: string;
      holderEmail?: string;
      takenBy: string;
    }
  | {
      kind: 'provisioned-differs';
      phoneUserId: string;
      email: string;
      drift: Drift[];
      zoom: { zoomStatus: string; extension: string | null; callingPlans: number[]; phoneNumbers: string[] };
    };

export type DriftKind = DriftItem['kind'];

export interface UnseenPhoneUser {
  email: string;
  extension?: string;
  callingPlans: number[];
  phoneNumbers: string[];
}

export interface DriftReport {
  items: DriftItem[];
  /** Phone users in Zoom phonebot has no record of (not a disagreement: phonebot has nothing to adopt into). */
  unseen: UnseenPhoneUser[];
  checked: { waiting: number; removed: number; holds: number; provisioned: number; zoomPhoneUsers: number };
}

/** Which record a finding is about: what the Adopt button carries, and what the click re-checks. */
export type DriftRef =
  | { kind: 'waiting'; requestId: number }
  | { kind: 'removed' | 'provisioned'; phoneUserId: string }
  | { kind: 'hold'; hold: 'extension' | 'number'; value: string };

export function refOf(item: DriftItem): DriftRef {
  switch (item.kind) {
    case 'pending-gone':
    case 'pending-activated':
      return { kind: 'waiting', requestId: item.requestId };
    case 'removed-active':
    case 'removed-deleted':
      return { kind: 'removed', phoneUserId: item.phoneUserId };
    case 'hold-taken':
      return { kind: 'hold', hold: item.hold.kind, value: item.hold.value };
    case 'provisioned-differs':
      return { kind: 'provisioned', phoneUserId: item.phoneUserId };
  }
}

const sameSet = <T>(a: T[], b: T[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

interface Index {
  userByEmail: Map<string, ZoomLists['users'][number]>;
  userById: Map<string, ZoomLists['users'][number]>;
  phoneByEmail: Map<string, ZoomLists['phoneUsers'][number]>;
  phoneById: Map<string, ZoomLists['phoneUsers'][number]>;
}

function index(zoom: ZoomLists): Index {
  const ix: Index = { userByEmail: new Map(), userById: new Map(), phoneByEmail: new Map(), phoneById: new Map() };
  for (const u of zoom.users) {
    ix.userByEmail.set(u.email.toLowerCase(), u);
    if (u.id) ix.userById.set(u.id, u);
  }
  for (const p of zoom.phoneUsers) {
    ix.phoneByEmail.set(p.email.toLowerCase(), p);
    ix.phoneById.set(p.id, p);
  }
  return ix;
}

/** The Zoom user a record is about: by the id phonebot stored, else by email (pending users have no id in lists). */
function zoomUserOf(ix: Index, r: { email: string; zoomUserId?: string }) {
  return (r.zoomUserId ? ix.userById.get(r.zoomUserId) : undefined) ?? ix.userByEmail.get(r.email.toLowerCase());
}

function phoneOf(ix: Index, r: { email: string; zoomUserId?: string }) {
  return (r.zoomUserId ? ix.phoneById.get(r.zoomUserId) : undefined) ?? ix.phoneByEmail.get(r.email.toLowerCase());
}

function comparePending(ix: Index, records: WaitingRecord[]): DriftItem[] {
  const out: DriftItem[] = [];
  for (const r of records) {
    const user = zoomUserOf(ix, r);
    if (!user) out.push({ kind: 'pending-gone', requestId: r.requestId, email: r.email });
    else if (user.status === 'active')
      out.push({ kind: 'pending-activated', requestId: r.requestId, email: r.email, zoomUserId: user.id });
  }
  return out;
}

function compareRemoved(ix: Index, records: RemovedRecord[]): DriftItem[] {
  const out: DriftItem[] = [];
  for (const r of records) {
    const user = zoomUserOf(ix, r);
    if (!user) {
      out.push({ kind: 'removed-deleted', phoneUserId: r.phoneUserId, email: r.email });
    } else if (user.status === 'active') {
      const p = phoneOf(ix, r);
      out.push({
        kind: 'removed-active',
        phoneUserId: r.phoneUserId,
        email: r.email,
        zoomStatus: user.status,
        phone: p ? { extension: p.extension ?? null, callingPlans: p.plans, phoneNumbers: p.numbers } : undefined,
      });
    }
  }
  return out;
}

/**
 * Holds on a value Zoom has given to someone other than the holder (an admin in the portal, SCIM). The
 * decision is holds-vs-zoom.ts's, the same one the provisioning steps make before they write a value.
 */
export function compareHolds(zoom: Pick<ZoomLists, 'phoneUsers' | 'numbers'>, holds: HoldRecord[]): DriftItem[] {
  const held: HeldValue[] = holds.map((h) => ({
    kind: h.kind,
    value: h.value,
    requestId: h.requestId ?? null,
    phoneUserId: h.phoneUserId ?? null,
    owner: { email: h.holderEmail ?? '', zoomUserId: h.holderZoomUserId },
  }));
  const taken = holdsGivenToOthers(held, {
    phoneUsers: zoom.phoneUsers.map((p) => ({
      id: p.id,
      email: p.email,
      extensionNumber: p.extension,
      phoneNumbers: p.numbers.map((number) => ({ number })),
    })),
    numbers: zoom.numbers.map((n) => ({
      number: n.number,
      assignee: n.assigneeId || n.assigneeName ? { id: n.assigneeId, name: n.assigneeName } : null,
    })),
  });
  return taken.map((t) => ({
    kind: 'hold-taken',
    hold: { kind: t.kind, value: t.value },
    requestId: t.requestId ?? undefined,
    phoneUserId: t.phoneUserId ?? undefined,
    holderEmail: t.owner.email || undefined,
    takenBy: holderName(t.takenBy),
  }));
}

function compareProvisioned(ix: Index, records: ProvisionedRecord[]): DriftItem[] {
  const out: DriftItem[] = [];
  for (const r of records) {
    const user = zoomUserOf(ix, r);
    const p = phoneOf(ix, r);
    const zoom = {
      zoomStatus: user?.status ?? 'none',
      extension: p?.extension ?? null,
      callingPlans: p?.plans ?? [],
      phoneNumbers: p?.numbers ?? [],
    };
    const drift: Drift[] = [];
    if (zoom.zoomStatus !== 'active') drift.push({ field: 'zoomStatus', believed: 'active', zoom: zoom.zoomStatus });
    if ((r.extension ?? null) !== zoom.extension)
      drift.push({ field: 'extension', believed: r.extension ?? null, zoom: zoom.extension });
    if (!sameSet(r.callingPlans, zoom.callingPlans))
      drift.push({ field: 'callingPlans', believed: r.callingPlans, zoom: zoom.callingPlans });
    if (!sameSet(r.phoneNumbers, zoom.phoneNumbers))
      drift.push({ field: 'phoneNumbers', believed: r.phoneNumbers, zoom: zoom.phoneNumbers });
    if (drift.length)
      out.push({ kind: 'provisioned-differs', phoneUserId: r.phoneUserId, email: r.email, drift, zoom });
  }
  return out;
}

/** Every difference between phonebot's records and Zoom's lists, and the phone users phonebot never saw. */
export function compareWithZoom(records: PhonebotRecords, zoom: ZoomLists): DriftReport {
  const ix = index(zoom);
  const items = [
    ...comparePending(ix, records.waiting),
    ...compareRemoved(ix, records.removed),
    ...compareHolds(zoom, records.holds),
    ...compareProvisioned(ix, records.provisioned),
  ];
  const unseen = zoom.phoneUsers
    .filter((p) => !records.known.has(p.email.toLowerCase()))
    .map((p) => ({ email: p.email, extension: p.extension, callingPlans: p.plans, phoneNumbers: p.numbers }))
    .sort((a, b) => a.email.localeCompare(b.email));
  return {
    items,
    unseen,
    checked: {
      waiting: records.waiting.length,
      removed: records.removed.length,
      holds: records.holds.length,
      provisioned: records.provisioned.length,
      zoomPhoneUsers: zoom.phoneUsers.length,
    },
  };
}

const list = (v: unknown[]) => (v.length ? v.join(', ') : 'none');
const show = (v: unknown) => (Array.isArray(v) ? list(v) : v === null || v === undefined ? 'none' : String(v));

/** One line for the admin: what phonebot has, what Zoom has, and what adopting does. */
export function describeItem(item: DriftItem): { title: string; found: string; adopt: string } {
  switch (item.kind) {
    case 'pending-gone':
      return {
        title: `${item.email}: the invitation is gone from Zoom`,
        found: `Request #${item.requestId} waits for ${item.email} to accept the Zoom invitation, but Zoom no longer has that user (invitation withdrawn in the portal or expired, or the user deleted).`,
        adopt: `closes request #${item.requestId} with that reason and releases what it held; nothing to withdraw in Zoom`,
      };
    case 'pending-activated':
      return {
        title: `${item.email}: accepted the invitation`,
        found: `Request #${item.requestId} still waits for ${item.email}, but Zoom shows the user active (phonebot was not told: no webhook).`,
        adopt: `records the user as active and finishes request #${item.requestId}'s phone setup`,
      };
    case 'removed-active':
      return {
        title: `${item.email}: removed in phonebot, active again in Zoom`,
        found: `phonebot soft-deleted ${item.email}, but Zoom shows the user ${item.zoomStatus} again (reactivated in the portal, or a restore that did not finish)${item.phone ? `, with extension ${show(item.phone.extension)}` : ', without Zoom Phone'}.`,
        adopt: `records the user as active with what Zoom has, takes them off the purge list and releases the values kept for the restore`,
      };
    case 'removed-deleted':
      return {
        title: `${item.email}: removed in phonebot, deleted in Zoom`,
        found: `phonebot keeps ${item.email} restorable, but Zoom no longer has the user (deleted in the portal).`,
        adopt: `records the user as purged and releases the values kept for the restore`,
      };
    case 'hold-taken':
      return {
        title: `${item.hold.kind} ${item.hold.value}: held by phonebot, used by ${item.takenBy} in Zoom`,
        found: `phonebot holds ${item.hold.kind} ${item.hold.value} for ${item.requestId ? `request #${item.requestId}` : 'a removed user'}${item.holderEmail ? ` (${item.holderEmail})` : ''}, but Zoom has given it to ${item.takenBy}.`,
        adopt: `releases the hold (Zoom decides who has it)${item.phoneUserId ? `; a restore gives the user what Zoom has free instead and says so` : `; request #${item.requestId} reports the ${item.hold.kind} as taken if it still needs it`}`,
      };
    case 'provisioned-differs':
      return {
        title: `${item.email}: ${item.drift.map((d) => d.field).join(', ')} differ`,
        found: item.drift
          .map((d) => `${d.field}: phonebot has ${show(d.believed)}, Zoom has ${show(d.zoom)}`)
          .join('; '),
        adopt: `updates phonebot's record to what Zoom has`,
      };
  }
}
