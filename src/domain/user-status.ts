// `/phone status`: what phonebot knows about a user, their open requests, and what Zoom says right now.
import type { PhoneUser } from '../db/records.js';
import type { DomainServices } from './services.js';
import { isZoomError } from './zoom-errors.js';
import type { Catalog } from './catalog.js';
import { OPEN_STATUSES, type RequestRow } from './provisioning/types.js';
import type { AddressStatus, ZoomDirectoryUser, ZoomPhoneUser, ZoomPort } from './ports.js';
import { formatEmergencyAddress } from './emergency-address.js';
import { formatMac } from './mac-address.js';

export interface UserStatus {
  email: string;
  known: PhoneUser | null;
  open: RequestRow[];
  zoom: { user?: ZoomDirectoryUser; phone?: ZoomPhoneUser } | { error: string };
  /** Plan and site names for the codes Zoom returns (absent when the catalog could not be read). */
  catalog?: Catalog;
  /** What makes them ready to take calls, read from Zoom (issue 15); absent without Zoom Phone. */
  ready?: ReadyStatus | { error: string };
  /** The add that set the user up through phonebot: who asked, who approved, when it was done. */
  setup?: { requestId: number; requestedBy: string; decidedBy: string | null; completedAt: Date | null };
}

export interface ReadyStatus {
  emergencyAddress?: { text: string; status: AddressStatus; personal: boolean };
  deskPhones: { name: string; mac: string }[];
  callQueues: string[];
  sharedLineGroup?: string;
  /** '' = hidden. */
  outboundCallerId?: string;
}

/** Zoom has no "groups of a user" call: each queue and group is read, ten at a time. */
async function memberships(zoom: ZoomPort, userId: string, ids: string[], read: 'queue' | 'group'): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < ids.length; i += 10) {
    const got = await Promise.all(
      ids.slice(i, i + 10).map((id) => (read === 'queue' ? zoom.getCallQueue(id) : zoom.getSharedLineGroup(id))),
    );
    for (const g of got) if (g?.members.some((m) => m.userId === userId)) names.push(g.name);
  }
  return names;
}

async function readyStatus(s: DomainServices, phone: ZoomPhoneUser): Promise<ReadyStatus> {
  const siteId = phone.siteId ?? phone.site?.id;
  const [settings, addresses, ready, site] = await Promise.all([
    s.zoom.getPhoneUserSettings(phone.id),
    s.zoom.listEmergencyAddresses({ userId: phone.id }),
    s.catalog.ready(),
    siteId ? s.catalog.site(siteId) : undefined,
  ]);
  const [devices, callQueues, groups] = await Promise.all([
    Promise.all((settings.deskPhones ?? []).map((d) => s.zoom.getDevice(d.id))),
    memberships(
      s.zoom,
      phone.id,
      ready.callQueues.map((q) => q.id),
      'queue',
    ),
    memberships(
      s.zoom,
      phone.id,
      ready.sharedLineGroups.map((g) => g.id),
      'group',
    ),
  ]);
  const own = addresses.find((a) => a.personal);
  const siteDefault = site?.defaultEmergencyAddress;
  return {
    emergencyAddress: own
      ? { text: formatEmergencyAddress(own), status: own.status, personal: true }
      : siteDefault
        ? {
            text: `${siteDefault.addressLine1}, ${siteDefault.city}, ${siteDefault.country}`,
            status: 'unknown',
            personal: false,
          }
        : undefined,
    deskPhones: devices.flatMap((d) => (d ? [{ name: d.displayName, mac: formatMac(d.macAddress) }] : [])),
    callQueues,
    sharedLineGroup: groups[0],
    outboundCallerId: settings.outboundCallerId,
  };
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
  let ready: UserStatus['ready'];
  if ('phone' in zoom && zoom.phone) {
    ready = await readyStatus(s, zoom.phone).catch((err: unknown) => ({
      error: isZoomError(err) ? err.describe() : (err as Error).message,
    }));
  }
  return {
    email,
    known,
    open,
    zoom,
    catalog,
    ready,
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
