// What the domain needs from the world outside it, in its own terms. The Zoom adapter (src/zoom/api.ts)
// implements ZoomPort and owns every wire field and error code (src/zoom/schemas.ts, src/zoom/refusals.ts);
// the Slack adapter (src/slack/notifier.ts) implements Notifier and owns every Block Kit shape. app.ts/core.ts
// wire them. A read answers undefined for "Zoom has no such thing"; every other failure is one of the errors
// of ./zoom-errors.ts.
import type { DriftReport } from './drift-report.js';
import type { PendingUser, PurgePlan } from './lifecycle.js';
import type { ZoomReadyPort } from './ports-ready.js';
import type { ProfileState } from './profiles/check.js';
import type { UnverifiedAddress } from './emergency-address-check.js';

export type * from './ports-ready.js';

// ——— Zoom ———

export type ZoomUserStatus = 'active' | 'inactive' | 'pending';

/** A Zoom user (Users API). */
export interface ZoomDirectoryUser {
  id: string;
  email: string;
  firstName?: string;
  lastName?: string;
  status?: ZoomUserStatus;
  /** Zoom's user type (1 = basic, 2 = licensed). */
  type?: number;
}

/** A user as Zoom lists them: pending users come without an id. */
export interface ZoomListedUser {
  id?: string;
  email: string;
  status?: string;
}

export interface PlanRef {
  type: number;
  name?: string;
}

export interface NumberRef {
  id?: string;
  number: string;
}

/** A user's Zoom Phone profile. */
export interface ZoomPhoneUser {
  id: string;
  email?: string;
  /** Display name, as the phone-user list shows it. */
  name?: string;
  phoneUserId?: string;
  /** Zoom's id of the user's extension (device assignment takes it). */
  extensionId?: string;
  /** The full extension (site code + short extension where the site has a code). */
  extensionNumber?: string;
  status?: string;
  siteId?: string;
  site?: { id?: string; name?: string };
  callingPlans: PlanRef[];
  phoneNumbers: NumberRef[];
}

export interface ZoomCallingPlan {
  type: number;
  name: string;
  subscribed?: number;
  assigned?: number;
  available?: number;
}

/** A Zoom Phone number and who holds it (a user, a call queue, …; undefined when unassigned). */
export interface ZoomPhoneNumber {
  id: string;
  number: string;
  status?: string;
  assignee?: { id?: string; name?: string; type?: string };
  site?: { id?: string; name?: string };
}

export interface ZoomSite {
  id: string;
  name: string;
  siteCode?: string;
}

export interface ZoomEmergencyAddressSummary {
  id: string;
  addressLine1: string;
  city: string;
  country: string;
}

/** One site read on its own: the only answer with the short-extension length and the default emergency address. */
export interface ZoomSiteDetail {
  id: string;
  name: string;
  siteCode?: string;
  shortExtensionLength: number;
  defaultEmergencyAddress?: ZoomEmergencyAddressSummary;
}

export interface ZoomSettingTemplate {
  id: string;
  name: string;
  type?: string;
}

/** One active user for the batch call: plans and site by name, the short extension on a site with a code. */
export interface NewBatchPhoneUser {
  email: string;
  extensionNumber: string;
  callingPlans: string[];
  siteName?: string;
  templateName?: string;
  phoneNumbers?: string[];
  firstName?: string;
  lastName?: string;
  /** Desk phones created and assigned with the user (MAC as 12 hex digits; provision template by name). */
  deskPhones?: { brand: string; model: string; mac: string; provisionTemplate?: string }[];
  /** '' hides the caller ID; a number must be one of `phoneNumbers`. Absent: Zoom's default. */
  outboundCallerId?: string;
}

export interface PhoneUserPatch {
  extensionNumber?: string;
  siteId?: string;
  templateId?: string;
}

/** Zoom as the domain uses it. Each method is one Zoom call (or one paged read); callers decide order and re-reads. */
export interface ZoomPort extends ZoomReadyPort {
  findUser(idOrEmail: string): Promise<ZoomDirectoryUser | undefined>;
  listUsers(status: ZoomUserStatus): AsyncIterable<ZoomListedUser>;
  /** Invites by e-mail; the user stays pending until they accept. */
  createUser(input: { email: string; firstName?: string; lastName?: string }): Promise<{ id: string; email?: string }>;
  /** `disassociate` unlinks (the only way to withdraw an invitation), `delete` is permanent. */
  deleteUser(id: string, action: 'disassociate' | 'delete'): Promise<void>;
  setUserStatus(id: string, action: 'activate' | 'deactivate'): Promise<void>;
  /** Assigns (true) or removes (false) the Zoom Phone licence. */
  setZoomPhoneFeature(id: string, enabled: boolean): Promise<void>;
  findPhoneUser(idOrEmail: string): Promise<ZoomPhoneUser | undefined>;
  listPhoneUsers(query?: { keyword?: string; siteId?: string; pageSize?: number }): AsyncIterable<ZoomPhoneUser>;
  updatePhoneUser(id: string, patch: PhoneUserPatch): Promise<void>;
  /** At most 10 active users per call; answers the ids Zoom gave. */
  batchAddPhoneUsers(users: NewBatchPhoneUser[]): Promise<{ email?: string; id?: string }[]>;
  assignCallingPlans(id: string, types: number[]): Promise<void>;
  unassignCallingPlan(id: string, type: number): Promise<void>;
  assignPhoneNumbers(id: string, numbers: string[]): Promise<{ phoneNumbers: NumberRef[] }>;
  unassignPhoneNumber(id: string, numberOrId: string): Promise<void>;
  listCallingPlans(): Promise<ZoomCallingPlan[]>;
  findPhoneNumber(number: string): Promise<ZoomPhoneNumber | undefined>;
  /** All numbers, those held by anyone, or the pool a new phone can take. */
  listPhoneNumbers(which: 'assigned' | 'unassigned' | 'all'): AsyncIterable<ZoomPhoneNumber>;
  listSites(): Promise<ZoomSite[]>;
  getSite(id: string): Promise<ZoomSiteDetail | undefined>;
  listSettingTemplates(): Promise<ZoomSettingTemplate[]>;
}

// ——— Time ———

export interface Clock {
  now(): Date;
}

// ——— Telling the admins ———

/**
 * What the scheduled jobs tell the admin channel (request events go through RequestListener in
 * ./provisioning/types.ts). `key` makes each message idempotent: a job re-run with the same key posts once.
 */
export interface AdminNotifier {
  /** Who will be deleted from Zoom for good in the next 24 hours. */
  purgeUpcoming(key: string, upcoming: PurgePlan['upcoming']): Promise<void>;
  /** After a purge run: who was deleted, and who was not with why ("email: reason"). */
  purgeDone(key: string, purged: string[], notPurged: string[]): Promise<void>;
  /** People still Pending after `afterHours`. */
  pendingDigest(key: string, users: PendingUser[], afterHours: number): Promise<void>;
  /** A drift report with differences (and the list of phone users phonebot never saw, as a file). */
  driftReport(key: string, report: DriftReport): Promise<void>;
  /** Role profiles that no longer match Zoom (each with the stale names), and the file they are in. */
  profilesStale(key: string, stale: ProfileState[], file: string): Promise<void>;
  /** Users whose personal emergency address Zoom has not verified (or rejected). */
  addressesUnverified(key: string, users: UnverifiedAddress[]): Promise<void>;
}

// ——— Who people are ———

/** The chat workspace's view of a person (Slack user id → approver? e-mail?). */
export interface People {
  isApprover(userId: string): Promise<boolean>;
  /** A failed lookup is an answer too: the self-approval rule fails closed on it. */
  lookupEmail(userId: string): Promise<{ ok: true; email: string } | { ok: false; error: string }>;
}
