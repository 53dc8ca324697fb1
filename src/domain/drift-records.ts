// phonebot's side of the drift report, read from its own database in a handful of queries (never one per
// user), shaped as domain/drift-report.ts compares it. `only` narrows it to the one record an Adopt click
// is about, so the click re-checks exactly what the report showed.
import type { Db } from '../db/database.js';
import type { DriftRef, HoldRecord, PhonebotRecords } from './drift-report.js';
import { OPEN_STATUSES } from './provisioning/types.js';
import { peekProgress } from './stored/index.js';

type Reader = Pick<Db, 'provisioningRequest' | 'phoneUser' | 'reservation'>;

const opt = (v: string | null | undefined) => v ?? undefined;

export async function loadPhonebotRecords(db: Reader, only?: DriftRef): Promise<PhonebotRecords> {
  const want = (k: DriftRef['kind']) => !only || only.kind === k;
  const [waiting, removed, holds, provisioned, knownUsers, openRequests, running] = await Promise.all([
    want('waiting')
      ? db.provisioningRequest.findMany({
          where: { status: 'waiting_activation', ...(only?.kind === 'waiting' ? { id: only.requestId } : {}) },
          orderBy: { id: 'asc' },
          select: { id: true, email: true, progress: true },
        })
      : [],
    want('removed')
      ? db.phoneUser.findMany({
          where: { state: 'soft_deleted', ...(only?.kind === 'removed' ? { id: only.phoneUserId } : {}) },
          orderBy: { email: 'asc' },
          select: { id: true, email: true, zoomUserId: true },
        })
      : [],
    want('hold')
      ? db.reservation.findMany({
          where: {
            kind: only?.kind === 'hold' ? only.hold : { in: ['extension', 'number'] },
            ...(only?.kind === 'hold' ? { value: only.value } : {}),
          },
          orderBy: [{ kind: 'asc' }, { value: 'asc' }],
        })
      : [],
    want('provisioned')
      ? db.phoneUser.findMany({
          where: { state: 'active', ...(only?.kind === 'provisioned' ? { id: only.phoneUserId } : {}) },
          orderBy: { email: 'asc' },
          select: { id: true, email: true, zoomUserId: true, extension: true, callingPlans: true, phoneNumbers: true },
        })
      : [],
    only ? [] : db.phoneUser.findMany({ select: { email: true } }),
    only
      ? []
      : db.provisioningRequest.findMany({ where: { status: { in: [...OPEN_STATUSES] } }, select: { email: true } }),
    db.provisioningRequest.findMany({ where: { status: 'queued' }, select: { email: true } }),
  ]);
  // A user whose request (add, update, removal, restore, purge) is running right now is not compared: the
  // engine is changing Zoom and the record as this reads them, and re-reads Zoom itself before each write.
  const busy = new Set(running.map((r) => r.email));
  return {
    waiting: waiting.map((r) => ({ requestId: r.id, email: r.email, zoomUserId: peekProgress(r).zoomUserId })),
    removed: removed
      .filter((u) => !busy.has(u.email))
      .map((u) => ({ phoneUserId: u.id, email: u.email, zoomUserId: opt(u.zoomUserId) })),
    holds: await holders(db, holds),
    provisioned: provisioned
      .filter((u) => !busy.has(u.email))
      .map((u) => ({
        phoneUserId: u.id,
        email: u.email,
        zoomUserId: opt(u.zoomUserId),
        extension: u.extension,
        callingPlans: u.callingPlans,
        phoneNumbers: u.phoneNumbers,
      })),
    known: new Set([...knownUsers, ...openRequests].map((r) => r.email.toLowerCase())),
  };
}

/** Whom each hold is for: the request's or the removed user's email and Zoom user id (two queries in all). */
async function holders(
  db: Reader,
  holds: { kind: string; value: string; requestId: number | null; phoneUserId: string | null }[],
): Promise<HoldRecord[]> {
  if (holds.length === 0) return [];
  const requestIds = [...new Set(holds.map((h) => h.requestId).filter((x): x is number => x !== null))];
  const userIds = [...new Set(holds.map((h) => h.phoneUserId).filter((x): x is string => x !== null))];
  const [requests, users] = await Promise.all([
    requestIds.length
      ? db.provisioningRequest.findMany({
          where: { id: { in: requestIds } },
          select: { id: true, email: true, progress: true },
        })
      : [],
    userIds.length
      ? db.phoneUser.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, zoomUserId: true } })
      : [],
  ]);
  const byRequest = new Map(requests.map((r) => [r.id, { email: r.email, zoomUserId: peekProgress(r).zoomUserId }]));
  const byUser = new Map(users.map((u) => [u.id, { email: u.email, zoomUserId: opt(u.zoomUserId) }]));
  return holds.map((h) => {
    const who =
      h.requestId !== null
        ? byRequest.get(h.requestId)
        : h.phoneUserId !== null
          ? byUser.get(h.phoneUserId)
          : undefined;
    return {
      kind: h.kind as 'extension' | 'number',
      value: h.value,
      requestId: h.requestId ?? undefined,
      phoneUserId: opt(h.phoneUserId),
      holderEmail: who?.email,
      holderZoomUserId: who?.zoomUserId,
    };
  });
}
