// An import row whose extension phonebot picked ("next free" at the dry run) can find it taken when the
// import runs: another file previewed at the same time picked the same one and ran first, or someone was
// given it with /phone add since. The row asked for *an* extension, not that one, so it takes the next free
// one instead of failing. Rows that named their extension keep failing with the reason: that is the admin's
// choice to make. Zoom itself is checked by the provisioning step before the extension is written.
import { Prisma } from '../../db/records.js';
import type { Tx } from '../provisioning/types.js';
import { type ExtensionRange, extensionCandidates } from '../extension-rule.js';
import type { QueuedInput } from '../requests.js';

type QueuedAdd = Extract<QueuedInput, { kind: 'add' }>;
const isAdd = (p: QueuedInput): p is QueuedAdd => p.kind === 'add';
const ext = (p: QueuedAdd) => p.desired.extension;

/** The new requests among `inputs` whose automatic extension is now held, or used by a phonebot user. */
export async function takenAutoExtensions(
  db: Pick<Tx, 'provisioningRequest' | 'reservation' | 'phoneUser'>,
  inputs: QueuedInput[],
): Promise<QueuedAdd[]> {
  const autos = inputs.filter(isAdd).filter((p) => p.desired.extensionAuto && ext(p));
  if (autos.length === 0) return [];
  // A request queued before a crash keeps what it has.
  const existing = new Set(
    (
      await db.provisioningRequest.findMany({
        where: { idempotencyKey: { in: autos.map((a) => a.idempotencyKey) } },
        select: { idempotencyKey: true },
      })
    ).map((r) => r.idempotencyKey),
  );
  const fresh = autos.filter((a) => !existing.has(a.idempotencyKey));
  if (fresh.length === 0) return [];
  const wanted = fresh.map(ext);
  const [held, used] = await Promise.all([
    db.reservation.findMany({ where: { kind: 'extension', value: { in: wanted } }, select: { value: true } }),
    db.phoneUser.findMany({
      where: { extension: { in: wanted }, state: { notIn: ['purged', 'cancelled'] } },
      select: { extension: true, email: true },
    }),
  ]);
  const takenNow = new Set([
    ...held.map((h) => h.value),
    ...used.filter((u) => !fresh.some((f) => f.email === u.email && ext(f) === u.extension)).map((u) => u.extension!),
  ]);
  return fresh.filter((p) => takenNow.has(ext(p)));
}

export interface RepickedExtension {
  row: number;
  from: string;
  to: string;
}

/**
 * Rewrites, in place, the auto extension of each new request whose value is now held or used by someone
 * else. `zoomExtensions` are the extensions Zoom has given (read by the caller before the transaction):
 * phonebot's records do not know extensions given in the portal or by SCIM.
 */
export async function repickTakenAutoExtensions(
  tx: Tx,
  batchId: number,
  inputs: QueuedInput[],
  range: ExtensionRange,
  zoomExtensions: ReadonlySet<string> = new Set(),
): Promise<RepickedExtension[]> {
  const victims = await takenAutoExtensions(tx, inputs);
  if (victims.length === 0) return [];

  // Everything a new pick must avoid: holds, phonebot's users, and every extension of this import (rows
  // not queued yet have no hold, but keep theirs).
  const [allHeld, allUsed, fileExtensions] = await Promise.all([
    tx.reservation.findMany({ where: { kind: 'extension' }, select: { value: true } }),
    tx.phoneUser.findMany({
      where: { extension: { not: null }, state: { notIn: ['purged', 'cancelled'] } },
      select: { extension: true },
    }),
    tx.$queryRaw<
      { ext: string | null }[]
    >`SELECT normalized->'desired'->>'extension' AS ext FROM "BatchRow" WHERE "batchId" = ${batchId}`,
  ]);
  const avoid = new Set<string>([
    ...allHeld.map((h) => h.value),
    ...allUsed.map((u) => u.extension!),
    ...fileExtensions.map((f) => f.ext).filter((x): x is string => Boolean(x)),
    ...inputs
      .map((p) => (p.kind === 'add' || p.kind === 'update' ? p.desired.extension : undefined))
      .filter((x): x is string => Boolean(x)),
  ]);
  const candidates = extensionCandidates(range, { has: (e) => avoid.has(e) || zoomExtensions.has(e) });
  const moved: RepickedExtension[] = [];
  for (const p of victims) {
    const next = candidates.next();
    // None left: the row keeps its value and fails with the reason when its hold is refused.
    if (next.done) break;
    const from = ext(p);
    p.desired = { ...p.desired, extension: next.value };
    p.holds = p.holds.map((h) => (h.kind === 'extension' ? { ...h, value: next.value } : h));
    moved.push({ row: p.batch!.row, from, to: next.value });
  }
  if (moved.length) {
    // The row's plan follows, so the result file shows the extension the row really got.
    await tx.$executeRaw`
      UPDATE "BatchRow" AS b SET normalized = jsonb_set(
        jsonb_set(b.normalized, '{desired,extension}', to_jsonb(v.ext)),
        '{notes}', COALESCE(b.normalized->'notes', '[]'::jsonb) || to_jsonb(v.note))
      FROM (VALUES ${Prisma.join(moved.map((m) => Prisma.sql`(${m.row}::int, ${m.to}::text, ${`extension ${m.to} instead: ${m.from} was taken after the dry run`}::text)`))}) AS v(row, ext, note)
      WHERE b."batchId" = ${batchId} AND b."rowNumber" = v.row`;
  }
  return moved;
}
