// Every phone user of the account (or of one site) as plain rows, for `/phone export` and
// `npm run phonebot -- export`. Read with paged list calls only — the phone users (100 a page) and the
// catalog phonebot already caches — never one call per user, so 10,000 users cost about 100 reads.
// Written for the update import to read back: plan and site are written as names that resolve to exactly
// the plan and site the user has (the plan's code when two plans share a name), so uploading the file
// unedited asks for no change.
import type { Db } from '../db/database.js';
import type { ZoomPort } from './ports.js';
import { type Catalog, type CatalogCache, findByName, normaliseName } from './catalog.js';

export interface ExportRow {
  email: string;
  /** Zoom's display name; the import cannot change names, so it is for reading only. */
  name: string;
  extension?: string;
  /** Calling plan names as the import resolves them (code when the name is shared). */
  plans: string[];
  numbers: string[];
  site?: string;
  /** The setting template phonebot last applied, when phonebot provisioned the user (Zoom lists none). */
  template?: string;
  /** Not read yet: desk phones and call queues come with issue 15; the columns are there, empty. */
  deskPhone?: string;
  queues: string[];
}

export type ExportResult =
  { ok: true; rows: ExportRow[]; site?: { id: string; name: string } } | { ok: false; problem: string };

export interface ExportDeps {
  db: Db;
  zoom: ZoomPort;
  catalog: CatalogCache;
}

function planName(type: number, zoomName: string | undefined, catalog: Catalog): string {
  const name = catalog.plans.find((p) => p.type === type)?.name ?? zoomName;
  if (!name) return String(type);
  const shared = catalog.plans.filter((p) => normaliseName(p.name) === normaliseName(name)).length > 1;
  return shared ? String(type) : name;
}

function siteName(id: string | undefined, catalog: Catalog): string | undefined {
  if (!id) return undefined;
  const site = catalog.sites.find((s) => s.id === id);
  if (!site) return id;
  // Two sites with one name: only the id tells the import which one.
  return catalog.sites.filter((s) => s.name.toLowerCase() === site.name.toLowerCase()).length > 1 ? id : site.name;
}

export async function exportPhoneUsers(deps: ExportDeps, opts: { site?: string } = {}): Promise<ExportResult> {
  const catalog = await deps.catalog.get();
  let site: { id: string; name: string } | undefined;
  if (opts.site !== undefined) {
    const found = findByName(catalog.sites, opts.site);
    if (!found)
      return {
        ok: false,
        problem: `There is no site "${opts.site}" in Zoom; sites: ${catalog.sites.map((s) => s.name).join(', ') || 'none'}`,
      };
    site = { id: found.id, name: found.name };
  }
  const listed = [];
  for await (const p of deps.zoom.listPhoneUsers({ pageSize: 100, siteId: site?.id })) listed.push(p);
  const known = await deps.db.phoneUser.findMany({
    where: { templateName: { not: null }, state: { notIn: ['purged', 'cancelled'] } },
    select: { email: true, templateId: true, templateName: true },
  });
  const templateOf = new Map(known.map((k) => [k.email.toLowerCase(), k]));
  const rows = listed.map((p): ExportRow => {
    const email = (p.email ?? p.id).toLowerCase();
    const t = templateOf.get(email);
    // A template since deleted in Zoom is left out: the import would refuse its name.
    const template = t && catalog.templates.some((x) => x.id === t.templateId) ? t.templateName! : undefined;
    return {
      email,
      name: p.name ?? '',
      extension: p.extensionNumber,
      plans: p.callingPlans.map((c) => planName(c.type, c.name, catalog)),
      numbers: p.phoneNumbers.map((n) => n.number),
      site: siteName(p.siteId, catalog),
      template,
      queues: [],
    };
  });
  rows.sort((a, b) => a.email.localeCompare(b.email));
  return { ok: true, rows, site };
}
