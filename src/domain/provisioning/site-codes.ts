// Sites with site codes: a user's full extension is the site code followed by a short extension of the
// site's `short_extension.length` digits (docs/reference/zoom-api.md §7.3). PATCH /phone/users/{id} takes the full
// extension; POST /phone/users/batch takes the short one ("do not include the site code", §7.4).
import type { ZoomPort, ZoomSite } from '../ports.js';

export interface SiteCode {
  code: string;
  shortLength: number;
}

/** By site id; sites without a code are not in it. */
export type SiteCodes = ReadonlyMap<string, SiteCode>;

export const hasSiteCode = (s: ZoomSite) => s.siteCode !== undefined;

/** Only the single-site call reports `short_extension.length` (Light, one per site with a code). */
export async function loadSiteCodes(zoom: ZoomPort, sites: ZoomSite[]): Promise<Map<string, SiteCode>> {
  const coded = sites.filter(hasSiteCode);
  const details = await Promise.all(coded.map((s) => zoom.getSite(s.id)));
  // A site deleted between the two reads has no detail: it keeps Zoom's default length until the catalog reloads.
  return new Map(
    coded.map((s, i) => [s.id, { code: String(s.siteCode), shortLength: details[i]?.shortExtensionLength ?? 3 }]),
  );
}

/**
 * The extension the batch call takes for a user of `siteId` whose full extension is `extension`: the
 * extension itself on a site without a code, the short part on a site with one, or null when the full
 * extension is not this site's code followed by a short extension of the site's length (the batch call
 * cannot express it; the per-user PATCH sends the full extension and lets Zoom judge it).
 */
export function batchExtension(extension: string, siteId: string | undefined, codes: SiteCodes): string | null {
  const site = siteId === undefined ? undefined : codes.get(siteId);
  if (!site) return extension;
  if (!extension.startsWith(site.code) || extension.length !== site.code.length + site.shortLength) return null;
  return extension.slice(site.code.length);
}
