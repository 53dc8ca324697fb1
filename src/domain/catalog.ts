// The account's calling plans, sites and setting templates, read from Zoom and kept for a short while:
// validation needs them for every command and every CSV row, and they change rarely.
import { loadSiteCodes, type SiteCodes } from './provisioning/site-codes.js';
import type {
  ZoomCallingPlan,
  ZoomGroup,
  ZoomPort,
  ZoomProvisionTemplate,
  ZoomSettingTemplate,
  ZoomSite,
  ZoomSiteDetail,
} from './ports.js';

// POST /phone/users/batch takes plan *names* in this short form, GET /phone/calling_plans returns longer
// display names; the map is from Zoom's batch-add spec (docs/reference/zoom-api.md §13.2).
export const BATCH_PLAN_NAMES: Record<number, string> = {
  100: 'US/CA Metered',
  200: 'US/CA Unlimited',
  101: 'AU/NZ Metered',
  201: 'AU/NZ Unlimited',
  102: 'UK/Ireland Metered',
  202: 'UK/Ireland Unlimited',
  103: 'Europe Zone A Metered',
  203: 'Europe Zone A Unlimited',
  104: 'Europe Zone B Metered',
  204: 'Europe Zone B Unlimited',
  107: 'JP Metered',
  207: 'JP Unlimited',
  1001: 'Global Select Metered',
  1000: 'Global Select',
  4000: 'International Calling Add-On',
  600: 'Beta',
  3000: 'Pro',
  4010: 'Power Pack',
};

export interface PlanRef {
  type: number;
  name: string;
}

export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/\bcalling plan\b|\bplan\b|\bpackage\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface Catalog {
  plans: ZoomCallingPlan[];
  sites: ZoomSite[];
  templates: ZoomSettingTemplate[];
  /** Code and short-extension length of the sites that have a site code. */
  siteCodes: SiteCodes;
}

/**
 * What role profiles name beyond plans, sites and templates (issue 15). Read only when a profile is used
 * or checked, so accounts without profiles pay no extra Zoom calls.
 */
export interface ReadyCatalog {
  callQueues: ZoomGroup[];
  sharedLineGroups: ZoomGroup[];
  provisionTemplates: ZoomProvisionTemplate[];
}

interface Cached<T> {
  at: number;
  value: Promise<T>;
}

export class CatalogCache {
  private cached?: Cached<Catalog>;
  private cachedReady?: Cached<ReadyCatalog>;
  /** Site details (the default emergency address is only in the single-site read), by site id. */
  private readonly siteDetails = new Map<string, Cached<ZoomSiteDetail | undefined>>();

  private fresh<T>(slot: Cached<T> | undefined, load: () => Promise<T>, drop: (v: Promise<T>) => void): Cached<T> {
    if (slot && this.now() - slot.at <= this.ttlMs) return slot;
    const value = load();
    // A failed read must not be cached for the whole TTL.
    value.catch(() => drop(value));
    return { at: this.now(), value };
  }

  /** `reload`: read Zoom now (an add about to use a profile must not trust a queue list from a while ago). */
  ready(reload = false): Promise<ReadyCatalog> {
    this.cachedReady = this.fresh(
      reload ? undefined : this.cachedReady,
      () =>
        Promise.all([
          this.zoom.listCallQueues(),
          this.zoom.listSharedLineGroups(),
          this.zoom.listProvisionTemplates(),
        ]).then(([callQueues, sharedLineGroups, provisionTemplates]) => ({
          callQueues,
          sharedLineGroups,
          provisionTemplates,
        })),
      (v) => {
        if (this.cachedReady?.value === v) this.cachedReady = undefined;
      },
    );
    return this.cachedReady.value;
  }

  site(id: string): Promise<ZoomSiteDetail | undefined> {
    const slot = this.fresh(
      this.siteDetails.get(id),
      () => this.zoom.getSite(id),
      (v) => {
        if (this.siteDetails.get(id)?.value === v) this.siteDetails.delete(id);
      },
    );
    this.siteDetails.set(id, slot);
    return slot.value;
  }

  constructor(
    private readonly zoom: ZoomPort,
    private readonly ttlMs = 30_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get(): Promise<Catalog> {
    if (!this.cached || this.now() - this.cached.at > this.ttlMs) {
      const value = Promise.all([
        this.zoom.listCallingPlans(),
        this.zoom.listSites(),
        this.zoom.listSettingTemplates(),
      ]).then(async ([plans, sites, templates]) => ({
        plans,
        sites,
        templates,
        siteCodes: await loadSiteCodes(this.zoom, sites),
      }));
      this.cached = { at: this.now(), value };
      // A failed read must not be cached for the whole TTL.
      value.catch(() => {
        if (this.cached?.value === value) this.cached = undefined;
      });
    }
    return this.cached.value;
  }

  /** Seat counts change with every assignment: callers that need them fresh drop the cache first. */
  invalidate(): void {
    this.cached = undefined;
  }
}

export function findPlan(plans: ZoomCallingPlan[], query: string): ZoomCallingPlan | undefined {
  const q = query.trim();
  if (/^\d+$/.test(q)) return plans.find((p) => p.type === Number(q));
  const wanted = normaliseName(q);
  return (
    plans.find((p) => normaliseName(p.name) === wanted) ??
    plans.find((p) => BATCH_PLAN_NAMES[p.type] !== undefined && normaliseName(BATCH_PLAN_NAMES[p.type]!) === wanted)
  );
}

export function findByName<T extends { id: string; name: string }>(items: T[], query: string): T | undefined {
  const q = query.trim().toLowerCase();
  return items.find((i) => i.id === query.trim()) ?? items.find((i) => i.name.toLowerCase() === q);
}

export function describePlans(plans: ZoomCallingPlan[]): string {
  return plans.map((p) => `${p.name} (${p.type})`).join(', ') || 'none';
}

/**
 * How a calling plan is shown to people: its name (Zoom's, else the catalog's, else Zoom's published short
 * name), with the code only when two plans of the account share that name or no name is known at all.
 */
export function planLabel(plan: { type: number; name?: string | null }, catalog?: Catalog): string {
  const name = plan.name ?? catalog?.plans.find((p) => p.type === plan.type)?.name ?? BATCH_PLAN_NAMES[plan.type];
  if (!name) return `calling plan ${plan.type}`;
  const sameName = catalog?.plans.filter((p) => normaliseName(p.name) === normaliseName(name)).length ?? 0;
  return sameName > 1 ? `${name} (${plan.type})` : name;
}

/** A site by name; its id only when the catalog does not know it (deleted since, or a stale cache). */
export function siteLabel(site: { id?: string | null; name?: string | null }, catalog?: Catalog): string {
  const name = site.name ?? catalog?.sites.find((s) => s.id === site.id)?.name;
  return name ?? (site.id ? `site ${site.id}` : '');
}
