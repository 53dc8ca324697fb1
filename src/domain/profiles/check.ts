// Every role profile checked against Zoom: what `/phone profiles` lists and what the admin channel is told
// when a profile no longer matches (a queue renamed, a plan no longer sold). A stale profile is refused on
// use (validate-ready.ts) until the file or Zoom is fixed.
import { createHash } from 'node:crypto';
import type { DomainServices } from '../services.js';
import { describeProfile, type RoleProfile } from './profile.js';
import { resolveProfile } from './resolve.js';

export interface ProfileState {
  profile: RoleProfile;
  /** What it gives, one line per part. */
  lines: string[];
  /** Names Zoom does not have (empty = usable). */
  problems: string[];
}

export async function checkProfiles(s: Pick<DomainServices, 'catalog' | 'profiles'>): Promise<ProfileState[]> {
  const profiles = s.profiles.profiles;
  if (!profiles.length) return [];
  const [catalog, ready] = await Promise.all([s.catalog.get(), s.catalog.ready(true)]);
  return profiles.map((profile) => {
    const r = resolveProfile(profile, catalog, ready);
    return { profile, lines: describeProfile(profile), problems: r.ok ? [] : r.problems };
  });
}

/**
 * Tells the admin channel about stale profiles, once per distinct set of problems and day (the key), so
 * restarts and replicas do not repeat it. Answers the stale ones.
 */
export async function reportStaleProfiles(s: DomainServices): Promise<ProfileState[]> {
  const stale = (await checkProfiles(s)).filter((p) => p.problems.length);
  if (!stale.length) return stale;
  const digest = createHash('sha256')
    .update(JSON.stringify(stale.map((p) => [p.profile.name, p.problems])))
    .digest('hex')
    .slice(0, 16);
  const day = s.now().toISOString().slice(0, 10);
  await s.notify.profilesStale(`profiles-stale:${day}:${digest}`, stale, s.profiles.path);
  s.log.warn({ profiles: stale.map((p) => p.profile.name) }, 'role profiles no longer match Zoom');
  return stale;
}
