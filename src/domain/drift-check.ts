// Runs the drift report: phonebot's records (drift-records.ts) against Zoom's paged lists
// (zoom/account-lists.ts), compared by drift-report.ts. Read-only on both sides: nothing is written to
// Zoom or to phonebot's database here; adopting a finding is drift-adopt.ts.
import type { Db } from '../db/database.js';
import { readZoomFor, readZoomLists } from './zoom-lists.js';
import { compareWithZoom, type DriftItem, type DriftRef, type DriftReport } from './drift-report.js';
import { loadPhonebotRecords } from './drift-records.js';
import type { ZoomPort } from './ports.js';

export interface DriftDeps {
  db: Db;
  zoom: ZoomPort;
}

export async function checkDrift(deps: DriftDeps): Promise<DriftReport> {
  // phonebot first, then Zoom: Zoom's lists are the newer side, so what phonebot does meanwhile (its own
  // writes reach Zoom) can at worst show as a difference the Adopt click finds gone, never the reverse —
  // a record newer than Zoom's lists reported against them.
  const records = await loadPhonebotRecords(deps.db);
  const zoom = await readZoomLists(deps.zoom);
  return compareWithZoom(records, zoom);
}

/**
 * The finding about one record as it stands now: phonebot's record and Zoom read again (a few targeted
 * calls), compared the same way as the report. Undefined when they agree now.
 */
export async function recheckDrift(deps: DriftDeps, ref: DriftRef): Promise<{ item?: DriftItem; exists: boolean }> {
  const records = await loadPhonebotRecords(deps.db, ref);
  const record = records.waiting[0] ?? records.removed[0] ?? records.holds[0] ?? records.provisioned[0];
  if (!record) return { exists: false };
  const zoom =
    'kind' in record
      ? await readZoomFor(deps.zoom, { [record.kind]: record.value })
      : await readZoomFor(deps.zoom, { user: record.zoomUserId ?? record.email });
  return { item: compareWithZoom(records, zoom).items[0], exists: true };
}
