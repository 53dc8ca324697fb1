// What the last drift report found, kept as an audit entry (`drift.reported`) when a report runs for real
// (the scheduled job, `/phone drift`), so the App Home can show it without reading Zoom again. The report
// itself stays read-only on phonebot's records: this is the log of a reading, like `batch.previewed`.
import type { Db } from '../db/database.js';
import { audit } from './audit.js';
import { describeItem, type DriftReport } from './drift-report.js';

const TITLES_KEPT = 10;

export interface DriftSummary {
  at: Date;
  actor: string;
  differences: number;
  /** The first findings, one line each (describeItem's title). */
  titles: string[];
  unseen: number;
}

export async function recordDriftReport(db: Pick<Db, 'auditLog'>, actor: string, report: DriftReport): Promise<void> {
  const kinds: Record<string, number> = {};
  for (const item of report.items) kinds[item.kind] = (kinds[item.kind] ?? 0) + 1;
  await audit(db, {
    actor,
    action: 'drift.reported',
    detail: {
      differences: report.items.length,
      kinds,
      titles: report.items.slice(0, TITLES_KEPT).map((i) => describeItem(i).title),
      unseen: report.unseen.length,
    },
  });
}

export async function lastDriftReport(db: Pick<Db, 'auditLog'>): Promise<DriftSummary | undefined> {
  const row = await db.auditLog.findFirst({ where: { action: 'drift.reported' }, orderBy: { id: 'desc' } });
  if (!row) return undefined;
  const d = (row.detail ?? {}) as { differences?: unknown; titles?: unknown; unseen?: unknown };
  return {
    at: row.at,
    actor: row.actor,
    differences: typeof d.differences === 'number' ? d.differences : 0,
    titles: Array.isArray(d.titles) ? d.titles.filter((t): t is string => typeof t === 'string') : [],
    unseen: typeof d.unseen === 'number' ? d.unseen : 0,
  };
}
