// The "ready to take calls" part of an add (issue 15), checked before anything changes: the role profile
// against Zoom, the emergency address a number needs, the desk phone's MAC. Every problem is collected
// with the field it belongs to, like validate-add.ts does for extension, plan and number.
import type { Catalog, CatalogCache } from './catalog.js';
import { type EmergencyAddressInput, formatEmergencyAddress } from './emergency-address.js';
import { formatMac } from './mac-address.js';
import type { ZoomPort } from './ports.js';
import { findProfile, resolveProfile, type ResolvedProfile, staleProfileMessage } from './profiles/resolve.js';
import type { RoleProfile } from './profiles/profile.js';
import type { ReadyDesired } from './stored/request-desired.js';
import { isZoomError } from './zoom-errors.js';

export type ReadyField = 'profile' | 'mac' | 'address';

export interface ReadyProblem {
  field: ReadyField | 'general';
  message: string;
}

/** Where problems go: validate-add's list (whose fields include these). */
export interface ProblemSink {
  push(...items: ReadyProblem[]): number;
}

function zoomProblem(field: ReadyField, what: string, err: unknown): ReadyProblem {
  const detail = isZoomError(err) ? err.describe() : (err as Error).message;
  return { field, message: `could not check ${what} in Zoom (${detail}); try again in a minute` };
}

/** The named profile, resolved against Zoom; a problem when it is unknown or stale. */
export async function profileFor(
  deps: { catalog: CatalogCache; profiles?: readonly RoleProfile[]; profilesFile?: string },
  name: string,
  catalog: Catalog,
  problems: ProblemSink,
): Promise<ResolvedProfile | undefined> {
  const profiles = deps.profiles ?? [];
  const p = findProfile(profiles, name);
  if (!p) {
    problems.push({
      field: 'profile',
      message: `profile "${name}" does not exist; ${profiles.length ? `profiles: ${profiles.map((x) => x.name).join(', ')}` : 'no role profiles are set up (PHONEBOT_PROFILES)'} — see /phone profiles`,
    });
    return undefined;
  }
  try {
    // Read now, not from the cache: a queue deleted a minute ago must refuse the profile, not half-apply it.
    const r = resolveProfile(p, catalog, await deps.catalog.ready(true));
    if (r.ok) return r.profile;
    problems.push({ field: 'profile', message: staleProfileMessage(p.name, r.problems, deps.profilesFile) });
  } catch (err) {
    problems.push(zoomProblem('profile', `profile "${p.name}"`, err));
  }
  return undefined;
}

export interface ReadyInput {
  profile?: ResolvedProfile;
  mac?: string;
  address?: EmergencyAddressInput;
  /** The site the user will be in (explicit, else the profile's). */
  site?: { id: string; name: string };
  /** Whether a direct number will be assigned: it needs an emergency address. */
  getsNumber: boolean;
  /** A desk phone model given with the MAC (CSV "Desk Phone Model"): must be the profile's. */
  deskPhoneModel?: string;
  /**
   * Set when the person already has Zoom Phone (`/phone ready`, CSV update rows): their Zoom user id. The
   * profile then adds only its ready parts — no add-on plans, no address demanded (a user with a number has
   * one; a given personal one is still created) — and a desk phone already theirs is nothing to do.
   */
  existingUserId?: string;
}

/** The emergency address rule: a number needs the site's default address or a personal one. */
async function emergencyAddress(
  catalog: CatalogCache,
  input: ReadyInput,
  problems: ProblemSink,
): Promise<ReadyDesired['emergencyAddress']> {
  if (input.address) return { kind: 'personal', address: input.address };
  if (input.profile?.emergencyAddress === 'personal_required' && !input.existingUserId) {
    problems.push({
      field: 'address',
      message: `profile "${input.profile.name}" needs a personal emergency address: add address "street, city, ST zip, CC" (e.g. "1 Main St, Springfield, IL 62701, US")`,
    });
    return undefined;
  }
  if (!input.getsNumber || !input.site) return undefined;
  try {
    const detail = await catalog.site(input.site.id);
    const a = detail?.defaultEmergencyAddress;
    if (a) return { kind: 'site_default', id: a.id, label: `${a.addressLine1}, ${a.city}, ${a.country}` };
    problems.push({
      field: 'address',
      message: `site ${input.site.name} has no default emergency address, so Zoom cannot give this user a direct number there: add address "street, city, ST zip, CC", or set the site's emergency address in Zoom (Phone System Management > Company Info > Emergency Addresses), or leave the number out`,
    });
  } catch (err) {
    problems.push(zoomProblem('address', `the emergency address of site ${input.site.name}`, err));
  }
  return undefined;
}

async function deskPhone(zoom: ZoomPort, input: ReadyInput, problems: ProblemSink): Promise<ReadyDesired['deskPhone']> {
  if (!input.mac) return undefined;
  const rule = input.profile?.deskPhone;
  if (!rule) {
    problems.push({
      field: 'mac',
      message: input.profile
        ? `profile "${input.profile.name}" has no desk phone (desk_phone in the profiles file), so a MAC cannot be used with it`
        : 'a desk phone MAC needs a profile with a desk phone: add profile "<name>" (see /phone profiles)',
    });
    return undefined;
  }
  if (input.deskPhoneModel && input.deskPhoneModel.trim().toLowerCase() !== rule.model.toLowerCase()) {
    problems.push({
      field: 'mac',
      message: `desk phone model "${input.deskPhoneModel}" is not the profile's (${rule.brand} ${rule.model}); leave the model out or use another profile`,
    });
    return undefined;
  }
  try {
    const device = await zoom.findDeviceByMac(input.mac);
    if (input.existingUserId && device?.assignees.some((a) => a.userId === input.existingUserId)) return undefined;
    if (device && device.assignees.length) {
      const who = device.assignees.map((a) => a.extensionNumber ?? a.userId ?? '?').join(', ');
      problems.push({
        field: 'mac',
        message: `MAC ${formatMac(input.mac)} is the desk phone "${device.displayName}", already assigned to extension ${who}; unassign it in Zoom (Phone System Management > Phones & Devices) or give another MAC`,
      });
      return undefined;
    }
    return {
      mac: input.mac,
      brand: rule.brand,
      model: rule.model,
      provisionTemplate: rule.provisionTemplate,
      existingDeviceId: device?.id,
    };
  } catch (err) {
    problems.push(zoomProblem('mac', `MAC ${formatMac(input.mac)}`, err));
    return undefined;
  }
}

/** The ready part to store with the add, or undefined when there is nothing beyond the seed's steps. */
export async function checkReady(
  deps: { zoom: ZoomPort; catalog: CatalogCache },
  input: ReadyInput,
  problems: ProblemSink,
): Promise<ReadyDesired | undefined> {
  const [address, phone] = await Promise.all([
    emergencyAddress(deps.catalog, input, problems),
    deskPhone(deps.zoom, input, problems),
  ]);
  const p = input.profile;
  // Without a profile the site's own address needs no step and nothing to show: only a personal one is kept.
  const kept = p || address?.kind === 'personal' ? address : undefined;
  if (!p && !kept && !phone) return undefined;
  return {
    profile: p?.name,
    addOns: input.existingUserId ? [] : (p?.plans.slice(1) ?? []),
    emergencyAddress: kept,
    deskPhone: phone,
    callQueues: p?.callQueues ?? [],
    sharedLineGroup: p?.sharedLineGroup,
    callerId: p?.callerId,
  };
}

/** One line per ready part, as cards and the approver show them. */
export function describeReady(r: ReadyDesired | undefined): string[] {
  if (!r) return [];
  const lines: string[] = [];
  if (r.profile) lines.push(`Profile ${r.profile}`);
  if (r.addOns.length) lines.push(`Add-on plans ${r.addOns.map((a) => a.name).join(', ')}`);
  if (r.emergencyAddress?.kind === 'personal')
    lines.push(`Emergency address ${formatEmergencyAddress(r.emergencyAddress.address)} (personal)`);
  else if (r.emergencyAddress?.kind === 'site_default')
    lines.push(`Emergency address ${r.emergencyAddress.label} (the site's)`);
  if (r.deskPhone)
    lines.push(
      `Desk phone ${r.deskPhone.brand} ${r.deskPhone.model} ${formatMac(r.deskPhone.mac)}${r.deskPhone.provisionTemplate ? ` (template ${r.deskPhone.provisionTemplate.name})` : ''}`,
    );
  if (r.callQueues.length) lines.push(`Call queues ${r.callQueues.map((q) => q.name).join(', ')}`);
  if (r.sharedLineGroup) lines.push(`Shared line group ${r.sharedLineGroup.name}`);
  if (r.callerId)
    lines.push(
      `Caller ID ${r.callerId.kind === 'own_number' ? 'own number' : r.callerId.kind === 'hidden' ? 'hidden' : `${r.callerId.queue.name} (${r.callerId.number})`}`,
    );
  return lines;
}

/**
 * What the rows of a file will set up besides the phone user, counted per part (the CSV preview's "Also set
 * up"): an admin sees at a glance that 480 desk phones and 500 queue memberships are about to happen.
 */
export function summarizeReady(all: readonly (ReadyDesired | undefined)[]): string[] {
  const counts = new Map<string, number>();
  const add = (line: string) => counts.set(line, (counts.get(line) ?? 0) + 1);
  for (const r of all) {
    if (!r) continue;
    if (r.profile) add(`Profile ${r.profile}`);
    for (const a of r.addOns) add(`Add-on plan ${a.name}`);
    if (r.emergencyAddress?.kind === 'personal') add('Personal emergency address (created for the user)');
    else if (r.emergencyAddress?.kind === 'site_default')
      add(`Emergency address ${r.emergencyAddress.label} (the site's)`);
    if (r.deskPhone) add(`Desk phone ${r.deskPhone.brand} ${r.deskPhone.model}`);
    for (const q of r.callQueues) add(`Call queue ${q.name}`);
    if (r.sharedLineGroup) add(`Shared line group ${r.sharedLineGroup.name}`);
    if (r.callerId)
      add(
        `Caller ID ${r.callerId.kind === 'own_number' ? 'own number' : r.callerId.kind === 'hidden' ? 'hidden' : `${r.callerId.queue.name}'s number`}`,
      );
  }
  return [...counts].map(([line, n]) => `${line}: ${n} row${n === 1 ? '' : 's'}`);
}
