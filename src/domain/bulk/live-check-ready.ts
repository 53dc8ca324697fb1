// The "ready to take calls" part of a CSV dry run (issue 15): the Profile, Desk Phone MAC / Model and
// Emergency Address columns checked against the account snapshot, as validate-ready.ts checks a command —
// same rules, read once for the whole file instead of per row.
import type { CellProblem } from '../../csv/index.js';
import type { EmergencyAddressInput } from '../emergency-address.js';
import { formatMac } from '../mac-address.js';
import { findProfile, resolveProfile, type ResolvedProfile, staleProfileMessage } from '../profiles/resolve.js';
import type { ReadyDesired } from '../stored/request-desired.js';
import type { AccountSnapshot } from './account-snapshot.js';

type Problem = (field: CellProblem['field'], message: string) => void;

/** The row's profile resolved against the snapshot; a problem when unknown or stale. */
export function rowProfile(snap: AccountSnapshot, name: string, problem: Problem): ResolvedProfile | undefined {
  const ready = snap.ready;
  const profiles = ready?.profiles ?? [];
  const p = findProfile(profiles, name);
  if (!p || !ready) {
    problem(
      'profile',
      `"${name}" is not a role profile; ${profiles.length ? `profiles: ${profiles.map((x) => x.name).join(', ')}` : 'no role profiles are set up (PHONEBOT_PROFILES)'}`,
    );
    return undefined;
  }
  const r = resolveProfile(p, snap.catalog, ready.catalog);
  if (r.ok) return r.profile;
  problem('profile', staleProfileMessage(p.name, r.problems).replace(/^profile /, ''));
  return undefined;
}

export interface RowReadyInput {
  profile?: ResolvedProfile;
  mac?: string;
  deskPhoneModel?: string;
  address?: EmergencyAddressInput;
  site?: { id: string; name: string };
  getsNumber: boolean;
  email: string;
  /** The person already has Zoom Phone (CSV update rows): as ReadyInput.existingUserId in validate-ready.ts. */
  existingUserId?: string;
}

/**
 * The row's ready part, or undefined when it has none. `macsInFile` keeps one MAC to one row (the file
 * check already reports the second row; this keeps the plan right when it did not run).
 */
export function rowReady(
  snap: AccountSnapshot,
  input: RowReadyInput,
  macsInFile: Map<string, string>,
  problem: Problem,
): ReadyDesired | undefined {
  const p = input.profile;
  let emergencyAddress: ReadyDesired['emergencyAddress'];
  if (input.address) emergencyAddress = { kind: 'personal', address: input.address };
  else if (p?.emergencyAddress === 'personal_required' && !input.existingUserId)
    problem(
      'emergencyAddress',
      `is required by profile "${p.name}": write the person's address, e.g. "1 Main St, Springfield, IL 62701, US"`,
    );
  else if (input.getsNumber && input.site && snap.ready) {
    const label = snap.ready.siteAddress.get(input.site.id);
    if (label && p) emergencyAddress = { kind: 'site_default', id: input.site.id, label };
    else if (!label)
      problem(
        'emergencyAddress',
        `is needed: site ${input.site.name} has no default emergency address, so Zoom cannot give this row a number there; write the person's address, set the site's address in Zoom, or leave the number out`,
      );
  }
  let deskPhone: ReadyDesired['deskPhone'];
  if (input.mac) {
    const rule = p?.deskPhone;
    const other = macsInFile.get(input.mac);
    const device = snap.ready?.devices.get(input.mac);
    const theirs = Boolean(input.existingUserId && device?.assignees.some((a) => a.userId === input.existingUserId));
    if (!rule)
      problem('mac', p ? `cannot be used: profile "${p.name}" has no desk phone` : 'needs a Profile with a desk phone');
    else if (input.deskPhoneModel && input.deskPhoneModel.trim().toLowerCase() !== rule.model.toLowerCase())
      problem('deskPhoneModel', `"${input.deskPhoneModel}" is not the profile's model (${rule.brand} ${rule.model})`);
    else if (other && other !== input.email)
      problem('mac', `${formatMac(input.mac)} is already given to ${other} in this file`);
    else if (theirs) {
      // Already on this phone user (an unedited re-upload): nothing to do for it.
    } else if (device?.assignees.length)
      problem(
        'mac',
        `${formatMac(input.mac)} is the desk phone "${device.displayName}", already assigned to extension ${device.assignees.map((a) => a.extensionNumber ?? a.userId).join(', ')}`,
      );
    else {
      macsInFile.set(input.mac, input.email);
      deskPhone = {
        mac: input.mac,
        brand: rule.brand,
        model: rule.model,
        provisionTemplate: rule.provisionTemplate,
        existingDeviceId: device?.id,
      };
    }
  }
  if (!p && !emergencyAddress && !deskPhone) return undefined;
  return {
    profile: p?.name,
    addOns: input.existingUserId ? [] : (p?.plans.slice(1) ?? []),
    emergencyAddress,
    deskPhone,
    callQueues: p?.callQueues ?? [],
    sharedLineGroup: p?.sharedLineGroup,
    callerId: p?.callerId,
  };
}
