// What a phone user had, recorded at soft delete so restore can put back exactly that.
import type { ZoomPort } from '../ports.js';
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
  return {
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

/** Names, not codes (catalog.ts): `Calling plan: US/CA Unlimited`, `Site Main Office`. */
export function describeSnapshot(s: PhoneSnapshot, catalog?: Catalog): string[] {
  const site = siteLabel({ id: s.siteId, name: s.siteName }, catalog);
  return [
    `Extension ${s.extension ?? 'none'}`,
    `${s.callingPlans.length > 1 ? 'Calling plans' : 'Calling plan'}: ${s.callingPlans.map((p) => planLabel(p, catalog)).join(', ') || 'none'}`,
    `Direct numbers: ${s.phoneNumbers.join(', ') || 'none'}`,
    ...(site ? [`Site: ${site}`] : []),
    ...(s.templateName ? [`Template: ${s.templateName}`] : []),
  ];
}
