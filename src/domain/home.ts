// What the App Home shows, as plain data (render/home.ts turns it into Block Kit). Approvers see the account:
// requests waiting for them, invitations not yet accepted, removed users still restorable, free seats, sites,
// the last changes and the last drift report. Everyone else sees only their own phone and their own requests,
// looked up by the Slack user id of the signed event and the e-mail Slack gives for it, never by anything
// the viewer typed.
import type { DomainServices } from './services.js';
import { isZoomError } from './zoom-errors.js';
import { planLabel, siteLabel } from './catalog.js';
import { lastDriftReport, type DriftSummary } from './drift-summary.js';
import { type PendingUser, pendingUsers } from './lifecycle.js';
import { peekSnapshot } from './stored/index.js';
import { OPEN_STATUSES, type RequestRow } from './provisioning/types.js';
import { seatsPromised } from './seats.js';

/** How many items of each list the Home shows (Slack allows 100 blocks a view; the rest are counted). */
export const HOME_LIST_MAX = 10;

export interface Listed<T> {
  items: T[];
  total: number;
}

export interface RemovedUser {
  email: string;
  extension: string | null;
  softDeletedAt: Date | null;
  purgeAfter: Date | null;
}

export interface PlanSeats {
  type: number;
  name: string;
  subscribed?: number;
  assigned?: number;
  /** Zoom's free count minus the seats promised to open requests. */
  free?: number;
  promised: number;
}

export interface SiteFigures {
  name: string;
  /** Phone users phonebot set up there and believes active (each holds a Zoom Phone licence). */
  phoneUsers: number;
  /** Unassigned Zoom Phone numbers of the site; undefined when Zoom could not be read. */
  unassignedNumbers?: number;
}

export interface AuditItem {
  at: Date;
  actor: string;
  action: string;
  target: string | null;
  requestId: number | null;
  outcome: string;
  /** The requester, when phonebot acted on their request. */
  onBehalfOf?: string;
}

export interface ApproverHome {
  kind: 'approver';
  awaiting: Listed<RequestRow>;
  /** Approved and still running (queued) requests: how much work is in flight. */
  running: number;
  pending: Listed<PendingUser>;
  removed: Listed<RemovedUser>;
  seats: PlanSeats[] | { error: string };
  sites: SiteFigures[] | { error: string };
  /** Whether the unassigned-number counts stopped at the read cap (then they read "at least"). */
  numbersCapped: boolean;
  audit: AuditItem[];
  drift?: DriftSummary;
}

export interface OwnPhone {
  extension?: string;
  numbers: string[];
  plans: string[];
  site?: string;
  /** Where the figures come from: Zoom (read now), or phonebot's record when Zoom did not answer. */
  source: 'zoom' | 'phonebot';
  state?: string;
  purgeAfter?: Date | null;
}

export interface MemberHome {
  kind: 'member';
  email?: string;
  /** Why the viewer's own phone cannot be shown (their e-mail is unknown to Slack, or Zoom and phonebot have none). */
  phoneNote?: string;
  phone?: OwnPhone;
  open: RequestRow[];
  /** Their requests decided or finished in the last 30 days, newest first. */
  recent: RequestRow[];
}

export type HomeContent = ApproverHome | MemberHome;

const UNASSIGNED_TTL_MS = 5 * 60_000;
/** Numbers read at most per count (10 pages of 200): the Home must stay cheap on a large account. */
const UNASSIGNED_READ_CAP = 2_000;
const APPROVER_TTL_MS = 2_000;

/**
 * Builds Home content. Every approver sees the same account figures, so they are built once and shared for
 * a moment (a refresh of 50 approvers costs one set of queries); the unassigned-number counts, which need
 * paged Zoom reads, are kept for five minutes.
 */
export class HomeContentBuilder {
  private approverCache?: { at: number; value: Promise<ApproverHome> };
  private numbersCache?: { at: number; value: Promise<{ bySite: Map<string, number>; capped: boolean }> };

  constructor(private readonly s: DomainServices) {}

  forApprovers(): Promise<ApproverHome> {
    const now = Date.now();
    if (!this.approverCache || now - this.approverCache.at > APPROVER_TTL_MS) {
      const value = this.buildApproverHome();
      this.approverCache = { at: now, value };
      value.catch(() => {
        if (this.approverCache?.value === value) this.approverCache = undefined;
      });
    }
    return this.approverCache.value;
  }

  /** Drops the shared approver figures: the next build reads them again (called when something changed). */
  invalidate(): void {
    this.approverCache = undefined;
  }

  async forMember(
    userId: string,
    email: { ok: true; email: string } | { ok: false; error: string },
  ): Promise<MemberHome> {
    const since = new Date(this.s.now().getTime() - 30 * 86_400_000);
    const [open, recent] = await Promise.all([
      this.s.db.provisioningRequest.findMany({
        where: { requestedBy: userId, status: { in: [...OPEN_STATUSES] } },
        orderBy: { id: 'asc' },
        take: HOME_LIST_MAX,
      }),
      this.s.db.provisioningRequest.findMany({
        where: { requestedBy: userId, status: { notIn: [...OPEN_STATUSES] }, updatedAt: { gte: since } },
        orderBy: { id: 'desc' },
        take: 5,
      }),
    ]);
    if (!email.ok)
      return {
        kind: 'member',
        open,
        recent,
        phoneNote: `phonebot could not read your e-mail address from Slack (${email.error}), so it cannot look up your phone`,
      };
    const phone = await this.ownPhone(email.email);
    return {
      kind: 'member',
      email: email.email,
      open,
      recent,
      ...(phone ? { phone } : { phoneNote: `no Zoom Phone is set up for ${email.email}` }),
    };
  }

  private async ownPhone(email: string): Promise<OwnPhone | undefined> {
    const [record, catalog] = await Promise.all([
      this.s.db.phoneUser.findUnique({ where: { email } }),
      this.s.catalog.get().catch(() => undefined),
    ]);
    try {
      // Zoom is the truth about someone's phone; phonebot's record is the fallback when Zoom is away.
      const zoom = await this.s.zoom.findPhoneUser(email);
      if (!zoom) return undefined;
      return {
        extension: zoom.extensionNumber,
        numbers: zoom.phoneNumbers.map((n) => n.number),
        plans: zoom.callingPlans.map((p) => planLabel(p, catalog)),
        site: siteLabel({ id: zoom.siteId, name: zoom.site?.name }, catalog) || undefined,
        source: 'zoom',
        state: record?.state,
        purgeAfter: record?.purgeAfter,
      };
    } catch (err) {
      this.s.log.warn(
        { err: isZoomError(err) ? err.describe() : (err as Error).message },
        'App Home: Zoom did not answer for a phone',
      );
      if (!record || ['purged', 'cancelled'].includes(record.state)) return undefined;
      return {
        extension: record.extension ?? undefined,
        numbers: record.phoneNumbers,
        plans: record.callingPlans.map((type) => planLabel({ type }, catalog)),
        site: record.siteName ?? undefined,
        source: 'phonebot',
        state: record.state,
        purgeAfter: record.purgeAfter,
      };
    }
  }

  private async buildApproverHome(): Promise<ApproverHome> {
    const db = this.s.db;
    const [awaiting, awaitingTotal, running, pending, removed, removedTotal, audit, drift] = await Promise.all([
      db.provisioningRequest.findMany({
        where: { status: 'awaiting_approval' },
        orderBy: { id: 'asc' },
        take: HOME_LIST_MAX,
      }),
      db.provisioningRequest.count({ where: { status: 'awaiting_approval' } }),
      db.provisioningRequest.count({ where: { status: 'queued' } }),
      pendingUsers(this.s, this.s.now()),
      db.phoneUser.findMany({
        where: { state: 'soft_deleted' },
        orderBy: { purgeAfter: 'asc' },
        take: HOME_LIST_MAX,
        select: { email: true, extension: true, snapshot: true, softDeletedAt: true, purgeAfter: true },
      }),
      db.phoneUser.count({ where: { state: 'soft_deleted' } }),
      this.recentChanges(),
      lastDriftReport(db),
    ]);
    const { seats, sites, numbersCapped } = await this.accountFigures();
    return {
      kind: 'approver',
      awaiting: { items: awaiting, total: awaitingTotal },
      running,
      pending: { items: pending.slice(0, HOME_LIST_MAX), total: pending.length },
      // The extension held for the restore is the one recorded at removal (also for users phonebot did not set up).
      removed: {
        items: removed.map(({ snapshot, ...r }) => ({
          ...r,
          extension: r.extension ?? peekSnapshot(snapshot)?.extension ?? null,
        })),
        total: removedTotal,
      },
      seats,
      sites,
      numbersCapped,
      audit,
      drift,
    };
  }

  /** The last ten changes (refusals are attempts, not changes: /phone audit lists them). */
  private async recentChanges(): Promise<AuditItem[]> {
    const rows = await this.s.db.auditLog.findMany({
      where: { NOT: { action: { startsWith: 'authz.refused.' } } },
      orderBy: { id: 'desc' },
      take: HOME_LIST_MAX,
    });
    const ids = [...new Set(rows.map((r) => r.requestId).filter((id): id is number => id !== null))];
    const owners = new Map(
      (
        await this.s.db.provisioningRequest.findMany({
          where: { id: { in: ids } },
          select: { id: true, requestedBy: true },
        })
      ).map((r) => [r.id, r.requestedBy]),
    );
    return rows.map((r) => ({
      at: r.at,
      actor: r.actor,
      action: r.action,
      target: r.target,
      requestId: r.requestId,
      outcome: r.outcome,
      onBehalfOf: r.requestId !== null ? owners.get(r.requestId) : undefined,
    }));
  }

  private async accountFigures(): Promise<Pick<ApproverHome, 'seats' | 'sites' | 'numbersCapped'>> {
    let catalog, plans;
    try {
      // Seat counts move with every assignment: read them now, not from the catalog's 30-second copy.
      [catalog, plans] = await Promise.all([this.s.catalog.get(), this.s.zoom.listCallingPlans()]);
    } catch (err) {
      const error = isZoomError(err) ? err.describe() : (err as Error).message;
      return { seats: { error }, sites: { error }, numbersCapped: false };
    }
    const seats: PlanSeats[] = await Promise.all(
      plans.map(async (p) => {
        const promised = (await seatsPromised(this.s.db, p.type)).length;
        return {
          type: p.type,
          name: planLabel(p, catalog),
          subscribed: p.subscribed,
          assigned: p.assigned,
          free: p.available === undefined ? undefined : Math.max(0, p.available - promised),
          promised,
        };
      }),
    );
    const [users, numbers] = await Promise.all([
      this.s.db.phoneUser.groupBy({ by: ['siteId'], where: { state: 'active' }, _count: { _all: true } }),
      this.unassignedNumbers().catch(() => undefined),
    ]);
    const usersBySite = new Map(users.map((u) => [u.siteId ?? '', u._count._all]));
    const sites: SiteFigures[] = catalog.sites.map((site) => ({
      name: site.name,
      phoneUsers: usersBySite.get(site.id) ?? 0,
      unassignedNumbers: numbers ? (numbers.bySite.get(site.id) ?? 0) : undefined,
    }));
    return { seats, sites, numbersCapped: numbers?.capped ?? false };
  }

  private unassignedNumbers(): Promise<{ bySite: Map<string, number>; capped: boolean }> {
    const now = Date.now();
    if (!this.numbersCache || now - this.numbersCache.at > UNASSIGNED_TTL_MS) {
      const value = (async () => {
        const bySite = new Map<string, number>();
        let read = 0;
        for await (const n of this.s.zoom.listPhoneNumbers('unassigned')) {
          const site = n.site?.id ?? '';
          bySite.set(site, (bySite.get(site) ?? 0) + 1);
          if (++read >= UNASSIGNED_READ_CAP) return { bySite, capped: true };
        }
        return { bySite, capped: false };
      })();
      this.numbersCache = { at: now, value };
      value.catch((err: Error) => {
        this.s.log.warn({ err: err.message }, 'App Home: could not count unassigned numbers');
        if (this.numbersCache?.value === value) this.numbersCache = undefined;
      });
    }
    return this.numbersCache.value;
  }
}
