// Zoom's answers that provisioning treats specially. Zoom documents no error for several of these cases
// (shared reference §7.3, §7.6, §7.7), so the checks use status + code + message together.
import { ZoomApiError } from '../../zoom/errors.js';

export const isNotFound = (err: unknown) =>
  err instanceof ZoomApiError && err.status === 404 && (err.code === 1001 || err.code === undefined);
export const isUserExists = (err: unknown) => err instanceof ZoomApiError && err.status === 409 && err.code === 1005;
export const isNoPhoneLicence = (err: unknown) => err instanceof ZoomApiError && err.code === 1102;
export const isExtensionTaken = (err: unknown) =>
  err instanceof ZoomApiError && err.status === 400 && /extension.*(already|in use|used)/i.test(err.message);
export const isInvitationExpired = (err: unknown) =>
  err instanceof ZoomApiError && err.status === 400 && err.code === 1120;
