// `/phone status`: what phonebot knows about a user, their open requests, and what Zoom says right now.
import type { PhoneUser } from '../generated/prisma/client.js';
import type { Services } from '../services.js';
import { isZoomError } from '../zoom/errors.js';
import type { PhoneUserProfile, ZoomUser } from '../zoom/schemas.js';
import { OPEN_STATUSES, type RequestRow } from './provisioning/types.js';

export interface UserStatus {
  email: string;
  known: PhoneUser | null;
  open: RequestRow[];
  zoom: { user?: ZoomUser; phone?: PhoneUserProfile } | { error: string };
}

export async function userStatus(s: Services, email: string): Promise<UserStatus> {
  const [known, open] = await Promise.all([
    s.db.phoneUser.findUnique({ where: { email } }),
    s.db.provisioningRequest.findMany({ where: { email, status: { in: [...OPEN_STATUSES] } }, orderBy: { id: 'asc' } }),
  ]);
  let zoom: UserStatus['zoom'];
  try {
    const [user, phone] = await Promise.all([s.zoom.findUser(email), s.zoom.findPhoneUser(email)]);
    zoom = { user, phone };
  } catch (err) {
    zoom = { error: isZoomError(err) ? err.describe() : (err as Error).message };
  }
  return { email, known, open, zoom };
}
