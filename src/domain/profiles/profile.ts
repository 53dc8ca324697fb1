// A role profile: what a kind of employee gets on Zoom Phone (issue 15). Read from PHONEBOT_PROFILES
// (config/profiles.ts); names are Zoom's display names, matched case-insensitively.

export interface ExtensionRange {
  from: number;
  to: number;
  digits: number;
}

export type NumberSource = { kind: 'none' } | { kind: 'auto' } | { kind: 'prefix'; prefix: string };
export type CallerIdRule = { kind: 'own_number' } | { kind: 'hidden' } | { kind: 'queue'; queue: string };
export type EmergencyAddressRule = 'site_default' | 'personal_required';

export interface DeskPhoneRule {
  brand: string;
  model: string;
  provisionTemplate?: string;
}

export interface RoleProfile {
  name: string;
  site: string;
  template?: string;
  /** Base plan first, then add-ons; empty = receive-only. */
  callingPlans: string[];
  /** Replaces PHONEBOT_EXTENSION_RANGE for this profile. */
  extensionRange?: ExtensionRange;
  number: NumberSource;
  callQueues: string[];
  /** At most one: Zoom puts a user in only one shared line group. */
  sharedLineGroups: string[];
  deskPhone?: DeskPhoneRule;
  callerId: CallerIdRule;
  emergencyAddress: EmergencyAddressRule;
  /** Line of the profile's name in the file, for messages. */
  line: number;
}

/** One line per part, as `/phone profiles` and the approver see them. */
export function describeProfile(p: RoleProfile): string[] {
  const plans = p.callingPlans.length ? p.callingPlans.join(' + ') : 'none (receive-only)';
  const number =
    p.number.kind === 'none'
      ? 'none'
      : p.number.kind === 'auto'
        ? 'next free number of the site'
        : `next free number starting ${p.number.prefix}`;
  const callerId =
    p.callerId.kind === 'own_number'
      ? 'own number'
      : p.callerId.kind === 'hidden'
        ? 'hidden'
        : `number of queue ${p.callerId.queue}`;
  const lines = [
    `site ${p.site}${p.template ? `, template ${p.template}` : ''}`,
    `plans ${plans}`,
    `extension ${p.extensionRange ? `${p.extensionRange.from}-${p.extensionRange.to}` : 'from the default range'}, number ${number}`,
  ];
  if (p.callQueues.length) lines.push(`call queues ${p.callQueues.join(', ')}`);
  if (p.sharedLineGroups.length) lines.push(`shared line group ${p.sharedLineGroups.join(', ')}`);
  if (p.deskPhone)
    lines.push(
      `desk phone ${p.deskPhone.brand} ${p.deskPhone.model}${p.deskPhone.provisionTemplate ? ` (template ${p.deskPhone.provisionTemplate})` : ''}, MAC per person`,
    );
  lines.push(
    `caller ID ${callerId}`,
    `emergency address ${p.emergencyAddress === 'site_default' ? "the site's default" : 'personal, required per person'}`,
  );
  return lines;
}
