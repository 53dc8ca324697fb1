// Everything a CSV check needs to know about the Zoom account, read with list calls: a few paged requests
// cover a whole file, where per-row look-ups would cost several calls per row (and the file's rows must
// be checked against each other anyway: seats for the whole file, auto extensions that do not collide).
import type { Db } from '../../db/database.js';
import type { Catalog, CatalogCache, ReadyCatalog } from '../catalog.js';
import type { ZoomDevice, ZoomPort } from '../ports.js';
import type { RoleProfile } from '../profiles/profile.js';
import { peekDesired } from '../stored/index.js';

export interface SnapshotPhone {
  id: string;
  extension?: string;
  plans: number[];
  numbers: string[];
  siteId?: string;
}

export interface AccountSnapshot {
  users: Map<string, { id?: string; status: string }>;
  phones: Map<string, SnapshotPhone>;
  extensionOwner: Map<string, string>;
  /** Every number of the account; `assignee` set when it is taken. */
  numbers: Map<string, { assignee?: string; siteId?: string }>;
  /** What role profiles, MACs and emergency addresses are checked against; only read when the file has them. */
  ready?: ReadySnapshot;
  catalog: Catalog;
  /** Values held by phonebot (open requests, removed users), with who holds them. */
  held: Map<string, string>;
  /** Seats of each plan promised to open requests that have not assigned it yet. */
  promisedSeats: Map<number, number>;
  /** Extensions phonebot knows are in use (its own users), in case Zoom's list lags. */
  knownExtensions: Set<string>;
  /**
   * The setting template phonebot last applied to each of its users (email → template id). Zoom lists no
   * template per user, so this is how an update row naming the same template is known to ask for nothing.
   */
  templateOf: Map<string, string>;
}

const OPEN = ['awaiting_approval', 'queued', 'waiting_activation'];

export interface ReadySnapshot {
  catalog: ReadyCatalog;
  profiles: readonly RoleProfile[];
  /** Each site's default emergency address (a short label), undefined when it has none. */
  siteAddress: Map<string, string | undefined>;
  /** Desk phones by MAC (12 hex digits). */
  devices: Map<string, ZoomDevice>;
}

async function loadReadySnapshot(
  deps: { zoom: ZoomPort; catalog: CatalogCache },
  profiles: readonly RoleProfile[],
): Promise<ReadySnapshot> {
  const [ready, catalog, devices] = await Promise.all([
    deps.catalog.ready(true),
    deps.catalog.get(),
    deps.zoom.listDevices(),
  ]);
  const details = await Promise.all(catalog.sites.map((s) => deps.catalog.site(s.id)));
  return {
    catalog: ready,
    profiles,
    siteAddress: new Map(
      catalog.sites.map((s, i) => {
        const a = details[i]?.defaultEmergencyAddress;
        return [s.id, a ? `${a.addressLine1}, ${a.city}, ${a.country}` : undefined];
      }),
    ),
    devices: new Map(devices.map((d) => [d.macAddress, d])),
  };
}

export async function loadAccountSnapshot(deps: {
  db: Db;
  zoom: ZoomPort;
  catalog: CatalogCache;
  /** Set when the file uses profiles, MACs or emergency addresses: their part of the account is read too. */
  ready?: { profiles: readonly RoleProfile[] };
}): Promise<AccountSnapshot> {
  deps.catalog.invalidate();
  const readyP = deps.ready ? loadReadySnapshot(deps, deps.ready.profiles) : Promise.resolve(undefined);
  const usersP = (async () => {
    const users = new Map<string, { id?: string; status: string }>();
    for (const status of ['active', 'pending', 'inactive'] as const) {
      for await (const u of deps.zoom.listUsers(status)) users.set(u.email.toLowerCase(), { id: u.id, status });
    }
    return users;
  })();
  const phonesP = (async () => {
    const phones = new Map<string, SnapshotPhone>();
    const extensionOwner = new Map<string, string>();
    for await (const p of deps.zoom.listPhoneUsers()) {
      const email = (p.email ?? p.id).toLowerCase();
      phones.set(email, {
        id: p.id,
        extension: p.extensionNumber,
        plans: p.callingPlans.map((c) => c.type),
        numbers: p.phoneNumbers.map((n) => n.number),
        siteId: p.siteId ?? p.site?.id,
      });
      if (p.extensionNumber) extensionOwner.set(p.extensionNumber, email);
    }
    return { phones, extensionOwner };
  })();
  const numbersP = (async () => {
    const numbers = new Map<string, { assignee?: string; siteId?: string }>();
    for await (const n of deps.zoom.listPhoneNumbers('all'))
      numbers.set(n.number, { assignee: n.assignee?.name ?? n.assignee?.id ?? undefined, siteId: n.site?.id });
    return numbers;
  })();
  const [users, { phones, extensionOwner }, numbers, catalog, holds, open, known, templated] = await Promise.all([
    usersP,
    phonesP,
    numbersP,
    deps.catalog.get(),
    deps.db.reservation.findMany(),
    deps.db.provisioningRequest.findMany({
      where: { status: { in: OPEN }, kind: 'add' },
      select: { id: true, kind: true, email: true, desired: true },
    }),
    deps.db.phoneUser.findMany({
      where: { extension: { not: null }, state: { notIn: ['purged', 'cancelled'] } },
      select: { email: true, extension: true },
    }),
    deps.db.phoneUser.findMany({
      where: { templateId: { not: null }, state: { notIn: ['purged', 'cancelled'] } },
      select: { email: true, templateId: true },
    }),
  ]);
  const requestEmail = new Map(open.map((r) => [r.id, r.email]));
  const softDeleted = new Map(
    (
      await deps.db.phoneUser.findMany({
        where: { id: { in: holds.map((h) => h.phoneUserId).filter((x): x is string => Boolean(x)) } },
        select: { id: true, email: true },
      })
    ).map((p) => [p.id, p.email]),
  );
  const held = new Map<string, string>();
  for (const h of holds) {
    const who =
      h.requestId !== null
        ? `request #${h.requestId}${requestEmail.get(h.requestId) ? ` for ${requestEmail.get(h.requestId)}` : ''}`
        : h.phoneUserId
          ? `${softDeleted.get(h.phoneUserId) ?? 'a removed user'} (removed, restorable)`
          : 'another request';
    held.set(`${h.kind}:${h.value}`, who);
  }
  const promisedSeats = new Map<number, number>();
  for (const r of open) {
    const d = peekDesired(r, 'add');
    for (const plan of d?.plan ? [d.plan, ...(d.ready?.addOns ?? [])] : [])
      promisedSeats.set(plan.type, (promisedSeats.get(plan.type) ?? 0) + 1);
  }
  return {
    users,
    phones,
    extensionOwner,
    numbers,
    ready: await readyP,
    catalog,
    held,
    promisedSeats,
    knownExtensions: new Set(known.map((k) => k.extension!)),
    templateOf: new Map(templated.map((t) => [t.email.toLowerCase(), t.templateId!])),
  };
}

/**
 * Whether a checked file needs the ready part of the account read: profiles, MACs, emergency addresses, or
 * numbers (a number needs the site's default emergency address or a personal one).
 */
export function usesReadyColumns(check: { columns: { field: string }[] }): boolean {
  return check.columns.some((c) =>
    ['profile', 'mac', 'deskPhoneModel', 'emergencyAddress', 'number'].includes(c.field),
  );
}
