// The audit log is append-only: this module is the only writer and it only inserts. Every state change
// phonebot makes (and every refused attempt) lands here with who, what, the before/after, and the Zoom
// tracking ids of the calls that made it.
import type { Db } from '../db/database.js';
import type { Prisma } from '../db/records.js';
import { type TracedCall, trackingIds } from './zoom-call-trace.js';

export const SYSTEM_ACTOR = 'phonebot';

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  requestId?: number | null;
  batchId?: number | null;
  outcome?: 'ok' | 'failed' | 'refused' | 'skipped';
  before?: unknown;
  after?: unknown;
  detail?: unknown;
  zoomCalls?: TracedCall[];
}

type Tx = Pick<Db, 'auditLog'>;

const json = (v: unknown) =>
  v === undefined || v === null ? undefined : (JSON.parse(JSON.stringify(v)) as Prisma.InputJsonValue);

export async function audit(db: Tx, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actor: entry.actor,
      action: entry.action,
      target: entry.target ?? null,
      requestId: entry.requestId ?? null,
      batchId: entry.batchId ?? null,
      outcome: entry.outcome ?? 'ok',
      before: json(entry.before),
      after: json(entry.after),
      detail: json(entry.detail),
      zoomTrackingIds: entry.zoomCalls ? trackingIds(entry.zoomCalls) : [],
    },
  });
}

export async function recentAudit(db: Pick<Db, 'auditLog'>, opts: { target?: string; since: Date; limit?: number }) {
  return db.auditLog.findMany({
    where: { at: { gte: opts.since }, ...(opts.target ? { target: opts.target } : {}) },
    orderBy: { id: 'desc' },
    take: opts.limit,
  });
}
