// Zoom's published rate limits (developers.zoom.us/docs/api/rate-limits, see docs/reference/zoom-api.md §3): per
// account, per label, and the Phone API (/phone/**) has its own table. phonebot paces itself below them so
// that a bulk import runs near the ceiling without drawing 429s.

export type RateLabel = 'light' | 'medium' | 'heavy' | 'resource';
export type ApiFamily = 'phone' | 'general';
export type RatePlan = 'pro' | 'business';

/** Requests per second, per plan, per family, per label. Resource-intensive limits are per minute. */
const PER_SECOND: Record<RatePlan, Record<ApiFamily, Record<RateLabel, number>>> = {
  pro: {
    general: { light: 30, medium: 20, heavy: 10, resource: 10 / 60 },
    phone: { light: 20, medium: 10, heavy: 5, resource: 5 / 60 },
  },
  business: {
    general: { light: 80, medium: 60, heavy: 40, resource: 20 / 60 },
    phone: { light: 40, medium: 20, heavy: 10, resource: 10 / 60 },
  },
};

/** POST /users action=create per day (Users API spec). */
export const DAILY_USER_CREATE_CAP: Record<RatePlan, number> = { pro: 1_500, business: 10_000 };

export function ratePerSecond(plan: RatePlan, family: ApiFamily, label: RateLabel): number {
  return PER_SECOND[plan][family][label];
}

// Labels copied from each operation's "Rate Limit Label" in Zoom's OpenAPI files
// (shared/reference/zoom/data); test/zoom/rate-limits.test.ts checks this table against them.
export const ROUTE_LABELS: { method: string; pattern: string; label: RateLabel }[] = [
  { method: 'POST', pattern: '/users', label: 'light' },
  { method: 'GET', pattern: '/users', label: 'medium' },
  { method: 'GET', pattern: '/users/{userId}', label: 'light' },
  { method: 'DELETE', pattern: '/users/{userId}', label: 'light' },
  { method: 'PUT', pattern: '/users/{userId}/status', label: 'light' },
  { method: 'GET', pattern: '/users/{userId}/settings', label: 'medium' },
  { method: 'PATCH', pattern: '/users/{userId}/settings', label: 'medium' },
  { method: 'GET', pattern: '/phone/users', label: 'medium' },
  { method: 'POST', pattern: '/phone/users/batch', label: 'medium' },
  { method: 'PUT', pattern: '/phone/users/batch', label: 'light' },
  { method: 'GET', pattern: '/phone/users/{userId}', label: 'light' },
  { method: 'PATCH', pattern: '/phone/users/{userId}', label: 'light' },
  { method: 'POST', pattern: '/phone/users/{userId}/calling_plans', label: 'light' },
  { method: 'DELETE', pattern: '/phone/users/{userId}/calling_plans/{planType}', label: 'light' },
  { method: 'POST', pattern: '/phone/users/{userId}/phone_numbers', label: 'light' },
  { method: 'DELETE', pattern: '/phone/users/{userId}/phone_numbers/{phoneNumberId}', label: 'light' },
  { method: 'GET', pattern: '/phone/calling_plans', label: 'medium' },
  { method: 'GET', pattern: '/phone/sites', label: 'medium' },
  { method: 'GET', pattern: '/phone/sites/{siteId}', label: 'light' },
  { method: 'GET', pattern: '/phone/setting_templates', label: 'light' },
  // Issue 15: emergency addresses, desk phones, queues and groups, caller ID (zoom/ready-api.ts).
  { method: 'GET', pattern: '/phone/emergency_addresses', label: 'medium' },
  { method: 'GET', pattern: '/phone/emergency_addresses/{emergencyAddressId}', label: 'light' },
  { method: 'POST', pattern: '/phone/emergency_addresses', label: 'light' },
  { method: 'GET', pattern: '/phone/devices', label: 'medium' },
  { method: 'GET', pattern: '/phone/devices/{deviceId}', label: 'light' },
  { method: 'POST', pattern: '/phone/devices', label: 'light' },
  { method: 'DELETE', pattern: '/phone/devices/{deviceId}', label: 'light' },
  { method: 'DELETE', pattern: '/phone/devices/{deviceId}/extensions/{extensionId}', label: 'light' },
  { method: 'POST', pattern: '/phone/devices/{deviceId}/extensions', label: 'light' },
  { method: 'GET', pattern: '/phone/provision_templates', label: 'medium' },
  { method: 'GET', pattern: '/phone/call_queues', label: 'medium' },
  { method: 'GET', pattern: '/phone/call_queues/{callQueueId}', label: 'light' },
  { method: 'POST', pattern: '/phone/call_queues/{callQueueId}/members', label: 'light' },
  { method: 'DELETE', pattern: '/phone/call_queues/{callQueueId}/members/{memberId}', label: 'light' },
  { method: 'GET', pattern: '/phone/shared_line_groups', label: 'medium' },
  { method: 'GET', pattern: '/phone/shared_line_groups/{sharedLineGroupId}', label: 'light' },
  { method: 'POST', pattern: '/phone/shared_line_groups/{slgId}/members', label: 'light' },
  { method: 'DELETE', pattern: '/phone/shared_line_groups/{slgId}/members/{memberId}', label: 'light' },
  { method: 'GET', pattern: '/phone/users/{userId}/settings', label: 'light' },
  { method: 'PATCH', pattern: '/phone/users/{userId}/settings', label: 'light' },
  { method: 'GET', pattern: '/phone/users/{userId}/outbound_caller_id/customized_numbers', label: 'light' },
  { method: 'POST', pattern: '/phone/users/{userId}/outbound_caller_id/customized_numbers', label: 'light' },
  // Number Management: outside /phone/**, so paced on the general table (docs/reference/zoom-api.md §3.1 assumes it).
  { method: 'GET', pattern: '/number_management/numbers', label: 'light' },
];

const compiled = ROUTE_LABELS.map((r) => ({
  ...r,
  regex: new RegExp(`^${r.pattern.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  literalSegments: r.pattern.split('/').filter((s) => s && !s.startsWith('{')).length,
}))
  // "/phone/users/batch" must win over "/phone/users/{userId}".
  .sort((a, b) => b.literalSegments - a.literalSegments);

export function routeFor(method: string, path: string): { pattern: string; label: RateLabel; family: ApiFamily } {
  const family: ApiFamily = path.startsWith('/phone/') || path === '/phone' ? 'phone' : 'general';
  const hit = compiled.find((r) => r.method === method && r.regex.test(path));
  // An unlisted route is paced as Medium: slower than most, never fast enough to be refused.
  return { pattern: hit?.pattern ?? path, label: hit?.label ?? 'medium', family };
}

/**
 * Paces requests to `rate` per second. Reservations are handed out in order, each at least 1/rate after
 * the previous, so concurrent callers queue instead of bursting.
 */
export class Pacer {
  private next = 0;
  constructor(
    private readonly rate: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Milliseconds the caller must wait before sending. */
  reserve(): number {
    const interval = 1000 / this.rate;
    const now = this.now();
    const at = Math.max(now, this.next);
    this.next = at + interval;
    return at - now;
  }

  /** Called after a 429: nobody sends before `until`. */
  pauseUntil(until: number): void {
    this.next = Math.max(this.next, until);
  }
}
