import type { EmulatorContext } from '../context.js';
import {
  ZoomApiError,
  extensionUsed,
  invalidField,
  noPhoneLicense,
  siteNotFound,
  templateInvalid,
  userNotFound,
} from '../errors.js';
import { grantPhone } from '../provisioning.js';
import { route, type Route } from '../router.js';
import type { DeviceRecord, SiteRecord, UserRecord } from '../state.js';
import { newId } from '../ids.js';
import { canonicalMac, MAX_DEVICES_PER_USER } from './devices.js';
import { planTypeForBatchName } from './plans.js';
import { E164, bodyObject, isVisiblePhoneUser, requirePhoneUser } from './helpers.js';

/** Short extensions are 3–6 digits (Zoom's site setting allows 3–6; its default is 3 or 4). */
const SHORT_EXTENSION = /^\d{3,6}$/;

function siteCodePrefix(site: SiteRecord | undefined): string {
  return site?.siteCode === undefined ? '' : String(site.siteCode);
}

/** A site with a code and a set short_extension.length takes short extensions of exactly that length. */
function shortExtensionFits(short: string, site: SiteRecord | undefined): boolean {
  if (!SHORT_EXTENSION.test(short)) return false;
  return (
    site?.siteCode === undefined ||
    site.shortExtensionLength === undefined ||
    short.length === site.shortExtensionLength
  );
}

/**
 * PATCH takes the *full* extension: with a site code it must be that code followed by a 3–6 digit
 * short extension, without one it is just the 3–6 digits.
 */
function checkFullExtension(ext: string, site: SiteRecord | undefined): void {
  if (!/^\d+$/.test(ext)) throw invalidField('extension_number');
  const prefix = siteCodePrefix(site);
  if (!ext.startsWith(prefix) || !shortExtensionFits(ext.slice(prefix.length), site)) {
    throw new ZoomApiError(400, 400, 'Invalid full extension number length.');
  }
}

function activationStatus(u: UserRecord & { phone: NonNullable<UserRecord['phone']> }): string {
  return u.phone.status === 'activate' ? 'activated' : 'ready to activate';
}

export function phoneListItem(
  em: EmulatorContext,
  u: UserRecord & { phone: NonNullable<UserRecord['phone']> },
): Record<string, unknown> {
  const site = em.state.site(u.phone.siteId);
  const item: Record<string, unknown> = {
    id: u.id,
    phone_user_id: u.phone.phoneUserId,
    email: u.email,
    name: u.displayName || u.email,
    extension_id: u.phone.extensionId,
    extension_number: Number(u.phone.extensionNumber),
    status: u.phone.status,
    activation_status: activationStatus(u),
    calling_plans: u.phone.callingPlans.map((type) => ({ type, name: em.state.plan(type)?.name ?? String(type) })),
    phone_numbers: em.state.numbersOf(u.id).map((n) => ({ id: n.id, number: n.number })),
  };
  if (site) item.site = { id: site.id, name: site.name };
  if (u.phone.department !== undefined) item.department = u.phone.department;
  if (u.phone.costCenter !== undefined) item.cost_center = u.phone.costCenter;
  return item;
}

function matchesKeyword(
  em: EmulatorContext,
  u: UserRecord & { phone: NonNullable<UserRecord['phone']> },
  keyword: string,
): boolean {
  const k = keyword.toLowerCase();
  const digits = keyword.replace(/\D/g, '');
  if (u.displayName.toLowerCase().includes(k) || u.email.toLowerCase().includes(k)) return true;
  if (u.phone.extensionNumber.includes(keyword)) return true;
  return digits.length > 0 && em.state.numbersOf(u.id).some((n) => n.number.includes(digits));
}

interface BatchPlan {
  user: UserRecord;
  email: string;
  site: SiteRecord | undefined;
  extension: string;
  planTypes: number[];
  numberIds: string[];
  templateId?: string;
  status: 'activate' | 'deactivate';
  deskPhones: Omit<DeviceRecord, 'id' | 'assigneeIds'>[];
  /** '' hides the caller ID; undefined leaves Zoom's default. */
  outboundCallerId?: string;
}

/** A row's `desk_phones` (brand, model and MAC required; provision template by name; ≤ 3 per user). */
function batchDeskPhones(
  em: EmulatorContext,
  i: number,
  email: string,
  raw: unknown,
  site: SiteRecord | undefined,
  seenMacs: Set<string>,
): BatchPlan['deskPhones'] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > MAX_DEVICES_PER_USER)
    throw batchError(i, 'desk_phones', `User ${email}: at most ${MAX_DEVICES_PER_USER} desk phones.`);
  return raw.map((d: unknown) => {
    const x = (d && typeof d === 'object' ? d : {}) as Record<string, unknown>;
    if (typeof x.brand !== 'string' || x.brand === '' || typeof x.model !== 'string' || x.model === '')
      throw batchError(i, 'desk_phones', `User ${email}: a desk phone needs brand, model and mac.`);
    const mac = typeof x.mac === 'string' ? canonicalMac(x.mac) : undefined;
    if (!mac) throw batchError(i, 'desk_phones', `User ${email}: invalid MAC address.`);
    if (seenMacs.has(mac) || em.state.devices.some((dev) => dev.macAddress === mac))
      throw batchError(i, 'desk_phones', `User ${email}: the MAC address ${mac} is already in use.`);
    seenMacs.add(mac);
    let provisionTemplateId: string | undefined;
    if (x.provision_template !== undefined) {
      const t = em.state.provisionTemplates.find((pt) => pt.name === x.provision_template);
      if (!t) throw batchError(i, 'desk_phones', `User ${email}: provision template does not exist.`);
      provisionTemplateId = t.id;
    }
    return {
      displayName: `${email.split('@')[0]} ${x.model}`,
      macAddress: mac,
      deviceType: x.brand,
      model: x.model,
      provisionTemplateId,
      siteId: site?.id,
    };
  });
}

function batchError(index: number, field: string, message: string): ZoomApiError {
  return new ZoomApiError(400, 300, message, [{ field: `users[${index}].${field}`, message }]);
}

/**
 * POST /phone/users/batch validates every row before touching anything: one bad row fails the whole
 * batch (400 naming the row), nothing is applied. Zoom documents no partial-success shape.
 */
function planBatch(em: EmulatorContext, rows: unknown[]): BatchPlan[] {
  const { state } = em;
  const plans: BatchPlan[] = [];
  const seenEmails = new Set<string>();
  const seenExtensions = new Set<string>();
  const seenNumbers = new Set<string>();
  const seenMacs = new Set<string>();
  const seatsWanted = new Map<number, number>();
  rows.forEach((raw, i) => {
    if (!raw || typeof raw !== 'object') throw batchError(i, 'email', `Row ${i} is not an object.`);
    const r = raw as Record<string, unknown>;
    if (typeof r.email !== 'string' || r.email === '') throw batchError(i, 'email', `Row ${i}: email is required.`);
    const email = r.email;
    const user = state.findUser(email);
    if (!user || user.status !== 'active')
      throw batchError(i, 'email', `User ${email} is not an active user of this account.`);
    if (seenEmails.has(user.id)) throw batchError(i, 'email', `User ${email} appears twice in the batch.`);
    seenEmails.add(user.id);
    if (user.zoomPhone) throw batchError(i, 'email', `User ${email} already has a Zoom Phone license.`);

    let site: SiteRecord | undefined;
    const siteName = typeof r.site_name === 'string' && r.site_name !== '' ? r.site_name : undefined;
    const siteCode = typeof r.site_code === 'string' && r.site_code !== '' ? r.site_code : undefined;
    if (siteName === undefined && siteCode === undefined) {
      if (state.sites.length > 0)
        throw batchError(i, 'site_name', `User ${email}: site_name or site_code is required.`);
    } else {
      site = state.sites.find(
        (s) =>
          (siteName === undefined || s.name === siteName) &&
          (siteCode === undefined || String(s.siteCode ?? '') === siteCode),
      );
      if (!site) throw siteNotFound();
    }

    if (typeof r.extension_number !== 'string' || !SHORT_EXTENSION.test(r.extension_number)) {
      throw batchError(i, 'extension_number', `User ${email}: extension_number must be a 3-6 digit short extension.`);
    }
    // "Do not include the site code": a full extension (code + short) is longer than the site's short
    // extensions and fails validation (400/300, the batch call's documented "Validation Failed.").
    if (!shortExtensionFits(r.extension_number, site)) {
      throw batchError(
        i,
        'extension_number',
        `User ${email}: extension_number must be the ${site?.shortExtensionLength}-digit short extension of site ${site?.name}, without its site code.`,
      );
    }
    // Batch add takes the short extension; the site code (if any) is prepended by Zoom.
    const extension = `${siteCodePrefix(site)}${r.extension_number}`;
    if (state.extensionHolder(extension) !== undefined || seenExtensions.has(extension)) throw extensionUsed(extension);
    seenExtensions.add(extension);

    if (!Array.isArray(r.calling_plans))
      throw batchError(i, 'calling_plans', `User ${email}: calling_plans is required.`);
    const planTypes: number[] = [];
    for (const name of r.calling_plans) {
      const type = typeof name === 'string' ? planTypeForBatchName(name) : undefined;
      if (type === undefined || !state.plan(type))
        throw batchError(i, 'calling_plans', `User ${email}: unknown calling plan "${String(name)}".`);
      if (planTypes.includes(type)) continue;
      planTypes.push(type);
      seatsWanted.set(type, (seatsWanted.get(type) ?? 0) + 1);
      if ((seatsWanted.get(type) ?? 0) > (state.planUsage(type)?.available ?? 0)) {
        throw batchError(i, 'calling_plans', `User ${email}: no available seats for calling plan "${name}".`);
      }
    }

    let templateId: string | undefined;
    if (r.template_name !== undefined) {
      const t = state.templates.find(
        (x) => x.name === r.template_name && (x.siteId === undefined || x.siteId === site?.id),
      );
      if (!t) throw templateInvalid();
      templateId = t.id;
    }

    const numberIds: string[] = [];
    if (r.phone_numbers !== undefined) {
      if (!Array.isArray(r.phone_numbers) || r.phone_numbers.length > 10)
        throw batchError(i, 'phone_numbers', `User ${email}: at most 10 phone numbers.`);
      if (r.phone_numbers.length > 0 && planTypes.length === 0) {
        throw batchError(
          i,
          'phone_numbers',
          `User ${email}: a calling plan is required before a phone number can be assigned.`,
        );
      }
      for (const num of r.phone_numbers) {
        if (typeof num !== 'string' || !E164.test(num))
          throw batchError(i, 'phone_numbers', `User ${email}: ${String(num)} is not an E.164 number.`);
        const rec = state.findNumber(num);
        if (!rec)
          throw batchError(i, 'phone_numbers', `User ${email}: phone number ${num} does not exist in this account.`);
        if (rec.assigneeId !== undefined || seenNumbers.has(rec.id))
          throw batchError(i, 'phone_numbers', `User ${email}: phone number ${num} is already in use.`);
        seenNumbers.add(rec.id);
        numberIds.push(rec.id);
      }
    }

    const status = r.activation_status === undefined ? 'activate' : r.activation_status;
    if (status !== 'activate' && status !== 'deactivate')
      throw batchError(i, 'activation_status', `User ${email}: invalid activation_status.`);
    const deskPhones = batchDeskPhones(em, i, email, r.desk_phones, site, seenMacs);
    // "Hides the caller ID if left blank"; a number must be one of the row's own (the user has no other yet).
    let outboundCallerId: string | undefined;
    if (r.outbound_caller_id !== undefined) {
      const own = (r.phone_numbers as string[] | undefined) ?? [];
      if (
        typeof r.outbound_caller_id !== 'string' ||
        (r.outbound_caller_id !== '' && !own.includes(r.outbound_caller_id))
      )
        throw batchError(i, 'outbound_caller_id', `User ${email}: invalid outbound caller ID.`);
      outboundCallerId = r.outbound_caller_id;
    }
    plans.push({
      user,
      email,
      site,
      extension,
      planTypes,
      numberIds,
      templateId,
      status,
      deskPhones,
      outboundCallerId,
    });
  });
  if (plans.length > state.phoneLicensesAvailable()) throw noPhoneLicense();
  return plans;
}

export const phoneUserRoutes: Route[] = [
  route('GET', '/phone/users', ({ em, query }) => {
    const siteId = query.get('site_id');
    const status = query.get('status');
    const callingType = query.get('calling_type');
    const keyword = query.get('keyword');
    const department = query.get('department');
    const costCenter = query.get('cost_center');
    if (status !== null && !['activate', 'deactivate', 'pending'].includes(status))
      throw new ZoomApiError(400, 300, 'Invalid field.');
    // `pending` means "bundle licence without the phone feature" (docs/reference/zoom-api.md §5.1); the emulator has no bundles.
    const users =
      status === 'pending'
        ? []
        : em.state.users
            .filter(isVisiblePhoneUser)
            .filter(
              (u) =>
                (siteId === null || u.phone.siteId === siteId) &&
                (status === null || u.phone.status === status) &&
                (callingType === null || u.phone.callingPlans.includes(Number(callingType))) &&
                (department === null || u.phone.department === department) &&
                (costCenter === null || u.phone.costCenter === costCenter) &&
                (keyword === null || keyword === '' || matchesKeyword(em, u, keyword)),
            );
    const scope = `GET /phone/users?${['site_id', 'status', 'calling_type', 'keyword', 'department', 'cost_center'].map((k) => `${k}=${query.get(k) ?? ''}`).join('&')}`;
    const page = em.pages.paginate(users, {
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
        users: page.items.map((u) => phoneListItem(em, u)),
      },
    };
  }),

  route('GET', '/phone/users/{userId}', ({ em, params }) => {
    const u = requirePhoneUser(em, params.userId ?? '');
    const body: Record<string, unknown> = {
      id: u.id,
      phone_user_id: u.phone.phoneUserId,
      email: u.email,
      extension_id: u.phone.extensionId,
      extension_number: Number(u.phone.extensionNumber),
      status: u.phone.status,
      site_admin: false,
      // The single-user schema has no plan `name`, unlike the list (docs/reference/zoom-api.md §7.2).
      calling_plans: u.phone.callingPlans.map((type) => ({ type })),
      phone_numbers: em.state.numbersOf(u.id).map((n) => ({ id: n.id, number: n.number })),
    };
    if (u.phone.siteId !== undefined) body.site_id = u.phone.siteId;
    if (u.phone.department !== undefined) body.department = u.phone.department;
    if (u.phone.costCenter !== undefined) body.cost_center = u.phone.costCenter;
    return { status: 200, body };
  }),

  route('PATCH', '/phone/users/{userId}', ({ em, params, body }) => {
    const b = bodyObject(body);
    const u = requirePhoneUser(em, params.userId ?? '');
    const { state } = em;
    // Validate everything first so a rejected PATCH changes nothing.
    let site = state.site(u.phone.siteId);
    if (b.site_id !== undefined) {
      if (typeof b.site_id !== 'string') throw invalidField('site_id');
      site = state.site(b.site_id);
      if (!site) throw siteNotFound();
    }
    if (b.template_id !== undefined) {
      const t = state.templates.find((x) => x.id === b.template_id);
      if (!t || (t.siteId !== undefined && t.siteId !== site?.id)) throw templateInvalid();
    }
    if (b.extension_number !== undefined) {
      if (typeof b.extension_number !== 'string') throw invalidField('extension_number');
      checkFullExtension(b.extension_number, site);
      const holder = state.extensionHolder(b.extension_number);
      if (holder !== undefined && holder !== u.id) throw extensionUsed(b.extension_number);
    }
    for (const f of ['department', 'cost_center'] as const)
      if (b[f] !== undefined && typeof b[f] !== 'string') throw invalidField(f);
    // Moving site keeps the extension as it is; Zoom does not document re-prefixing.
    if (site) u.phone.siteId = site.id;
    if (typeof b.template_id === 'string') u.phone.templateId = b.template_id;
    if (typeof b.extension_number === 'string') u.phone.extensionNumber = b.extension_number;
    if (typeof b.department === 'string') u.phone.department = b.department;
    if (typeof b.cost_center === 'string') u.phone.costCenter = b.cost_center;
    return { status: 204 };
  }),

  route('POST', '/phone/users/batch', ({ em, body }) => {
    const b = bodyObject(body);
    if (!Array.isArray(b.users) || b.users.length === 0) throw invalidField('users');
    // The spec's schema allows 10 (maxItems) while its message says "less than 10"; 10 is accepted.
    if (b.users.length > 10) throw new ZoomApiError(400, 400, 'User size must be less than 10.');
    const plans = planBatch(em, b.users);
    for (const p of plans) {
      grantPhone(em, p.user, {
        siteId: p.site?.id,
        extensionNumber: p.extension,
        templateId: p.templateId,
        callingPlans: p.planTypes,
        numberIds: p.numberIds,
        status: p.status,
      });
      for (const d of p.deskPhones) em.state.devices.push({ ...d, id: newId(), assigneeIds: [p.user.id] });
      if (p.outboundCallerId !== undefined && p.user.phone) p.user.phone.outboundCallerId = p.outboundCallerId;
    }
    return { status: 201, body: plans.map((p) => ({ email: p.user.email, id: p.user.id })) };
  }),

  route('PUT', '/phone/users/batch', ({ em, body }) => {
    const b = bodyObject(body);
    const batchType = b.batch_type;
    if (typeof batchType !== 'string' || !['move_site', 'assign_pending_user', 'activate'].includes(batchType)) {
      throw new ZoomApiError(400, 400, `Current batch type does not support, batch type:${String(batchType)}.`);
    }
    if (!Array.isArray(b.user_ids) || b.user_ids.length === 0 || b.user_ids.some((x) => typeof x !== 'string'))
      throw invalidField('user_ids');
    if (b.user_ids.length > 10) throw new ZoomApiError(400, 400, 'User size must be less than 10.');
    const ids = b.user_ids as string[];
    if (batchType === 'assign_pending_user') {
      // Nobody in the emulator holds a bundle licence with an unassigned phone feature.
      const first = ids[0] ?? '';
      throw new ZoomApiError(400, 300, `User ${first} is not a pending Zoom Phone user.`);
    }
    const users = ids.map((id) => {
      const u = em.state.findUser(id);
      if (!u || !isVisiblePhoneUser(u)) throw userNotFound(id);
      return u;
    });
    if (batchType === 'move_site') {
      if (typeof b.site_id !== 'string') throw invalidField('site_id');
      if (!em.state.site(b.site_id)) throw siteNotFound();
      for (const u of users) u.phone.siteId = b.site_id;
    } else {
      // batch_type "activate" carries the wanted state in activation_status (docs/reference/zoom-api.md §9).
      const status = b.activation_status;
      if (status !== 'activate' && status !== 'deactivate') throw invalidField('activation_status');
      for (const u of users) u.phone.status = status;
    }
    return { status: 204 };
  }),
];
