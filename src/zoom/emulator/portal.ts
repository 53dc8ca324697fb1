// Changes made to the account outside phonebot — by an admin in Zoom's web portal, by an identity provider
// (SCIM), or by the invitee — so tests can change Zoom under phonebot the way real people do, without
// touching phonebot's database. Driven in-process (`emulator.portal.*`) or over HTTP
// (`POST /_emulator/portal/<action>`, see control.ts). None of these calls is recorded in `calls` or rate
// limited: they are not API calls of the app under test.
import type { EmulatorContext } from './context.js';
import { extensionUsed, invalidField, userNotFound, ZoomApiError } from './errors.js';
import { newId } from './ids.js';
import { acceptInvitation, deactivate, grantPhone } from './provisioning.js';
import { phonePortalControls, type PhonePortalControls } from './portal-phone.js';
import type { UserRecord } from './state.js';

export interface PortalControls extends PhonePortalControls {
  /** The invitee accepts; `webhook: false` models an account without event subscriptions. */
  acceptInvitation(emailOrId: string, opts?: { webhook?: boolean }): Promise<void>;
  /** An admin withdraws a pending invitation (the pending user disappears). */
  withdrawInvitation(emailOrId: string): void;
  /** An admin reactivates a deactivated user (no licences come back by themselves). */
  reactivate(emailOrId: string): void;
  deactivate(emailOrId: string): void;
  /** An admin deletes the user for good. */
  deleteUser(emailOrId: string): void;
  /** An admin (or SCIM) gives a phone user another extension; refused when someone has it. */
  setExtension(emailOrId: string, extension: string): void;
  setCallingPlans(emailOrId: string, types: number[]): void;
  /** Assigns a number of the pool to a phone user (taking it from whoever had it is refused). */
  assignNumber(emailOrId: string, number: string): void;
  unassignNumber(number: string): void;
  /** A user an admin adds in the portal (or SCIM): active at once, without Zoom Phone. */
  createUser(input: { email: string; firstName?: string; lastName?: string }): UserRecord;
  /** A phone user created in the portal: active, licensed, visible to the Phone API at once. */
  createPhoneUser(input: {
    email: string;
    firstName?: string;
    lastName?: string;
    extension?: string;
    siteId?: string;
    callingPlans?: number[];
  }): UserRecord;
}

function user(em: EmulatorContext, emailOrId: string): UserRecord {
  const u = em.state.findUser(emailOrId);
  if (!u) throw userNotFound(emailOrId);
  return u;
}

function phoneOf(em: EmulatorContext, emailOrId: string) {
  const u = user(em, emailOrId);
  if (!u.phone) throw new ZoomApiError(404, 1001, `User ${u.email} has no Zoom Phone.`);
  return u.phone;
}

function createUser(em: EmulatorContext, input: { email: string; firstName?: string; lastName?: string }): UserRecord {
  const { state } = em;
  if (state.findUser(input.email)) throw new ZoomApiError(409, 1005, `User already in the account: ${input.email}.`);
  const first = input.firstName ?? input.email.split('@')[0]!;
  const last = input.lastName ?? '';
  const u: UserRecord = {
    id: newId(),
    email: input.email.toLowerCase(),
    firstName: first,
    lastName: last,
    displayName: `${first} ${last}`.trim(),
    type: 2,
    status: 'active',
    creationType: 'custCreate',
    createdAt: em.now(),
    acceptedAt: em.now(),
    zoomPhone: false,
  };
  state.users.push(u);
  return u;
}

export function portalControls(em: EmulatorContext): PortalControls {
  const { state } = em;
  return {
    ...phonePortalControls(em),
    acceptInvitation: (emailOrId, opts = {}) => acceptInvitation(em, emailOrId, opts),
    withdrawInvitation(emailOrId) {
      const u = user(em, emailOrId);
      if (u.status !== 'pending') throw new ZoomApiError(400, 300, `User ${u.email} has no pending invitation.`);
      state.removeUser(u);
    },
    reactivate(emailOrId) {
      const u = user(em, emailOrId);
      if (u.status !== 'inactive') throw new ZoomApiError(400, 300, `User ${u.email} is not deactivated.`);
      u.status = 'active';
      u.type = 2;
    },
    deactivate(emailOrId) {
      deactivate(em, user(em, emailOrId));
    },
    deleteUser(emailOrId) {
      state.removeUser(user(em, emailOrId));
    },
    setExtension(emailOrId, extension) {
      const phone = phoneOf(em, emailOrId);
      const holder = state.extensionHolder(extension);
      if (holder && holder !== user(em, emailOrId).id) throw extensionUsed(extension);
      phone.extensionNumber = extension;
    },
    setCallingPlans(emailOrId, types) {
      const phone = phoneOf(em, emailOrId);
      for (const t of types)
        if (!state.plan(t)) throw invalidField('calling_plans', `Calling plan ${t} does not exist.`);
      phone.callingPlans = [...types];
    },
    assignNumber(emailOrId, number) {
      const u = user(em, emailOrId);
      phoneOf(em, emailOrId);
      const n = state.findNumber(number);
      if (!n) throw new ZoomApiError(404, 300, `Phone number ${number} does not exist.`);
      if (n.assigneeId && n.assigneeId !== u.id)
        throw new ZoomApiError(400, 300, `Phone number ${number} is already assigned.`);
      n.assigneeId = u.id;
    },
    unassignNumber(number) {
      const n = state.findNumber(number);
      if (!n) throw new ZoomApiError(404, 300, `Phone number ${number} does not exist.`);
      n.assigneeId = undefined;
    },
    createUser: (input) => createUser(em, input),
    createPhoneUser(input) {
      if (input.extension && state.extensionHolder(input.extension)) throw extensionUsed(input.extension);
      const u = createUser(em, input);
      const phone = grantPhone(em, u, {
        extensionNumber: input.extension,
        siteId: input.siteId,
        callingPlans: input.callingPlans,
      });
      phone.readyAt = Date.now();
      return u;
    },
  };
}
