import type { RateLimitLabel } from './types.js';

/**
 * Each implemented route's "Rate Limit Label", copied from the operation description in Zoom's OpenAPI
 * files (shared/reference/zoom/data; spelling normalised: `LIGHT`/`Light` → Light). The contract test
 * re-reads the specs and fails if this map drifts from them.
 */
export const RATE_LIMIT_LABELS: Record<string, RateLimitLabel> = {
  'POST /users': 'Light',
  'GET /users': 'Medium',
  'GET /users/{userId}': 'Light',
  'DELETE /users/{userId}': 'Light',
  'PUT /users/{userId}/status': 'Light',
  'GET /users/{userId}/settings': 'Medium',
  'PATCH /users/{userId}/settings': 'Medium',
  'GET /phone/users': 'Medium',
  'GET /phone/users/{userId}': 'Light',
  'PATCH /phone/users/{userId}': 'Light',
  'POST /phone/users/batch': 'Medium',
  'PUT /phone/users/batch': 'Light',
  'POST /phone/users/{userId}/calling_plans': 'Light',
  'DELETE /phone/users/{userId}/calling_plans/{planType}': 'Light',
  'POST /phone/users/{userId}/phone_numbers': 'Light',
  'DELETE /phone/users/{userId}/phone_numbers/{phoneNumberId}': 'Light',
  'GET /phone/calling_plans': 'Medium',
  'GET /phone/numbers': 'Medium',
  'GET /phone/sites': 'Medium',
  'GET /phone/sites/{siteId}': 'Light',
  'GET /phone/setting_templates': 'Light',
  'GET /number_management/numbers': 'Light',
  'GET /phone/emergency_addresses': 'Medium',
  'GET /phone/emergency_addresses/{emergencyAddressId}': 'Light',
  'POST /phone/emergency_addresses': 'Light',
  'GET /phone/devices': 'Medium',
  'GET /phone/devices/{deviceId}': 'Light',
  'POST /phone/devices': 'Light',
  'DELETE /phone/devices/{deviceId}': 'Light',
  'DELETE /phone/devices/{deviceId}/extensions/{extensionId}': 'Light',
  'POST /phone/devices/{deviceId}/extensions': 'Light',
  'GET /phone/provision_templates': 'Medium',
  'GET /phone/call_queues': 'Medium',
  'GET /phone/call_queues/{callQueueId}': 'Light',
  'POST /phone/call_queues/{callQueueId}/members': 'Light',
  'DELETE /phone/call_queues/{callQueueId}/members/{memberId}': 'Light',
  'GET /phone/shared_line_groups': 'Medium',
  'GET /phone/shared_line_groups/{sharedLineGroupId}': 'Light',
  'POST /phone/shared_line_groups/{slgId}/members': 'Light',
  'DELETE /phone/shared_line_groups/{slgId}/members/{memberId}': 'Light',
  'GET /phone/users/{userId}/settings': 'Light',
  'PATCH /phone/users/{userId}/settings': 'Light',
  'GET /phone/users/{userId}/outbound_caller_id/customized_numbers': 'Light',
  'POST /phone/users/{userId}/outbound_caller_id/customized_numbers': 'Light',
};

export function labelFor(method: string, pattern: string): RateLimitLabel {
  const label = RATE_LIMIT_LABELS[`${method} ${pattern}`];
  if (!label) throw new Error(`no rate-limit label for ${method} ${pattern}`);
  return label;
}
