import type { EmulatorContext } from '../context.js';
import { ZoomApiError, invalidField } from '../errors.js';
import { route, type Route } from '../router.js';
import type { PhoneNumberRecord } from '../state.js';
import { E164, bodyObject, requirePhoneUser } from './helpers.js';

function numberNotFound(id: string): ZoomApiError {
  return new ZoomApiError(400, 400, `Phone number does not exist, phonenumberId:${id}`);
}

function locationText(n: PhoneNumberRecord): string {
  return [n.location.city, n.location.state, n.location.country].filter(Boolean).join(', ');
}

function phoneNumbersItem(em: EmulatorContext, n: PhoneNumberRecord): Record<string, unknown> {
  const site = em.state.site(n.siteId);
  const item: Record<string, unknown> = {
    id: n.id,
    number: n.number,
    display_name: '',
    status: 'available',
    number_type: n.numberType,
    source: 'internal',
    capability: ['incoming', 'outgoing'],
    location: locationText(n),
  };
  if (site) item.site = { id: site.id, name: site.name };
  const user = n.assigneeId === undefined ? undefined : em.state.findUser(n.assigneeId);
  if (user?.phone) {
    item.assignee = {
      id: user.id,
      name: user.displayName || user.email,
      extension_number: Number(user.phone.extensionNumber),
      type: 'user',
    };
  }
  return item;
}

function numberManagementItem(em: EmulatorContext, n: PhoneNumberRecord): Record<string, unknown> {
  const site = em.state.site(n.siteId);
  const user = n.assigneeId === undefined ? undefined : em.state.findUser(n.assigneeId);
  const item: Record<string, unknown> = {
    id: n.id,
    number: n.number,
    allocated_product: 'ZOOM_PHONE',
    number_type: n.numberType === 'toll' ? 'Toll' : 'TollFree',
    status: 'Normal',
    source: 'Zoom',
    capability: ['Incoming', 'Outgoing'],
    assigned_list: user?.phone
      ? [
          {
            assigned_to_id: user.id,
            assigned_to_name: user.displayName || user.email,
            assigned_to_type: 'User',
            extension_number: user.phone.extensionNumber,
          },
        ]
      : [],
    location: { ...n.location },
  };
  if (site) item.site = { site_id: site.id, name: site.name };
  return item;
}

const PHONE_NUMBER_TYPES = ['assigned', 'unassigned', 'byoc', 'all'];
const ASSIGNED_TO_TYPES = [
  'PhoneUnassigned',
  'User',
  'CallQueue',
  'AutoReceptionist',
  'CiscoPolycomRoom',
  'SharedLineGroup',
  'GroupCallPickup',
  'CommonArea',
  'EmergencyNumberPool',
  'CompanyLocation',
  'PersonalLocation',
  'MeetingService',
  'LocalSurvivability',
  'LocalSurvivabilityEmergencyNumberPool',
  'MicrosoftTeamsResourceAccount',
  'DistributionGroup',
  'ContactCenterUnassigned',
  'DialInToVideoEngagements',
  'DefaultSystemOutgoingSMS',
  'DefaultAgentOutgoingSMS',
  'DefaultCallerID',
  'Voice',
  'SMS',
];

export const numberRoutes: Route[] = [
  route('GET', '/phone/numbers', ({ em, query }) => {
    const type = query.get('type') ?? 'all';
    if (!PHONE_NUMBER_TYPES.includes(type)) throw new ZoomApiError(400, 300, 'Invalid field.');
    const siteId = query.get('site_id');
    const numberFilter = query.get('phone_number')?.replace(/\D/g, '') ?? '';
    const numberType = query.get('number_type');
    const extensionType = query.get('extension_type');
    // The emulator holds no BYOC numbers, so type=byoc lists nothing.
    const numbers = em.state.numbers.filter(
      (n) =>
        (type === 'all' ||
          (type === 'assigned' && n.assigneeId !== undefined) ||
          (type === 'unassigned' && n.assigneeId === undefined)) &&
        (siteId === null || n.siteId === siteId) &&
        (numberFilter === '' || n.number.includes(numberFilter)) &&
        (numberType === null || n.numberType === numberType) &&
        (extensionType === null || (extensionType === 'user' && n.assigneeId !== undefined)),
    );
    const scope = `GET /phone/numbers?${['type', 'site_id', 'phone_number', 'number_type', 'extension_type'].map((k) => `${k}=${query.get(k) ?? ''}`).join('&')}`;
    const page = em.pages.paginate(numbers, {
      scope,
      query,
      defaultSize: 30,
      maxSize: 100,
      invalidToken: () => new ZoomApiError(400, 400, 'The next page token is invalid or expired.'),
    });
    return {
      status: 200,
      body: {
        next_page_token: page.nextPageToken,
        page_size: page.pageSize,
        total_records: page.total,
        phone_numbers: page.items.map((n) => phoneNumbersItem(em, n)),
      },
    };
  }),

  route('GET', '/number_management/numbers', ({ em, query }) => {
    const enumCheck = (name: string, allowed: string[]): string | null => {
      const v = query.get(name);
      if (v !== null && !allowed.includes(v)) throw new ZoomApiError(400, 999, `Invalid value for ${name}: ${v}`);
      return v;
    };
    const product = enumCheck('allocated_product', ['UNALLOCATED', 'ZOOM_PHONE', 'ZOOM_CONTACT_CENTER']);
    const numberType = enumCheck('number_type', [
      'Toll',
      'TollFree',
      'VirtualService',
      'Mobile',
      'SharedCost',
      'National',
      'ITFS',
    ]);
    const status = enumCheck('number_status', ['Normal', 'Pending']);
    const source = enumCheck('number_source', [
      'Zoom',
      'ZoomPorted',
      'ZoomReserved',
      'ThirdPartyNumber',
      'BYOCCloud',
      'BYOCPremises',
    ]);
    // The spec's enum; the emulator's numbers are only ever unassigned or held by a user.
    const assignedTo = enumCheck('assigned_to_type', ASSIGNED_TO_TYPES);
    const siteId = query.get('site_id');
    if (siteId !== null && !em.state.site(siteId)) throw new ZoomApiError(400, 1002010, 'The site does not exist');
    // keyword is a prefix match on the digits (docs/reference/zoom-api.md §7.8).
    const keyword = query.get('keyword')?.replace(/\D/g, '') ?? '';
    const numbers = em.state.numbers.filter(
      (n) =>
        (product === null || product === 'ZOOM_PHONE') &&
        (numberType === null || numberType === (n.numberType === 'toll' ? 'Toll' : 'TollFree')) &&
        (status === null || status === 'Normal') &&
        (source === null || source === 'Zoom') &&
        (siteId === null || n.siteId === siteId) &&
        (assignedTo === null ||
          (assignedTo === 'PhoneUnassigned' && n.assigneeId === undefined) ||
          (assignedTo === 'User' && n.assigneeId !== undefined)) &&
        (keyword === '' || n.number.replace(/^\+/, '').startsWith(keyword)),
    );
    const scope = `GET /number_management/numbers?${[
      'allocated_product',
      'number_type',
      'number_status',
      'number_source',
      'site_id',
      'assigned_to_type',
      'keyword',
    ]
      .map((k) => `${k}=${query.get(k) ?? ''}`)
      .join('&')}`;
    const page = em.pages.paginate(numbers, {
      scope,
      query,
      defaultSize: 30,
      maxSize: 200,
      invalidToken: () => new ZoomApiError(400, 1003100, 'The next page token is either invalid or has expired'),
    });
    return {
      status: 200,
      body: {
        next_page_token: page.nextPageToken,
        page_size: page.pageSize,
        numbers: page.items.map((n) => numberManagementItem(em, n)),
      },
    };
  }),

  route('POST', '/phone/users/{userId}/phone_numbers', ({ em, params, body }) => {
    const b = bodyObject(body);
    const u = requirePhoneUser(em, params.userId ?? '');
    if (!Array.isArray(b.phone_numbers) || b.phone_numbers.length === 0) throw invalidField('phone_numbers');
    if (b.phone_numbers.length > 10)
      throw new ZoomApiError(400, 300, 'You can assign at most 10 phone numbers at a time.');
    const picked: PhoneNumberRecord[] = [];
    for (const item of b.phone_numbers) {
      const o = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
      let rec: PhoneNumberRecord | undefined;
      if (typeof o.id === 'string' && o.id !== '') {
        rec = em.state.numbers.find((n) => n.id === o.id);
        if (!rec) throw numberNotFound(o.id);
      } else if (typeof o.number === 'string' && o.number !== '') {
        if (!E164.test(o.number))
          throw new ZoomApiError(400, 316, 'The phone number does not conform to the E.164 standard.');
        rec = em.state.numbers.find((n) => n.number === o.number);
        if (!rec) throw numberNotFound(o.number);
      } else {
        throw invalidField('phone_numbers');
      }
      // Code 409 under HTTP 400, as Zoom answers for rooms.
      if (rec.assigneeId !== undefined || picked.includes(rec))
        throw new ZoomApiError(400, 409, 'Phone number already in use.');
      picked.push(rec);
    }
    // A direct number needs a calling plan first (Zoom help centre, docs/reference/zoom-api.md §5.2).
    if (u.phone.callingPlans.length === 0) {
      throw new ZoomApiError(400, 300, 'The user needs a calling plan before a phone number can be assigned.');
    }
    if (em.state.numbersOf(u.id).length + picked.length > 10)
      throw new ZoomApiError(400, 300, 'A user can have at most 10 phone numbers.');
    for (const rec of picked) rec.assigneeId = u.id;
    return { status: 200, body: { phone_numbers: picked.map((n) => ({ id: n.id, number: n.number })) } };
  }),

  route('DELETE', '/phone/users/{userId}/phone_numbers/{phoneNumberId}', ({ em, params }) => {
    const u = requirePhoneUser(em, params.userId ?? '');
    const key = params.phoneNumberId ?? '';
    // The path takes the number or its id; the number is matched with or without its leading `+`.
    const rec = em.state.findNumber(key);
    if (!rec) throw numberNotFound(key);
    if (rec.assigneeId !== u.id) throw new ZoomApiError(404, 400, 'Invalid query parameter "phone_number".');
    rec.assigneeId = undefined;
    return { status: 204 };
  }),
];
