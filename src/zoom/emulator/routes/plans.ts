import { ZoomApiError, invalidField } from '../errors.js';
import { route, type Route } from '../router.js';
import { bodyObject, requirePhoneUser } from './helpers.js';

/**
 * Names `POST /phone/users/batch` takes in `calling_plans` → numeric plan type (docs/reference/zoom-api.md §13.2; the
 * mapping beyond `Pro` = 3000 is inferred from the names). India plans have no published code.
 */
export const BATCH_PLAN_NAMES: Record<string, number> = {
  'US/CA Metered': 100,
  'US/CA Unlimited': 200,
  'AU/NZ Metered': 101,
  'AU/NZ Unlimited': 201,
  'UK/Ireland Metered': 102,
  'UK/Ireland Unlimited': 202,
  'Europe Zone A Metered': 103,
  'Europe Zone A Unlimited': 203,
  'Europe Zone B Metered': 104,
  'Europe Zone B Unlimited': 204,
  'JP Metered': 107,
  'JP Unlimited': 207,
  'Global Select Metered': 1001,
  'Global Select': 1000,
  'International Calling Add-On': 4000,
  Beta: 600,
  Pro: 3000,
  'Power Pack': 4010,
};

/** `"<name>:<billing subscription>"` picks a subscription on multi-subscription accounts; the emulator has one. */
export function planTypeForBatchName(name: string): number | undefined {
  const base = name.includes(':') ? name.slice(0, name.indexOf(':')) : name;
  return BATCH_PLAN_NAMES[base];
}

export const planRoutes: Route[] = [
  route('GET', '/phone/calling_plans', ({ em }) => ({
    status: 200,
    body: {
      calling_plans: em.state.callingPlans.map((p) => {
        const usage = em.state.planUsage(p.type);
        return {
          type: p.type,
          name: p.name,
          subscribed: p.subscribed,
          assigned: usage?.assigned ?? 0,
          available: usage?.available ?? 0,
        };
      }),
    },
  })),

  route('POST', '/phone/users/{userId}/calling_plans', ({ em, params, body }) => {
    const b = bodyObject(body);
    const u = requirePhoneUser(em, params.userId ?? '');
    if (!Array.isArray(b.calling_plans) || b.calling_plans.length === 0) throw invalidField('calling_plans');
    const types: number[] = [];
    for (const item of b.calling_plans) {
      const type = item && typeof item === 'object' ? (item as Record<string, unknown>).type : undefined;
      if (typeof type !== 'number' || !Number.isInteger(type)) throw invalidField('calling_plans.type');
      if (types.includes(type)) continue;
      const usage = em.state.planUsage(type);
      if (!usage) throw new ZoomApiError(400, 300, `Unknown or invalid calling plan: ${type}.`);
      // Assigning a plan twice is refused rather than ignored, so a blind retry of a write that already happened shows up.
      if (u.phone.callingPlans.includes(type))
        throw new ZoomApiError(400, 300, `Calling plan ${type} is already assigned to this user.`);
      if (usage.available < 1)
        throw new ZoomApiError(400, 300, `No available seats for calling plan ${type} (${usage.name}).`);
      types.push(type);
    }
    u.phone.callingPlans.push(...types);
    // [P] documents 200 with no body.
    return { status: 200 };
  }),

  route('DELETE', '/phone/users/{userId}/calling_plans/{planType}', ({ em, params }) => {
    const u = requirePhoneUser(em, params.userId ?? '');
    const raw = params.planType ?? '';
    const type = Number(raw);
    if (!/^\d+$/.test(raw)) throw new ZoomApiError(400, 300, 'Invalid field.');
    if (!u.phone.callingPlans.includes(type))
      throw new ZoomApiError(400, 400, `The user does not have calling plan ${type}.`);
    // Numbers stay assigned; Zoom does not document a cascade.
    u.phone.callingPlans = u.phone.callingPlans.filter((t) => t !== type);
    return { status: 204 };
  }),
];
