// The Zoom adapter names each error answer for the domain: a wrong kind would send a taken extension to
// "failed, ask support" or retry a refusal forever.
import { describe, expect, it } from 'vitest';
import { refusalKind } from '../../src/zoom/refusals.js';

describe('refusalKind', () => {
  it.each([
    [404, 1001, 'User does not exist: x.', 'not_found'],
    [404, undefined, 'Not Found', 'not_found'],
    [404, 13000, 'The Call Queue does not exist', 'rejected'],
    [409, 1005, 'Email "a@b.c" has already been used.', 'user_exists'],
    [400, 1102, 'The user has no Zoom Phone license', 'no_phone_licence'],
    [400, 1120, 'A valid invitation to join the Zoom account was not found for this user.', 'invitation_expired'],
    [400, 400, 'Extension number 4021 is already used.', 'extension_taken'],
    [400, 300, 'No available seats for calling plan 200.', 'rejected'],
    [429, undefined, 'Too many requests', 'rate_limited'],
    [429, undefined, 'You have reached the maximum daily rate limit for this API.', 'daily_limit'],
    [503, undefined, 'Service Unavailable', 'server_error'],
  ] as const)('%i/%s "%s" is %s', (status, code, message, kind) => {
    expect(refusalKind(status, code, message)).toBe(kind);
  });
});
