// `/phone ready <email> profile "<name>" [mac …] [address "…"]`: a role profile's ready-to-take-calls parts
// (call queues, shared line group, desk phone, caller ID, a personal emergency address) given to someone who
// already has Zoom Phone — a user set up by hand, or a profile add that failed after the licence (its result
// says what is not done; this finishes it). The same as a CSV update row with a Profile: an `update` request
// whose steps read Zoom first and leave what is already there. The profile's plans, site, template and
// number are not applied to an existing user (those are /phone ext and CSV update cells).
import type { EmergencyAddressInput } from './emergency-address.js';
import type { Origin } from './requests.js';
import type { DomainServices } from './services.js';
import type { UpdateDesired } from './stored/request-desired.js';
import { checkReady, profileFor, type ReadyProblem } from './validate-ready.js';
import { queue, type UseCaseResult, zoomTrouble } from './lifecycle.js';

export interface ApplyProfileInput {
  email: string;
  profile: string;
  mac?: string;
  address?: EmergencyAddressInput;
  actor: string;
  origin?: Origin;
}

export async function applyProfile(s: DomainServices, input: ApplyProfileInput): Promise<UseCaseResult> {
  const problems: ReadyProblem[] = [];
  let desired: UpdateDesired;
  try {
    const [phone, catalog] = await Promise.all([s.zoom.findPhoneUser(input.email), s.catalog.get()]);
    if (!phone) return { ok: false, problems: [`${input.email} has no Zoom Phone; use /phone add with the profile`] };
    const profile = await profileFor(
      { catalog: s.catalog, profiles: s.profiles.profiles, profilesFile: s.profiles.path },
      input.profile,
      catalog,
      problems,
    );
    const ready = profile
      ? await checkReady(
          { zoom: s.zoom, catalog: s.catalog },
          { profile, mac: input.mac, address: input.address, getsNumber: false, existingUserId: phone.id },
          problems,
        )
      : undefined;
    if (problems.length || !ready) return { ok: false, problems: problems.map((p) => p.message) };
    desired = { ready };
  } catch (err) {
    return { ok: false, problems: [zoomTrouble(err)] };
  }
  return queue(s, {
    kind: 'update',
    email: input.email,
    desired,
    holds: [{ kind: 'email', value: input.email }],
    requestedBy: input.actor,
    approvedBy: input.actor,
    origin: input.origin,
  });
}
