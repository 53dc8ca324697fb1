// Is this extension (or number) free for this person? The one rule, used by /phone add and the forms
// (validate-add.ts), the CSV dry run (bulk/live-check.ts, which gathers the facts for a whole file at once)
// and /phone ext (lifecycle.ts): a value is taken when Zoom gives it to somebody else — Zoom is the truth, so
// that is checked first — or when phonebot holds it for another request or a removed user it may restore.
import type { Db } from '../db/database.js';
import { extensionHolderInZoom } from './holds-vs-zoom.js';
import type { ZoomPort } from './ports.js';
import { findHolder } from './reservations.js';

export type HeldKind = 'email' | 'extension' | 'number';

export type Taken = { by: 'zoom'; owner: string } | { by: 'hold'; holder: string };

/** What is known about one value: who has it in Zoom, and whom phonebot holds it for (already described). */
export interface ValueFacts {
  zoomOwner?: string;
  heldFor?: string;
}

/** The rule itself: taken by Zoom's holder unless that is `forEmail`, else by phonebot's hold. */
export function takenBy(facts: ValueFacts, forEmail?: string): Taken | undefined {
  if (facts.zoomOwner && facts.zoomOwner !== forEmail) return { by: 'zoom', owner: facts.zoomOwner };
  if (facts.heldFor) return { by: 'hold', holder: facts.heldFor };
  return undefined;
}

/** "extension 4021 is already used by bob@corp.com in Zoom" / "extension 4021 is held for request #12 for …". */
export function takenMessage(what: string, taken: Taken): string {
  return taken.by === 'zoom'
    ? `${what} is already used by ${taken.owner} in Zoom`
    : `${what} is held for ${taken.holder}`;
}

/** Whom a hold is for, in words an admin can act on. */
export async function describeHolder(db: Db, requestId: number | null, phoneUserId: string | null): Promise<string> {
  if (requestId !== null) {
    const req = await db.provisioningRequest.findUnique({ where: { id: requestId }, select: { email: true } });
    return `request #${requestId}${req ? ` for ${req.email}` : ''}`;
  }
  if (phoneUserId !== null) {
    const user = await db.phoneUser.findUnique({ where: { id: phoneUserId }, select: { email: true, state: true } });
    if (user?.state === 'soft_deleted') return `${user.email} (removed, restorable until purge)`;
    return user ? user.email : 'another user';
  }
  return 'another request';
}

/** Whom phonebot holds `value` for, unless that is the request being decided (`ownRequestId`). */
export async function heldFor(
  db: Db,
  kind: HeldKind,
  value: string,
  ownRequestId?: number,
): Promise<string | undefined> {
  const holder = await findHolder(db, { kind, value });
  if (!holder || (ownRequestId !== undefined && holder.requestId === ownRequestId)) return undefined;
  return describeHolder(db, holder.requestId, holder.phoneUserId);
}

/** The phone user holding `extension` in Zoom, if any (keyword search matches partially, so compare exactly). */
export async function extensionOwnerInZoom(zoom: ZoomPort, extension: string): Promise<string | undefined> {
  const h = await extensionHolderInZoom(zoom, extension);
  return h ? (h.email ?? h.id) : undefined;
}

/** One extension, read now from phonebot's holds and from Zoom. Zoom errors are the caller's to report. */
export async function extensionTaken(
  deps: { db: Db; zoom: ZoomPort },
  extension: string,
  opts: { forEmail?: string; ownRequestId?: number } = {},
): Promise<Taken | undefined> {
  const [held, owner] = await Promise.all([
    heldFor(deps.db, 'extension', extension, opts.ownRequestId),
    extensionOwnerInZoom(deps.zoom, extension),
  ]);
  return takenBy({ zoomOwner: owner, heldFor: held }, opts.forEmail);
}
