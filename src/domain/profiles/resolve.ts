// A role profile checked against Zoom: every name it holds (site, template, plans, queues, group, provision
// template, the caller-ID queue) must be one Zoom shows now. A profile that no longer matches is refused as
// a whole — never half-applied — with each stale name and what to do.
import { type Catalog, findByName, findPlan, type PlanRef, type ReadyCatalog } from '../catalog.js';
import type { ZoomGroup } from '../ports.js';
import type {
  CallerIdRule,
  DeskPhoneRule,
  EmergencyAddressRule,
  ExtensionRange,
  NumberSource,
  RoleProfile,
} from './profile.js';

export interface Named {
  id: string;
  name: string;
}

/** A profile with Zoom's ids for every name. */
export interface ResolvedProfile {
  name: string;
  site: Named;
  template?: Named;
  /** Base plan first, then add-ons. */
  plans: PlanRef[];
  extensionRange?: ExtensionRange;
  number: NumberSource;
  callQueues: Named[];
  sharedLineGroup?: Named;
  deskPhone?: Omit<DeskPhoneRule, 'provisionTemplate'> & { provisionTemplate?: Named };
  callerId:
    Exclude<CallerIdRule, { kind: 'queue' }> | { kind: 'queue'; queue: Named; numberId: string; number: string };
  emergencyAddress: EmergencyAddressRule;
}

export type ProfileResolution = { ok: true; profile: ResolvedProfile } | { ok: false; problems: string[] };

export function findProfile(profiles: readonly RoleProfile[], name: string): RoleProfile | undefined {
  const q = name.trim().toLowerCase();
  return profiles.find((p) => p.name.toLowerCase() === q);
}

const byName = (items: ZoomGroup[], name: string) => findByName(items, name);

/** Every stale name is one problem; an empty list means the profile can be used as it is. */
export function resolveProfile(p: RoleProfile, catalog: Catalog, ready: ReadyCatalog): ProfileResolution {
  const problems: string[] = [];
  const missing = (what: string, name: string, known: string[]) =>
    problems.push(
      `${what} "${name}" does not exist in Zoom (${known.length ? `Zoom has: ${known.slice(0, 10).join(', ')}` : 'Zoom has none'})`,
    );
  const site = findByName(catalog.sites, p.site);
  if (!site)
    missing(
      'site',
      p.site,
      catalog.sites.map((s) => s.name),
    );
  let template: Named | undefined;
  if (p.template) {
    template = findByName(catalog.templates, p.template);
    if (!template)
      missing(
        'template',
        p.template,
        catalog.templates.map((t) => t.name),
      );
  }
  const plans: PlanRef[] = [];
  for (const name of p.callingPlans) {
    const plan = findPlan(catalog.plans, name);
    if (!plan)
      missing(
        'calling plan',
        name,
        catalog.plans.map((x) => x.name),
      );
    else plans.push({ type: plan.type, name: plan.name });
  }
  const callQueues: Named[] = [];
  for (const name of p.callQueues) {
    const q = byName(ready.callQueues, name);
    if (!q)
      missing(
        'call queue',
        name,
        ready.callQueues.map((x) => x.name),
      );
    else callQueues.push({ id: q.id, name: q.name });
  }
  let sharedLineGroup: Named | undefined;
  if (p.sharedLineGroups[0]) {
    const g = byName(ready.sharedLineGroups, p.sharedLineGroups[0]);
    if (!g)
      missing(
        'shared line group',
        p.sharedLineGroups[0],
        ready.sharedLineGroups.map((x) => x.name),
      );
    else sharedLineGroup = { id: g.id, name: g.name };
  }
  let deskPhone: ResolvedProfile['deskPhone'];
  if (p.deskPhone) {
    let provisionTemplate: Named | undefined;
    if (p.deskPhone.provisionTemplate) {
      const t = findByName(ready.provisionTemplates, p.deskPhone.provisionTemplate);
      if (!t)
        missing(
          'provision template',
          p.deskPhone.provisionTemplate,
          ready.provisionTemplates.map((x) => x.name),
        );
      else provisionTemplate = { id: t.id, name: t.name };
    }
    deskPhone = { brand: p.deskPhone.brand, model: p.deskPhone.model, provisionTemplate };
  }
  let callerId: ResolvedProfile['callerId'] = { kind: 'hidden' };
  if (p.callerId.kind === 'queue') {
    const q = byName(ready.callQueues, p.callerId.queue);
    const n = q?.phoneNumbers.find((x) => x.id);
    if (!q)
      missing(
        'caller ID queue',
        p.callerId.queue,
        ready.callQueues.map((x) => x.name),
      );
    else if (!n) problems.push(`caller ID queue "${q.name}" has no phone number to show`);
    else callerId = { kind: 'queue', queue: { id: q.id, name: q.name }, numberId: n.id!, number: n.number };
  } else callerId = p.callerId;
  if (problems.length || !site) return { ok: false, problems };
  return {
    ok: true,
    profile: {
      name: p.name,
      site: { id: site.id, name: site.name },
      template,
      plans,
      extensionRange: p.extensionRange,
      number: p.number,
      callQueues,
      sharedLineGroup,
      deskPhone,
      callerId,
      emergencyAddress: p.emergencyAddress,
    },
  };
}

/** The refusal an admin reads when a stale profile is used. */
export function staleProfileMessage(name: string, problems: string[], file = 'the profiles file'): string {
  return `profile "${name}" no longer matches Zoom: ${problems.join('; ')}. Fix the profile in ${file} (or create what it names in Zoom); nothing was changed`;
}
