import type { AccountRecord, UserRecord } from './state.js';

export type UserEvent =
  | 'user.created'
  | 'user.invitation_accepted'
  | 'user.deactivated'
  | 'user.activated'
  | 'user.deleted'
  | 'user.disassociated';

/**
 * Payloads shaped after data/zoom-users-webhooks.json. `object` is `additionalProperties: false` there,
 * so only the listed keys go in; `user.invitation_accepted` carries no operator (the user acted).
 */
export function userEventPayload(event: UserEvent, account: AccountRecord, user: UserRecord): object {
  const object = {
    id: user.id,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    type: user.type,
  };
  switch (event) {
    case 'user.created':
      return {
        account_id: account.id,
        operator: account.owner.email,
        operator_id: account.owner.id,
        creation_type: user.creationType === 'seed' ? 'create' : user.creationType,
        object: { ...object, display_name: user.displayName },
      };
    case 'user.invitation_accepted':
      return { account_id: account.id, object };
    default:
      return { account_id: account.id, operator: account.owner.email, operator_id: account.owner.id, object };
  }
}
