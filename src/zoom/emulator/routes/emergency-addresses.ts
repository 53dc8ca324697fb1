import type { EmulatorContext } from '../context.js';
import { ZoomApiError, invalidField, userNotFound } from '../errors.js';
import { newId } from '../ids.js';
import { route, type Route } from '../router.js';
import type { EmergencyAddressRecord } from '../state.js';
import { bodyObject, listPage } from './helpers.js';

function invalidToken(): ZoomApiError {
  return new ZoomApiError(400, 300, 'The next page token is invalid or expired.');
}

/** The list and get answers print the owner's extension as an integer, the create answer as a string ([P]). */
export function addressBody(
  em: EmulatorContext,
  a: EmergencyAddressRecord,
  extensionAs: 'integer' | 'string' = 'integer',
): Record<string, unknown> {
  const item: Record<string, unknown> = {
    id: a.id,
    address_line1: a.addressLine1,
    city: a.city,
    state_code: a.stateCode,
    zip: a.zip,
    country: a.country,
    is_default: a.isDefault,
    level: a.level,
    status: a.status,
  };
  if (a.addressLine2 !== undefined) item.address_line2 = a.addressLine2;
  const site = em.state.site(a.siteId);
  if (site) item.site = { id: site.id, name: site.name };
  const owner = a.userId === undefined ? undefined : em.state.findUser(a.userId);
  if (owner) {
    const ext = owner.phone?.extensionNumber;
    item.owner = {
      id: owner.id,
      name: owner.displayName || owner.email,
      ...(ext === undefined ? {} : { extension_number: extensionAs === 'integer' ? Number(ext) : ext }),
    };
  }
  return item;
}

const REQUIRED = ['address_line1', 'city', 'state_code', 'zip', 'country'] as const;

export const emergencyAddressRoutes: Route[] = [
  route('GET', '/phone/emergency_addresses', ({ em, query }) => {
    const siteId = query.get('site_id');
    const userId = query.get('user_id');
    const keyword = query.get('address_keyword')?.toLowerCase();
    if (siteId !== null && !em.state.site(siteId)) throw new ZoomApiError(400, 400, `Site does not exist: ${siteId}`);
    const owner = userId === null ? undefined : em.state.findUser(userId);
    const list = em.state.emergencyAddresses.filter(
      (a) =>
        (siteId === null || a.siteId === siteId) &&
        (userId === null || (owner !== undefined && a.userId === owner.id)) &&
        (keyword === undefined ||
          [a.addressLine1, a.addressLine2 ?? '', a.city, a.stateCode, a.zip].some((f) =>
            f.toLowerCase().includes(keyword),
          )),
    );
    return listPage(
      em,
      'emergency_addresses',
      list,
      {
        scope: `GET /phone/emergency_addresses?${siteId ?? ''}&${userId ?? ''}&${keyword ?? ''}`,
        query,
        defaultSize: 30,
        maxSize: 100,
        invalidToken,
      },
      (a) => addressBody(em, a),
    );
  }),

  route('GET', '/phone/emergency_addresses/{emergencyAddressId}', ({ em, params }) => {
    const id = params.emergencyAddressId ?? '';
    const a = em.state.emergencyAddresses.find((x) => x.id === id);
    if (!a) throw new ZoomApiError(400, 400, `Emergency address does not exist ${id}.`);
    return { status: 200, body: addressBody(em, a) };
  }),

  route('POST', '/phone/emergency_addresses', ({ em, body }) => {
    const b = bodyObject(body);
    for (const f of REQUIRED) if (typeof b[f] !== 'string' || (b[f] as string).trim() === '') throw invalidField(f);
    const country = (b.country as string).toUpperCase();
    if (!/^[A-Z]{2}$/.test(country)) throw invalidField('country', 'Country must be a two-letter ISO code.');
    if (b.address_line2 !== undefined && typeof b.address_line2 !== 'string') throw invalidField('address_line2');
    let siteId: string | undefined;
    let userId: string | undefined;
    if (b.user_id !== undefined) {
      if (typeof b.user_id !== 'string') throw invalidField('user_id');
      const u = em.state.findUser(b.user_id);
      if (!u) throw userNotFound(b.user_id);
      userId = u.id;
    }
    if (b.site_id !== undefined) {
      if (typeof b.site_id !== 'string' || !em.state.site(b.site_id))
        throw new ZoomApiError(400, 300, 'Site does not exist.');
      siteId = b.site_id;
    }
    if (userId === undefined && siteId === undefined)
      throw new ZoomApiError(400, 300, 'Either site_id or user_id is required.');
    const isDefault = userId === undefined && b.is_default === true;
    if (isDefault && siteId !== undefined)
      for (const a of em.state.emergencyAddresses) if (a.level === 0 && a.siteId === siteId) a.isDefault = false;
    const rec: EmergencyAddressRecord = {
      id: newId(),
      addressLine1: (b.address_line1 as string).trim(),
      addressLine2: typeof b.address_line2 === 'string' && b.address_line2 !== '' ? b.address_line2 : undefined,
      city: (b.city as string).trim(),
      stateCode: (b.state_code as string).trim(),
      zip: (b.zip as string).trim(),
      country,
      siteId,
      userId,
      isDefault,
      level: userId === undefined ? 0 : 1,
      // US/CA addresses go through Zoom's verification; elsewhere it is not required.
      status: country === 'US' || country === 'CA' ? 2 : 1,
    };
    em.state.emergencyAddresses.push(rec);
    return { status: 201, body: addressBody(em, rec, 'string') };
  }),
];
