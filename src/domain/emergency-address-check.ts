// Personal emergency addresses Zoom has not verified: a remote worker whose address is unverified,
// rejected or failed may not be found by emergency services, so admins are reminded weekly.
import type { Db } from '../db/database.js';
import { formatEmergencyAddress } from './emergency-address.js';
import type { AddressStatus, ZoomPort } from './ports.js';

export interface UnverifiedAddress {
  /** The owner's e-mail when phonebot knows them, else Zoom's user id. */
  who: string;
  address: string;
  status: AddressStatus;
}

const REMIND: AddressStatus[] = ['unverified', 'rejected', 'failed'];

export async function unverifiedAddresses(deps: { db: Db; zoom: ZoomPort }): Promise<UnverifiedAddress[]> {
  const all = await deps.zoom.listEmergencyAddresses();
  const open = all.filter((a) => a.personal && REMIND.includes(a.status));
  if (!open.length) return [];
  const ids = [...new Set(open.flatMap((a) => (a.ownerId ? [a.ownerId] : [])))];
  const known = await deps.db.phoneUser.findMany({
    where: { zoomUserId: { in: ids } },
    select: { zoomUserId: true, email: true },
  });
  const email = new Map(known.map((k) => [k.zoomUserId!, k.email]));
  return open.map((a) => ({
    who: (a.ownerId && email.get(a.ownerId)) || a.ownerId || 'unknown user',
    address: formatEmergencyAddress(a),
    status: a.status,
  }));
}
