// What a phone user had, recorded at soft delete so restore can put back exactly that.
import type { ZoomApi } from '../../zoom/api.js';

export interface PhoneSnapshot {
  zoomUserId: string;
  zoomStatus: string;
  phoneStatus?: string;
  extension?: string;
  callingPlans: { type: number; name?: string }[];
  phoneNumbers: string[];
  siteId?: string;
  siteName?: string;
  templateId?: string;
  templateName?: string;
  takenAt: string;
}

/** Reads Zoom; `known` adds what only phonebot remembers (Zoom does not report a user's template). */
export async function takeSnapshot(zoom: ZoomApi, email: string, known: { templateId?: string | null; templateName?: string | null }, now: Date): Promise<PhoneSnapshot | { missing: 'user' | 'phone' }> {
  const user = await zoom.findUser(email);
  if (!user) return { missing: 'user' };
  const phone = await zoom.findPhoneUser(user.id);
  if (!phone) return { missing: 'phone' };
  return {
    zoomUserId: user.id,
    zoomStatus: user.status ?? 'active',
    phoneStatus: phone.status,
    extension: phone.extension_number,
    callingPlans: phone.calling_plans.map((p) => ({ type: p.type, name: p.name })),
    phoneNumbers: phone.phone_numbers.map((n) => n.number),
    siteId: phone.site_id ?? phone.site?.id,
    siteName: phone.site?.name,
    templateId: known.templateId ?? undefined,
    templateName: known.templateName ?? undefined,
    takenAt: now.toISOString(),
  };
}

export function describeSnapshot(s: PhoneSnapshot): string[] {
  return [
    `Extension ${s.extension ?? 'none'}`,
    `Calling plans: ${s.callingPlans.map((p) => p.name ?? String(p.type)).join(', ') || 'none'}`,
    `Direct numbers: ${s.phoneNumbers.join(', ') || 'none'}`,
    ...(s.siteName || s.siteId ? [`Site ${s.siteName ?? s.siteId}`] : []),
    ...(s.templateName ? [`Template ${s.templateName}`] : []),
  ];
}
