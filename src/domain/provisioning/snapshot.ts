// What a phone user had, recorded at soft delete so restore can put back exactly that.
import { formatMac } from '../mac-address.js';
import type { ZoomGroup, ZoomPort } from '../ports.js';
import { type Catalog, planLabel, siteLabel } from '../catalog.js';
import type { PhoneSnapshot } from '../stored/phone-snapshot.js';

export type { PhoneSnapshot };

/** Reads Zoom; `known` adds what only phonebot remembers (Zoom does not report a user's template). */
export async function takeSnapshot(
  zoom: ZoomPort,
  email: string,
  known: { templateId?: string | null; templateName?: string | null },
  now: Date,
): Promise<PhoneSnapshot | { missing: 'user' | 'phone' }> {
  const user = await zoom.findUser(email);
  if (!user) return { missing: 'user' };
  const phone = await zoom.findPhoneUser(user.id);
  if (!phone) return { missing: 'phone' };
  const ready = await readyState(zoom, user.id);
  return {
    ...ready,
    extensionId: phone.extensionId,
    zoomUserId: user.id,
    zoomStatus: user.status ?? 'active',
    phoneStatus: phone.status,
    extension: phone.extensionNumber,
    callingPlans: phone.callingPlans.map((p) => ({ type: p.type, name: p.name })),
    phoneNumbers: phone.phoneNumbers.map((n) => n.number),
    siteId: phone.siteId ?? phone.site?.id,
    siteName: phone.site?.name,
    templateId: known.templateId ?? undefined,
    templateName: known.templateName ?? undefined,
    takenAt: now.toISOString(),
  };
}

/**
 * Memberships, desk phones and caller ID, read from Zoom: Zoom has no "queues of a user" call, so each
 * queue and group is read (accounts have tens of them, a soft delete is rare).
 */
async function readyState(zoom: ZoomPort, userId: string) {
  const [settings, queues, groups] = await Promise.all([
    zoom.getPhoneUserSettings(userId),
    zoom.listCallQueues(),
    zoom.listSharedLineGroups(),
  ]);
  const memberOf = async (list: ZoomGroup[], read: (id: string) => Promise<ZoomGroup | undefined>) => {
    const out: { id: string; name: string }[] = [];
    for (let i = 0; i < list.length; i += 10) {
      const details = await Promise.all(list.slice(i, i + 10).map((g) => read(g.id)));
      for (const g of details) if (g?.members.some((m) => m.userId === userId)) out.push({ id: g.id, name: g.name });
    }
    return out;
  };
  const [callQueues, sharedLineGroups, devices] = await Promise.all([
    memberOf(queues, (id) => zoom.getCallQueue(id)),
    memberOf(groups, (id) => zoom.getSharedLineGroup(id)),
    Promise.all((settings.deskPhones ?? []).map((d) => zoom.getDevice(d.id))),
  ]);
  return {
    callQueues,
    sharedLineGroup: sharedLineGroups[0],
    devices: devices.flatMap((d) => (d ? [{ id: d.id, displayName: d.displayName, mac: d.macAddress }] : [])),
    outboundCallerId: settings.outboundCallerId,
  };
}

/** Names, not codes (catalog.ts): `Calling plan: US/CA Unlimited`, `Site Main Office`. */
export function describeSnapshot(s: PhoneSnapshot, catalog?: Catalog): string[] {
  const site = siteLabel({ id: s.siteId, name: s.siteName }, catalog);
  return [
    `Extension ${s.extension ?? 'none'}`,
    `${s.callingPlans.length > 1 ? 'Calling plans' : 'Calling plan'}: ${s.callingPlans.map((p) => planLabel(p, catalog)).join(', ') || 'none'}`,
    `Direct numbers: ${s.phoneNumbers.join(', ') || 'none'}`,
    ...(site ? [`Site: ${site}`] : []),
    ...(s.templateName ? [`Template: ${s.templateName}`] : []),
    ...(s.callQueues.length ? [`Call queues: ${s.callQueues.map((q) => q.name).join(', ')}`] : []),
    ...(s.sharedLineGroup ? [`Shared line group: ${s.sharedLineGroup.name}`] : []),
    ...s.devices.map((d) => `Desk phone: ${d.displayName ?? d.id}${d.mac ? ` (${formatMac(d.mac)})` : ''}`),
    // Shown only when it is not simply their own number (Zoom's default).
    ...(s.outboundCallerId !== undefined && !s.phoneNumbers.includes(s.outboundCallerId)
      ? [`Caller ID: ${s.outboundCallerId || 'hidden'}`]
      : []),
  ];
}
