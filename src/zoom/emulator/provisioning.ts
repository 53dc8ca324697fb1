import { emitUserEvent, type EmulatorContext } from './context.js';
import { ZoomApiError, invitationExpired, userNotFound } from './errors.js';
import { newId } from './ids.js';
import type { PhoneProfileRecord, UserRecord } from './state.js';

export interface GrantPhoneOptions {
  siteId?: string;
  extensionNumber?: string;
  templateId?: string;
  callingPlans?: number[];
  numberIds?: string[];
  status?: 'activate' | 'deactivate';
}

/**
 * Gives a user Zoom Phone: licence, extension (auto-assigned from the account's range unless given),
 * site (the first site unless given). The phone profile only becomes visible to the Phone API after
 * the provisioning delay, because Zoom provisions it asynchronously.
 */
export function grantPhone(em: EmulatorContext, user: UserRecord, opts: GrantPhoneOptions = {}): PhoneProfileRecord {
  const { state } = em;
  const siteId = opts.siteId ?? state.sites[0]?.id;
  const extensionNumber = opts.extensionNumber ?? state.nextFreeExtension(state.site(siteId));
  if (extensionNumber === undefined)
    throw new ZoomApiError(400, 300, 'No extension number is available in the account extension range.');
  user.zoomPhone = true;
  user.phone = {
    phoneUserId: newId(),
    extensionId: newId(),
    extensionNumber,
    siteId,
    templateId: opts.templateId,
    status: opts.status ?? 'activate',
    callingPlans: [...(opts.callingPlans ?? [])],
    readyAt: Date.now() + em.provisioningDelayMs,
  };
  for (const id of opts.numberIds ?? []) {
    const n = state.numbers.find((x) => x.id === id);
    if (n) n.assigneeId = user.id;
  }
  em.log?.('phone user provisioned', {
    email: user.email,
    extension: extensionNumber,
    readyInMs: em.provisioningDelayMs,
  });
  return user.phone;
}

/** Deactivation takes every licence away (docs/reference/zoom-api.md §6.6): phone licence, plans, numbers, paid seat. */
export function deactivate(em: EmulatorContext, user: UserRecord): void {
  em.state.removePhone(user);
  user.status = 'inactive';
  user.type = 1;
}

export async function acceptInvitation(
  em: EmulatorContext,
  emailOrId: string,
  opts: { webhook?: boolean } = {},
): Promise<void> {
  const user = em.state.findUser(emailOrId);
  if (!user) throw userNotFound(emailOrId);
  if (user.status !== 'pending') throw new ZoomApiError(400, 300, `User ${user.email} has no pending invitation.`);
  if (em.state.isInvitationExpired(user, em.now())) throw invitationExpired();
  user.status = 'active';
  user.acceptedAt = em.now();
  // A licence reserved at creation (feature.zoom_phone) turns into a phone user once the invite is accepted.
  if (user.zoomPhone && !user.phone) grantPhone(em, user);
  if (opts.webhook !== false) await emitUserEvent(em, 'user.invitation_accepted', user);
}
