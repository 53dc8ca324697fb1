import { ZoomApiError } from '../errors.js';
import { route, type Route } from '../router.js';
import type { SiteRecord } from '../state.js';

function invalidToken(): ZoomApiError {
  return new ZoomApiError(400, 300, 'The next page token is invalid or expired.');
}

function siteItem(s: SiteRecord): Record<string, unknown> {
  const item: Record<string, unknown> = { id: s.id, name: s.name, country: s.country };
  if (s.siteCode !== undefined) item.site_code = s.siteCode;
  if (s.mainAutoReceptionist) {
    const ar = s.mainAutoReceptionist;
    item.main_auto_receptionist = { id: ar.id, extension_id: ar.extensionId, name: ar.name, extension_number: Number(ar.extensionNumber) };
  }
  return item;
}

export const siteRoutes: Route[] = [
  route('GET', '/phone/sites', ({ em, query }) => {
    const name = query.get('site_name');
    const sites = em.state.sites.filter((s) => name === null || s.name.toLowerCase().includes(name.toLowerCase()));
    const page = em.pages.paginate(sites, { scope: `GET /phone/sites?site_name=${name ?? ''}`, query, defaultSize: 30, maxSize: 300, invalidToken });
    return {
      status: 200,
      body: {
        next_page_token: page.nextPageToken,
        page_size: page.pageSize,
        total_records: page.total,
        sites: page.items.map(siteItem),
      },
    };
  }),

  // The list has no short_extension; only the single site does (zoom-api.md §7.8).
  route('GET', '/phone/sites/{siteId}', ({ em, params }) => {
    const site = em.state.site(params.siteId ?? '');
    // The spec's only error for this operation: 400/400 (not the 404 other site look-ups give).
    if (!site) throw new ZoomApiError(400, 400, 'The site does not exist.');
    return { status: 200, body: { ...siteItem(site), short_extension: { length: site.shortExtensionLength ?? 3 } } };
  }),

  route('GET', '/phone/setting_templates', ({ em, query }) => {
    const siteId = query.get('site_id');
    if (siteId !== null && !em.state.site(siteId)) throw new ZoomApiError(404, 404, 'Site does not exist.');
    const templates = em.state.templates.filter((t) => siteId === null || t.siteId === undefined || t.siteId === siteId);
    const page = em.pages.paginate(templates, { scope: `GET /phone/setting_templates?site_id=${siteId ?? ''}`, query, defaultSize: 30, maxSize: 300, invalidToken });
    return {
      status: 200,
      body: {
        next_page_token: page.nextPageToken,
        page_size: page.pageSize,
        total_records: page.total,
        templates: page.items.map((t) => ({ id: t.id, name: t.name, description: t.description, type: 'user' })),
      },
    };
  }),
];
