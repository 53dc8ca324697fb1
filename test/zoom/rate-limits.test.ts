// phonebot's own table of Zoom rate-limit labels must say what Zoom's OpenAPI files say, and the route
// lookup must pick the right entry (batch before {userId}, Phone vs general family).
import { describe, expect, it } from 'vitest';
import { Pacer, ratePerSecond, ROUTE_LABELS, routeFor } from '../../src/zoom/rate-limits.js';
import { specRateLimitLabel } from '../zoom-emulator/openapi.js';

describe('rate-limit labels', () => {
  it.each(ROUTE_LABELS.map((r) => [r.method, r.pattern, r.label] as const))(
    "%s %s is %s in Zoom's spec",
    (method, pattern, label) => {
      expect(specRateLimitLabel(method, pattern).toLowerCase()).toBe(label);
    },
  );

  it('routes concrete paths to their pattern and API family', () => {
    expect(routeFor('POST', '/phone/users/batch')).toEqual({
      pattern: '/phone/users/batch',
      label: 'medium',
      family: 'phone',
    });
    expect(routeFor('GET', '/phone/users/abc123')).toEqual({
      pattern: '/phone/users/{userId}',
      label: 'light',
      family: 'phone',
    });
    expect(routeFor('PATCH', '/users/a%40b.com/settings')).toEqual({
      pattern: '/users/{userId}/settings',
      label: 'medium',
      family: 'general',
    });
    // Number Management is not /phone/**: Light on the general table.
    expect(routeFor('GET', '/number_management/numbers')).toEqual({
      pattern: '/number_management/numbers',
      label: 'light',
      family: 'general',
    });
  });

  it('uses the published per-second limits of the plan', () => {
    expect(ratePerSecond('business', 'phone', 'light')).toBe(40);
    expect(ratePerSecond('pro', 'phone', 'medium')).toBe(10);
    expect(ratePerSecond('business', 'general', 'light')).toBe(80);
  });

  it('spaces reservations 1/rate apart and honours a pause', () => {
    let now = 0;
    const pacer = new Pacer(10, () => now);
    expect([pacer.reserve(), pacer.reserve(), pacer.reserve()]).toEqual([0, 100, 200]);
    now = 1000;
    pacer.pauseUntil(1500);
    expect(pacer.reserve()).toBe(500);
  });
});
