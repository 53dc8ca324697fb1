// Choosing a free extension or direct number: free in phonebot (not held, not a known user's) and free in
// Zoom at the moment of asking. Used when an add is validated and again, in the step that writes the
// value, when Zoom gave the chosen one to someone else meanwhile (provisioning/value-preconditions.ts).
import type { Db } from '../db/database.js';
import type { ZoomPort } from './ports.js';
import { type ExtensionRange, extensionCandidates } from './extension-rule.js';
import { extensionHolderInZoom } from './holds-vs-zoom.js';
import { heldValues } from './reservations.js';

const MAX_EXTENSION_PROBES = 25;

type ReadDb = Pick<Db, 'reservation' | 'phoneUser'>;

/**
 * The lowest extension of `range` that phonebot does not hold or know and that nobody has in Zoom;
 * undefined when none is found within a few Zoom look-ups. Zoom errors are the caller's to report.
 */
export async function nextFreeExtension(
  db: ReadDb,
  zoom: ZoomPort,
  range: ExtensionRange,
  skip: ReadonlySet<string> = new Set(),
): Promise<string | undefined> {
  const known = await db.phoneUser.findMany({
    where: { extension: { not: null }, state: { not: 'purged' } },
    select: { extension: true },
  });
  const taken = new Set([...(await heldValues(db, 'extension')), ...known.map((k) => k.extension!), ...skip]);
  let probes = 0;
  for (const candidate of extensionCandidates(range, taken)) {
    if (++probes > MAX_EXTENSION_PROBES) return undefined;
    if (!(await extensionHolderInZoom(zoom, candidate))) return candidate;
  }
  return undefined;
}

/** The first unassigned number of the account that phonebot does not hold; undefined when none is left. */
export async function nextFreeNumber(
  db: ReadDb,
  zoom: ZoomPort,
  skip: ReadonlySet<string> = new Set(),
  pool: { siteId?: string; prefix?: string } = {},
): Promise<string | undefined> {
  const held = await heldValues(db, 'number');
  for await (const n of zoom.listPhoneNumbers('unassigned')) {
    if (pool.siteId && n.site?.id !== pool.siteId) continue;
    if (pool.prefix && !n.number.startsWith(pool.prefix)) continue;
    if (!held.has(n.number) && !skip.has(n.number)) return n.number;
  }
  return undefined;
}
