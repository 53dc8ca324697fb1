// Whether an error while queueing an import row is about the row (it will fail the same way every time,
// so the row fails with the reason) or about the database being away for a moment (the whole chunk is
// retried on the monitor's next tick, and the row must not be failed for it).
import { Prisma } from '../../db/records.js';
import { isZoomError } from '../zoom-errors.js';

// SQLSTATE classes that say nothing about the data: connection exceptions, insufficient resources,
// operator intervention (a restart), transaction rollbacks (serialization failures, deadlocks).
const TRANSIENT_SQLSTATE = /^(08|53|57|40)/;
const TRANSIENT_MESSAGE = /connect|socket|terminat|timed? ?out|ECONN|EPIPE|closed the connection/i;

export function isAboutTheRow(err: unknown): boolean {
  // Zoom is only read while queueing to re-pick a taken extension: Zoom being away is never the row's fault.
  if (isZoomError(err)) return false;
  if (err instanceof Prisma.PrismaClientValidationError) return true;
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    // P1xxx: the database cannot be reached; P2024: no connection from the pool in time; P2028: the
    // transaction was closed under us.
    if (/^P1/.test(err.code) || err.code === 'P2024' || err.code === 'P2028') return false;
    const sqlState = /Code: `([0-9A-Z]{5})`/.exec(err.message)?.[1];
    if (sqlState) return !TRANSIENT_SQLSTATE.test(sqlState);
    return !TRANSIENT_MESSAGE.test(err.message);
  }
  if (
    err instanceof Prisma.PrismaClientInitializationError ||
    err instanceof Prisma.PrismaClientUnknownRequestError ||
    err instanceof Prisma.PrismaClientRustPanicError
  )
    return false;
  // Anything else comes from planning the row itself (its stored plan cannot be turned into a request),
  // unless it is a network error of the database driver.
  const e = err as { code?: unknown; message?: unknown };
  return !(typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) && !TRANSIENT_MESSAGE.test(String(e.message ?? ''));
}
