// The audit log is append-only: this module is the only writer and it only inserts. Every state change
// phonebot makes (and every refused attempt) lands here with who, what, the before/after, and the Zoom
// tracking ids of the calls that made it.
import type { Db } from '../db/database.js';
import { type AuditOutcome, toJson } from './stored/index.js';
import { type TracedCall, trackingIds } from './zoom-call-trace.js';

export const SYSTEM_ACTOR = 'phonebot';

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  requestId?: number | null;
  batchId?: number | null;
  outcome?: AuditOutcome;
  /** Stored as JSON (stored/audit-json.ts): any object, as JSON.stringify writes it. */
  before?: object | null;
  after?: object | null;
  detail?: object | null;
  zoomCalls?: TracedCall[];
}

type Tx = Pick<Db, 'auditLog'>;

const json = (v: object | null | undefined) => (v === undefined || v === null ? undefined : toJson(v));

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
