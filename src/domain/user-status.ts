// `/phone status`: what phonebot knows about a user, their open requests, and what Zoom says right now.
import type { PhoneUser } from '../db/records.js';
import type { DomainServices } from './services.js';
import { isZoomError } from './zoom-errors.js';
import type { Catalog } from './catalog.js';
import { OPEN_STATUSES, type RequestRow } from './provisioning/types.js';
import type { ZoomDirectoryUser, ZoomPhoneUser } from './ports.js';

export interface UserStatus {
  email: string;
  known: PhoneUser | null;
  open: RequestRow[];
  zoom: { user?: ZoomDirectoryUser; phone?: ZoomPhoneUser } | { error: string };
  /** Plan and site names for the codes Zoom returns (absent when the catalog could not be read). */
  catalog?: Catalog;
  /** The add that set the user up through phonebot: who asked, who approved, when it was done. */
  setup?: { requestId: number; requestedBy: string; decidedBy: string | null; completedAt: Date | null };
}

export async function userStatus(s: DomainServices, email: string): Promise<UserStatus> {
  const [known, open, setup, catalog] = await Promise.all([
    s.db.phoneUser.findUnique({ where: { email } }),
    s.db.provisioningRequest.findMany({ where: { email, status: { in: [...OPEN_STATUSES] } }, orderBy: { id: 'asc' } }),
    s.db.provisioningRequest.findFirst({
      where: { email, kind: 'add', status: 'done' },
      orderBy: { id: 'desc' },
      select: { id: true, requestedBy: true, decidedBy: true, completedAt: true },
    }),
    s.catalog.get().catch(() => undefined),
  ]);
  let zoom: UserStatus['zoom'];
  try {
    const [user, phone] = await Promise.all([s.zoom.findUser(email), s.zoom.findPhoneUser(email)]);
    zoom = { user, phone };
  } catch (err) {
    zoom = { error: isZoomError(err) ? err.describe() : (err as Error).message };
  }
  return {
    email,
    known,
    open,
    zoom,
    catalog,
    setup: setup
      ? {
          requestId: setup.id,
          requestedBy: setup.requestedBy,
          decidedBy: setup.decidedBy,
          completedAt: setup.completedAt,
        }
      : undefined,
  };
}
