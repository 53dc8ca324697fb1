// Holds versus Zoom. phonebot holds extensions and numbers for people it has promised them to (a pending
// request, a removed user who may be restored), but the portal and SCIM hand out the same values without
// asking phonebot. When Zoom shows a held value on somebody else, Zoom is the truth: the hold is stale and
// must neither block that person's changes nor be written back over them. This module is the one place
// that decides it — used by the provisioning steps' preconditions (provisioning/value-preconditions.ts)
// and by the drift report — so the answer is the same everywhere.
import type { Db } from '../db/database.js';
import type { Tx } from './provisioning/types.js';
import type { ZoomPort } from './ports.js';
import { peekProgress } from './stored/index.js';

export type ValueKind = 'extension' | 'number';

/** A value phonebot holds, and for whom. */
export interface HeldValue {
  kind: ValueKind;
  value: string;
  requestId: number | null;
  phoneUserId: string | null;
  /** The person the value is held for: their e-mail ('' when unknown) and, when phonebot knows it, their Zoom user id. */
  owner: { email: string; zoomUserId?: string | null };
}

/** What Zoom says, as its phone-user and phone-number lists return it (a subset is fine). */
export interface ZoomValues {
  phoneUsers: { id: string; email?: string; extensionNumber?: string; phoneNumbers?: { number: string }[] }[];
  numbers?: { number: string; assignee?: { id?: string; name?: string } | null }[];
}

export interface ZoomHolder {
  id?: string;
  email?: string;
  name?: string;
}

export interface TakenHold extends HeldValue {
  /** Who has the value in Zoom. */
  takenBy: ZoomHolder;
}

/** How a Zoom holder is named to an admin: e-mail when known, else display name, else id. */
export function holderName(h: ZoomHolder): string {
  return h.email ?? h.name ?? h.id ?? 'someone else';
}

function isOwner(owner: HeldValue['owner'], holder: ZoomHolder): boolean {
  if (owner.zoomUserId && holder.id && owner.zoomUserId === holder.id) return true;
  return Boolean(holder.email && owner.email && holder.email.toLowerCase() === owner.email.toLowerCase());
}

/**
 * Who has each extension and number in Zoom, from whatever lists were read. The number list names an
 * assignee by id and display name only; the phone-user list supplies the e-mail when it has that user.
 */
export function zoomHolders(zoom: ZoomValues): Map<string, ZoomHolder> {
  const byKey = new Map<string, ZoomHolder>();
  const byId = new Map<string, ZoomHolder>();
  for (const u of zoom.phoneUsers) {
    const h = { id: u.id, email: u.email?.toLowerCase() };
    byId.set(u.id, h);
    if (u.extensionNumber) byKey.set(`extension:${u.extensionNumber}`, h);
    for (const n of u.phoneNumbers ?? []) byKey.set(`number:${n.number}`, h);
  }
  for (const n of zoom.numbers ?? []) {
    const a = n.assignee;
    if (!a || (!a.id && !a.name)) continue;
    const known = a.id ? byId.get(a.id) : undefined;
    byKey.set(`number:${n.number}`, { id: a.id, name: a.name, email: known?.email });
  }
  return byKey;
}

/** The holds that Zoom gave to someone other than the person phonebot holds them for. */
export function holdsGivenToOthers(holds: readonly HeldValue[], zoom: ZoomValues): TakenHold[] {
  const holders = zoomHolders(zoom);
  const taken: TakenHold[] = [];
  for (const h of holds) {
    const holder = holders.get(`${h.kind}:${h.value}`);
    if (holder && !isOwner(h.owner, holder)) taken.push({ ...h, takenBy: holder });
  }
  return taken;
}

type ReadDb = Pick<Db, 'reservation' | 'phoneUser' | 'provisioningRequest'>;

/** For the drift report: every hold of phonebot that Zoom's lists (read once, paginated) show on someone else. */
export async function holdsTakenInZoom(db: ReadDb, zoom: ZoomValues): Promise<TakenHold[]> {
  return holdsGivenToOthers(await loadHeldValues(db), zoom);
}

/**
 * phonebot's extension and number holds with the person each is held for. `values` narrows the read to
 * some values (a step's precondition); without it every hold is read (the drift report).
 */
export async function loadHeldValues(
  db: ReadDb,
  filter: { values?: { kind: ValueKind; value: string }[]; phoneUserId?: string } = {},
): Promise<HeldValue[]> {
  if (filter.values && filter.values.length === 0) return [];
  const rows = await db.reservation.findMany({
    where: {
      kind: { in: ['extension', 'number'] },
      ...(filter.phoneUserId ? { phoneUserId: filter.phoneUserId } : {}),
      ...(filter.values ? { OR: filter.values.map((v) => ({ kind: v.kind, value: v.value })) } : {}),
    },
  });
  const userIds = [...new Set(rows.map((r) => r.phoneUserId).filter((x): x is string => x !== null))];
  const requestIds = [...new Set(rows.map((r) => r.requestId).filter((x): x is number => x !== null))];
  const [users, requests] = await Promise.all([
    userIds.length
      ? db.phoneUser.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, zoomUserId: true } })
      : [],
    requestIds.length
      ? db.provisioningRequest.findMany({
          where: { id: { in: requestIds } },
          select: { id: true, email: true, progress: true },
        })
      : [],
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const requestById = new Map(requests.map((r) => [r.id, r]));
  const out: HeldValue[] = [];
  for (const r of rows) {
    const user = r.phoneUserId ? userById.get(r.phoneUserId) : undefined;
    const request = r.requestId !== null ? requestById.get(r.requestId) : undefined;
    const email = user?.email ?? request?.email;
    if (!email) continue;
    const zoomUserId = user?.zoomUserId ?? (request ? peekProgress(request).zoomUserId : undefined) ?? null;
    out.push({
      kind: r.kind as ValueKind,
      value: r.value,
      requestId: r.requestId,
      phoneUserId: r.phoneUserId,
      owner: { email, zoomUserId },
    });
  }
  return out;
}

/** The phone user that has `extension` in Zoom (keyword search matches partially, so compare exactly). */
export async function extensionHolderInZoom(zoom: ZoomPort, extension: string): Promise<ZoomHolder | undefined> {
  for await (const u of zoom.listPhoneUsers({ keyword: extension })) {
    if (u.extensionNumber === extension) return { id: u.id, email: u.email?.toLowerCase() };
  }
  return undefined;
}

/** Who has `number` in Zoom; undefined when nobody has it (or the account does not have the number). */
export async function numberHolderInZoom(zoom: ZoomPort, number: string): Promise<ZoomHolder | undefined> {
  const n = await zoom.findPhoneNumber(number);
  const a = n?.assignee;
  if (!a || (!a.id && !a.name)) return undefined;
  return { id: a.id, name: a.name };
}

/**
 * Reads from Zoom, one targeted call per value, who has each of `values` now — for a step that is about to
 * rely on a few values (the drift report reads the full lists instead, then calls `holdsGivenToOthers`).
 */
export async function readZoomHolders(
  zoom: ZoomPort,
  values: readonly { kind: ValueKind; value: string }[],
): Promise<ZoomValues> {
  const out: Required<ZoomValues> = { phoneUsers: [], numbers: [] };
  for (const v of values) {
    if (v.kind === 'extension') {
      const h = await extensionHolderInZoom(zoom, v.value);
      if (h?.id) out.phoneUsers.push({ id: h.id, email: h.email, extensionNumber: v.value });
    } else {
      const h = await numberHolderInZoom(zoom, v.value);
      if (h) out.numbers.push({ number: v.value, assignee: { id: h.id, name: h.name } });
    }
  }
  return out;
}

/** Names a holder by e-mail for the admin (one read, only when a conflict is being reported). */
export async function withEmail(zoom: ZoomPort, holder: ZoomHolder): Promise<ZoomHolder> {
  if (holder.email || !holder.id) return holder;
  const u = await zoom.findUser(holder.id).catch(() => undefined);
  return u ? { ...holder, email: u.email.toLowerCase() } : holder;
}

/** The stale hold gone: Zoom, not phonebot, now decides who has the value. */
export async function releaseTakenHold(
  tx: Tx,
  taken: Pick<TakenHold, 'kind' | 'value' | 'requestId' | 'phoneUserId'>,
): Promise<void> {
  await tx.reservation.deleteMany({
    where: { kind: taken.kind, value: taken.value, requestId: taken.requestId, phoneUserId: taken.phoneUserId },
  });
}

/** `drift.adopted` fields for a taken hold, readable as they are shown to admins: held for X, used by Y. */
export function takenHoldDrift(t: TakenHold) {
  return [
    {
      field: t.kind,
      believed: `${t.value} (held for ${t.owner.email})`,
      zoom: `${t.value} (used by ${holderName(t.takenBy)})`,
    },
  ];
}

export function describeKind(kind: ValueKind): string {
  return kind === 'extension' ? 'Extension' : 'Number';
}
