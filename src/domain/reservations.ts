// Values phonebot has promised to someone: an extension or a number held for a pending or soft-deleted
// user, and the email of a user with work in flight (so the same person is never provisioned twice).
// The (kind, value) primary key makes "held by someone else" a database fact, safe across replicas.
import type { Db } from '../db/database.js';
import { Prisma } from '../db/records.js';

export type ReservationKind = 'email' | 'extension' | 'number';

export interface Hold {
  kind: ReservationKind;
  value: string;
}

type Tx = Pick<Db, 'reservation'>;

export class HeldError extends Error {
  constructor(
    readonly hold: Hold,
    readonly holder: { requestId: number | null; phoneUserId: string | null },
  ) {
    super(`${hold.kind} ${hold.value} is held`);
    this.name = 'HeldError';
  }
}

export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

export async function findHolder(db: Tx, hold: Hold) {
  return db.reservation.findUnique({ where: { kind_value: { kind: hold.kind, value: hold.value } } });
}

/** Inserts the holds one by one inside the caller's transaction; the first one taken raises HeldError. */
export async function hold(
  db: Tx,
  holds: Hold[],
  owner: { requestId?: number; phoneUserId?: string },
  expiresAt?: Date,
): Promise<void> {
  for (const h of holds) {
    const existing = await findHolder(db, h);
    if (existing) {
      const same =
        (owner.requestId !== undefined && existing.requestId === owner.requestId) ||
        (owner.phoneUserId !== undefined && existing.phoneUserId === owner.phoneUserId);
      if (same) continue;
      throw new HeldError(h, { requestId: existing.requestId, phoneUserId: existing.phoneUserId });
    }
    try {
      await db.reservation.create({
        data: {
          kind: h.kind,
          value: h.value,
          requestId: owner.requestId ?? null,
          phoneUserId: owner.phoneUserId ?? null,
          expiresAt,
        },
      });
    } catch (err) {
      // Another replica took it between the read and the insert.
      if (isUniqueViolation(err)) throw new HeldError(h, { requestId: null, phoneUserId: null });
      throw err;
    }
  }
}

export async function releaseForRequest(db: Tx, requestId: number, kinds?: ReservationKind[]): Promise<void> {
  await db.reservation.deleteMany({ where: { requestId, ...(kinds ? { kind: { in: kinds } } : {}) } });
}

export async function releaseForPhoneUser(db: Tx, phoneUserId: string, kinds?: ReservationKind[]): Promise<void> {
  await db.reservation.deleteMany({ where: { phoneUserId, ...(kinds ? { kind: { in: kinds } } : {}) } });
}

export async function heldValues(db: Tx, kind: ReservationKind): Promise<Set<string>> {
  const rows = await db.reservation.findMany({ where: { kind }, select: { value: true } });
  return new Set(rows.map((r) => r.value));
}
