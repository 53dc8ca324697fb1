import { ZoomApiError } from '../errors.js';
import { route, type Route } from '../router.js';
import type { SiteRecord } from '../state.js';
import { listPage } from './helpers.js';

function invalidToken(): ZoomApiError {
  return new ZoomApiError(400, 300, 'The next page token is invalid or expired.');
}

function siteItem(s: SiteRecord): Record<string, unknown> {
  const item: Record<string, unknown> = { id: s.id, name: s.name, country: s.country };
  if (s.siteCode !== undefined) item.site_code = s.siteCode;
  if (s.mainAutoReceptionist) {
    const ar = s.mainAutoReceptionist;
    item.main_auto_receptionist = {
      id: ar.id,
      extension_id: ar.extensionId,
      name: ar.name,
      extension_number: Number(ar.extensionNumber),
    };
  }
  return item;
}

export const siteRoutes: Route[] = [
  route('GET', '/phone/sites', ({ em, query }) => {
    const name = query.get('site_name');
    const sites = em.state.sites.filter((s) => name === null || s.name.toLowerCase().includes(name.toLowerCase()));
    return listPage(
      em,
      'sites',
      sites,
      { scope: `GET /phone/sites?site_name=${name ?? ''}`, query, defaultSize: 30, maxSize: 300, invalidToken },
      siteItem,
    );
  }),

  // Only the single-site answer shows short_extension (docs/reference/zoom-api.md §7.8) and the default emergency address.
  route('GET', '/phone/sites/{siteId}', ({ em, params }) => {
    const s = em.state.site(params.siteId ?? '');
    if (!s) throw new ZoomApiError(400, 400, 'The site does not exist.');
    const body: Record<string, unknown> = { id: s.id, name: s.name, country: s.country };
    if (s.siteCode !== undefined) body.site_code = s.siteCode;
    if (s.mainAutoReceptionist) {
      const ar = s.mainAutoReceptionist;
      body.main_auto_receptionist = {
        id: ar.id,
        extension_id: ar.extensionId,
        name: ar.name,
        extension_number: Number(ar.extensionNumber),
      };
    }
    const a = em.state.siteDefaultAddress(s.id);
    if (a) {
      body.default_emergency_address = {
        id: a.id,
        address_line1: a.addressLine1,
        ...(a.addressLine2 === undefined ? {} : { address_line2: a.addressLine2 }),
        city: a.city,
        state_code: a.stateCode,
        zip: a.zip,
        country: a.country,
        is_default: a.isDefault,
        level: a.level,
        status: a.status,
      };
    }
    body.short_extension = { length: s.shortExtensionLength ?? 3 };
    return { status: 200, body };
  }),

  route('GET', '/phone/setting_templates', ({ em, query }) => {
    const siteId = query.get('site_id');
    if (siteId !== null && !em.state.site(siteId)) throw new ZoomApiError(404, 404, 'Site does not exist.');
    const templates = em.state.templates.filter(
      (t) => siteId === null || t.siteId === undefined || t.siteId === siteId,
    );
    return listPage(
      em,
      'templates',
      templates,
      {
        scope: `GET /phone/setting_templates?site_id=${siteId ?? ''}`,
        query,
        defaultSize: 30,
        maxSize: 300,
        invalidToken,
      },
      (t) => ({ id: t.id, name: t.name, description: t.description, type: 'user' }),
    );
  }),
];
