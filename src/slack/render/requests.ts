// How a provisioning request looks in Slack, one renderer per audience (see audience.ts for who gets what):
// the admins' card (buttons until decided, then edited in place until the request ends), the neutral line
// in the channel where it was asked, and the requester's DMs. Every `text` is a sentence a notification or
// screen reader can read out: mentions kept, states in words.
import { describeReady } from '../../domain/validate-ready.js';
import type { RequestEvent, RequestRow } from '../../domain/provisioning/types.js';
import { peekDesired, peekProgress } from '../../domain/stored/index.js';
import { esc, mention } from '../escape.js';
import type { Detail } from './audience.js';
import {
  actions,
  type Block,
  type Button,
  bullets,
  button,
  context,
  fields,
  section,
  type SlackPayload,
} from './blocks.js';
import { slackDate } from './dates.js';
import { ACTION_RESTORE } from './lifecycle.js';
import { openInZoomButton } from './zoom-links.js';

export const ACTION_APPROVE = 'request_approve';
export const ACTION_DENY = 'request_deny';
export const ACTION_CANCEL = 'request_cancel';

const KIND_LABEL: Record<string, string> = {
  add: 'Add phone user',
  update: 'Update phone user',
  'remove-package': 'Remove calling plan',
  remove: 'Remove phone user',
  restore: 'Restore phone user',
  resend: 'Re-send invitation',
  purge: 'Purge phone user',
};

export function desiredFields(request: RequestRow): [string, string][] {
  // Rendered inside the transaction that changed the request: a row this version cannot read shows its email only.
  const d = peekDesired(request, 'add');
  if (!d) return [['User', esc(request.email)]];
  return [
    ['User', esc(d.email)],
    ['Extension', `${esc(d.extension)}${d.extensionAuto ? ' (next free)' : ''}`],
    ['Calling plan', d.plan ? esc(d.plan.name) : 'none — can only receive calls to the extension'],
    ['Direct number', d.number ? `${esc(d.number)}${d.numberAuto ? ' (auto)' : ''}` : 'none'],
    ...(d.site ? ([['Site', esc(d.site.name)]] as [string, string][]) : []),
    ...(d.template ? ([['Template', esc(d.template.name)]] as [string, string][]) : []),
    ...(d.ready ? ([['Also', esc(describeReady(d.ready).join('\n'))]] as [string, string][]) : []),
  ];
}

export const kindLabel = (kind: string) => KIND_LABEL[kind] ?? esc(kind);

/** States in words, for people (never the internal status names). */
const STATE: Record<string, string> = {
  awaiting_approval: 'waiting for approval',
  approved: 'approved',
  queued: 'in progress',
  retrying: 'in progress (retrying after a Zoom error)',
  waiting_activation: 'waiting for the user to accept the Zoom invitation',
  done: 'done',
  failed: 'failed',
  denied: 'denied',
  cancelled: 'cancelled',
  expired: 'expired',
};
export const stateInWords = (status: string) => STATE[status] ?? status.replace(/_/g, ' ');

const ICON: Record<string, string> = {
  awaiting_approval: '🙋',
  approved: '✅',
  queued: '⏳',
  retrying: '⏳',
  waiting_activation: '✉️',
  done: '✅',
  failed: '❌',
  denied: '⛔',
  cancelled: '🚫',
  expired: '⌛',
};

const decisionVerb = (r: RequestRow) =>
  r.status === 'denied' ? 'denied' : r.status === 'cancelled' ? 'cancelled' : 'approved';
const DECISION_EVENTS = new Set(['approved', 'denied', 'cancelled']);

/** "Requested by @rita · approved by @ada · done <date>": who asked, who decided, where it stands and since when. */
export function whoLine(r: RequestRow, type: string): string {
  const parts = [`Requested by ${mention(r.requestedBy)}`];
  if (r.decidedBy)
    parts.push(
      `${decisionVerb(r)} by ${mention(r.decidedBy)}${DECISION_EVENTS.has(type) ? ` ${slackDate(r.decidedAt)}` : ''}`,
    );
  if (!r.decidedBy || !DECISION_EVENTS.has(type)) {
    const at =
      type === 'done' || type === 'failed'
        ? (r.completedAt ?? r.updatedAt)
        : type === 'awaiting_approval'
          ? r.createdAt
          : r.updatedAt;
    parts.push(`${stateInWords(type)} ${slackDate(at)}`);
  }
  return parts.join(' · ');
}

/** Plain sentence for `text`: who asked and who decided, mentions kept. */
function whoSentence(r: RequestRow): string {
  const decided = r.decidedBy ? `; ${decisionVerb(r)} by ${mention(r.decidedBy)}` : '';
  return `requested by ${mention(r.requestedBy)}${decided}`;
}

/** When a done removal is purged for good, or undefined when it is not a removal (or has no date). */
const purgeAfterOf = (r: RequestRow): string | undefined =>
  r.kind === 'remove' ? peekProgress(r).purgeAfter : undefined;

const restorableUntil = (r: RequestRow): string | undefined => {
  const until = purgeAfterOf(r);
  return until
    ? `Restorable with \`/phone restore ${esc(r.email)}\` until *${slackDate(until)}*; purged for good after that.`
    : undefined;
};

/**
 * A finished request in one modal sentence (the confirm modal of remove / remove-package shows it instead of
 * "Working…"); undefined while it still runs, or for states the modal does not wait for.
 */
export function requestOutcomeModal(r: RequestRow): { title: string; text: string } | undefined {
  if (r.status === 'done') {
    const until = purgeAfterOf(r);
    const restore = until ? ` Restorable with \`/phone restore ${esc(r.email)}\` until ${slackDate(until)}.` : '';
    return {
      title: 'Done',
      text: `✅ Request #${r.id} is done: ${r.kind === 'remove' ? 'Zoom Phone removed from' : 'calling plan removed from'} ${esc(r.email)}.${restore} The details are in the admin channel.`,
    };
  }
  if (r.status === 'failed')
    return {
      title: 'Failed',
      text: `❌ Request #${r.id} for ${esc(r.email)} failed: ${esc(r.lastError ?? 'see the admin channel')}. Nothing else was changed; see /phone status ${esc(r.email)}.`,
    };
  return undefined;
}

/** Buttons on a card about a user: Open in Zoom once the user exists there, Restore once a removal is done. */
function userShortcuts(request: RequestRow, type: string): Button[] {
  const zoomUserId = peekProgress(request).zoomUserId;
  const out: Button[] = [];
  if (request.kind === 'remove' && type === 'done')
    out.push(button('Restore', ACTION_RESTORE, request.email, 'primary'));
  if (zoomUserId && ['done', 'waiting_activation', 'failed'].includes(type) && request.kind !== 'purge')
    out.push(openInZoomButton(zoomUserId));
  return out;
}

/** The admins' card: one per request, posted with buttons while it waits and edited at every step. */
export function requestCard(request: RequestRow, event: RequestEvent): SlackPayload {
  const type = event.type;
  if (type === 'awaiting_approval') return approvalCard(request, event.facts);
  const blocks: Block[] = [
    section(
      `${ICON[type] ?? ''} *Request #${request.id}* — ${kindLabel(request.kind)} *${esc(request.email)}* — ${stateInWords(type)}`,
    ),
    fields(desiredFields(request)),
  ];
  if (request.decisionNote)
    blocks.push(section(`*${request.status === 'denied' ? 'Reason' : 'Note'}:* ${esc(request.decisionNote, 1000)}`));
  if (type === 'waiting_activation') blocks.push(section(pendingExplanation(request)));
  const restorable = type === 'done' ? restorableUntil(request) : undefined;
  if (restorable) blocks.push(section(restorable));
  if (event.lines?.length && type !== 'denied' && type !== 'cancelled') blocks.push(section(bullets(event.lines)));
  const shortcuts = userShortcuts(request, type);
  if (shortcuts.length) blocks.push(actions(`user:${request.id}`, shortcuts));
  blocks.push(context(whoLine(request, type)));
  return {
    text: `Request #${request.id}: ${kindLabel(request.kind).toLowerCase()} ${esc(request.email)} is ${stateInWords(type)} (${whoSentence(request)}).`,
    blocks,
  };
}

function approvalCard(request: RequestRow, facts: Record<string, string> = {}): SlackPayload {
  const blocks: Block[] = [
    section(
      `${ICON.awaiting_approval} *Request #${request.id}* — ${kindLabel(request.kind)}\n${mention(request.requestedBy)} asks for a phone for *${esc(request.email)}*`,
    ),
    fields([...desiredFields(request), ...Object.entries(facts).map(([k, v]) => [esc(k), esc(v)] as [string, string])]),
  ];
  if (request.justification) blocks.push(section(`*Why:* ${esc(request.justification, 1000)}`));
  blocks.push(
    actions(`request:${request.id}`, [
      button('Approve…', ACTION_APPROVE, String(request.id), 'primary'),
      button('Deny…', ACTION_DENY, String(request.id), 'danger'),
    ]),
  );
  blocks.push(
    context(`${whoLine(request, 'awaiting_approval')} · expires ${slackDate(request.expiresAt)} if nobody decides`),
  );
  return {
    text: `Request #${request.id}: ${mention(request.requestedBy)} asks to ${kindLabel(request.kind).toLowerCase()} ${esc(request.email)}; waiting for approval.`,
    blocks,
  };
}

const pendingExplanation = (r: RequestRow) =>
  `${esc(r.email)} is *Pending* in Zoom until they accept the invitation email. Phone setup (extension, calling plan, number) finishes automatically when they do; the extension and number are held for them meanwhile.`;

/** Neutral words for the origin channel: what happened, to whom, never which values or why. */
const NEUTRAL: Partial<Record<string, (r: RequestRow) => string>> = {
  approved: (r) => `Request #${r.id} for ${esc(r.email)} was approved and is being set up.`,
  queued: (r) => `Request #${r.id} for ${esc(r.email)} is being set up.`,
  retrying: (r) => `Request #${r.id} for ${esc(r.email)} is being set up.`,
  waiting_activation: (r) =>
    `Request #${r.id}: ${esc(r.email)} was invited to Zoom; the phone is ready once they accept the invitation.`,
  done: (r) =>
    r.kind === 'add'
      ? `Request #${r.id} is done: ${esc(r.email)} has Zoom Phone.`
      : `Request #${r.id} for ${esc(r.email)} is done.`,
  failed: (r) => `Request #${r.id} for ${esc(r.email)} could not be finished; the admins have the details.`,
  cancelled: (r) => `Request #${r.id} for ${esc(r.email)} was cancelled.`,
  expired: (r) => `Request #${r.id} for ${esc(r.email)} expired.`,
};

/** The one line in the channel where the request was made (see audience.ts: neutral detail only). */
export function channelLine(request: RequestRow, event: RequestEvent, detail: Detail = 'neutral'): SlackPayload {
  if (detail !== 'neutral') return requestCard(request, event);
  const type = event.type;
  const text = NEUTRAL[type]?.(request) ?? `Request #${request.id} for ${esc(request.email)} is ${stateInWords(type)}.`;
  return { text, blocks: [context(`${ICON[type] ?? ''} ${text}`)] };
}

/** " by @ada", or nothing when nobody is known (never a dangling "by"). */
const by = (r: RequestRow) => (r.decidedBy ? ` by ${mention(r.decidedBy)}` : '');

const DM_TEXT: Partial<Record<string, (r: RequestRow) => string>> = {
  awaiting_approval: (r) =>
    `Your request #${r.id} for ${esc(r.email)} was sent to the approvers. You will get a DM when it is decided.`,
  approved: (r) =>
    `Your request #${r.id} for ${esc(r.email)} was approved${by(r)}; phonebot is setting it up and will tell you when the phone is ready.`,
  denied: (r) => `Your request #${r.id} for ${esc(r.email)} was denied${by(r)}.`,
  cancelled: (r) => `Your request #${r.id} for ${esc(r.email)} was cancelled${by(r)}.`,
  expired: (r) =>
    `Your request #${r.id} for ${esc(r.email)} expired: nobody decided in time. Ask again with /phone request if it is still needed.`,
  done: (r) =>
    r.kind === 'add'
      ? `Request #${r.id} is done: ${esc(r.email)} has Zoom Phone.`
      : `Request #${r.id} is done: ${kindLabel(r.kind).toLowerCase()} ${esc(r.email)}.`,
  failed: (r) => `Request #${r.id} for ${esc(r.email)} failed; the admins were told.`,
};

/** The requester's DM for one decision or outcome, with the reason of a denial and the values set. */
export function requesterDm(request: RequestRow, event: RequestEvent): SlackPayload | undefined {
  const base = DM_TEXT[event.type]?.(request);
  if (!base) return undefined;
  const text = base;
  const blocks: Block[] = [section(text)];
  if (request.decisionNote && (event.type === 'denied' || event.type === 'cancelled'))
    blocks.push(section(`*Reason:* ${esc(request.decisionNote, 1000)}`));
  if (event.type === 'done' || event.type === 'failed') {
    if (request.kind === 'add') blocks.push(fields(desiredFields(request)));
    const restorable = event.type === 'done' ? restorableUntil(request) : undefined;
    if (restorable) blocks.push(section(restorable));
    if (event.lines?.length) blocks.push(section(bullets(event.lines)));
  }
  blocks.push(context(whoLine(request, event.type)));
  const reason = request.decisionNote && event.type === 'denied' ? ` Reason: ${esc(request.decisionNote, 300)}` : '';
  return { text: `${text}${reason}`, blocks };
}
