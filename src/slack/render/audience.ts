// Who is told what about a request, in one place (issue 14): every notifier and renderer asks this module
// instead of deciding channels itself.
//
// The rule: the channel where a command was typed is semi-public, so it gets at most one neutral line
// (edited in place as the request moves on) and nothing at all for removals, denials, cancellations and
// expiries. Details — values, numbers, reasons, errors — go to the admin channel (one card per request,
// edited in place), to the requester by DM (one per decision and one when the phone is ready or the
// request failed) and to the actor in the ephemeral reply to their command.
import type { RequestEventType, RequestRow } from '../../domain/provisioning/types.js';

export type Audience = 'admins' | 'channel' | 'requester' | 'actor';

/** How much a message may say: `neutral` is one line without values or reasons. */
export type Detail = 'full' | 'neutral';

export interface Delivery {
  audience: Audience;
  detail: Detail;
  /** Outbox slot: a second event for the same slot edits the message instead of posting a new one. */
  slot: string;
  /** Channel id, or the user id for a DM. */
  channel: string;
}

/** Kinds whose very existence is private: telling a channel that someone lost their phone is a detail. */
const PRIVATE_KINDS = new Set(['remove', 'remove-package', 'purge']);
/** Events that never reach the origin channel: they concern one person (a decision against them). */
const PRIVATE_EVENTS = new Set<RequestEventType>(['awaiting_approval', 'denied']);
/** Events that only edit a neutral line already there (a started request later cancelled or expired). */
const EDIT_ONLY_EVENTS = new Set<RequestEventType>(['cancelled', 'expired']);
const DECISIONS = new Set<RequestEventType>(['approved', 'denied', 'expired', 'cancelled']);
const OUTCOMES = new Set<RequestEventType>(['done', 'failed']);

/** A DM conversation (D…) is the actor's own: nothing there is public, and the DM audience covers it. */
const isDirect = (channel: string) => /^D/.test(channel);

export interface AudienceFacts {
  adminChannel: string;
  /** The request went (or goes) through approvers. */
  viaApproval: boolean;
  /** A neutral line was already posted in the origin channel for this request. */
  channelLineExists: boolean;
  /** Who caused this event (the approver, the canceller); undefined for phonebot itself. */
  actor?: string;
}

export function requestDeliveries(r: RequestRow, type: RequestEventType, facts: AudienceFacts): Delivery[] {
  const out: Delivery[] = [
    { audience: 'admins', detail: 'full', slot: `req:${r.id}:admin`, channel: facts.adminChannel },
  ];

  const origin = r.channelId;
  if (
    origin &&
    origin !== facts.adminChannel &&
    !isDirect(origin) &&
    !PRIVATE_KINDS.has(r.kind) &&
    !PRIVATE_EVENTS.has(type)
  ) {
    if (!EDIT_ONLY_EVENTS.has(type) || facts.channelLineExists)
      out.push({ audience: 'channel', detail: 'neutral', slot: `req:${r.id}:origin`, channel: origin });
  }

  const dm = (slot: string): Delivery => ({
    audience: 'requester',
    detail: 'full',
    slot: `req:${r.id}:dm:${slot}`,
    channel: r.requestedBy,
  });
  // A request made in the modal has no ephemeral reply: the DM is its receipt. A command got one already.
  if (type === 'awaiting_approval' && !r.responseUrl) out.push(dm('received'));
  // Nobody needs a DM about their own cancellation: their command answered them.
  if (facts.viaApproval && DECISIONS.has(type) && facts.actor !== r.requestedBy) out.push(dm('decision'));
  // An approver working in the admin channel reads the card there; everyone else hears the outcome by DM.
  if (OUTCOMES.has(type) && (facts.viaApproval || origin !== facts.adminChannel)) out.push(dm('outcome'));
  return out;
}
