// Which kind of refusal (src/domain/zoom-errors.ts) a Zoom error answer is. Zoom documents no error for
// several of these cases (docs/reference/zoom-api.md §7.3, §7.6, §7.7), so the
// checks use status + code + message together; every Zoom error code phonebot knows is here and nowhere else.
import type { RefusalKind } from '../domain/zoom-errors.js';

const USER_NOT_FOUND = 1001;
const USER_EXISTS = 1005;
const NO_PHONE_LICENCE = 1102;
const INVITATION_NOT_FOUND = 1120;

export function refusalKind(status: number, code: number | undefined, message: string): RefusalKind {
  if (status === 429) return /daily/i.test(message) ? 'daily_limit' : 'rate_limited';
  if (status >= 500) return 'server_error';
  if (status === 404 && (code === USER_NOT_FOUND || code === undefined)) return 'not_found';
  if (status === 409 && code === USER_EXISTS) return 'user_exists';
  if (code === NO_PHONE_LICENCE) return 'no_phone_licence';
  if (status === 400 && code === INVITATION_NOT_FOUND) return 'invitation_expired';
  if (status === 400 && /extension.*(already|in use|used)/i.test(message)) return 'extension_taken';
  return 'rejected';
}
