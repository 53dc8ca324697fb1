// How a provisioning request looks in Slack: the approvers' message (with buttons until decided), the
// status message in the channel where it was asked, and the requester's DMs.
import type { AddDesired, RequestEvent, RequestRow } from '../../domain/provisioning/types.js';
import { esc, mention } from '../escape.js';
import { actions, type Block, bullets, button, context, fields, section, type SlackPayload } from './blocks.js';

export const ACTION_APPROVE = 'request_approve';
export const ACTION_DENY = 'request_deny';

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
  if (request.kind !== 'add') return [['User', esc(request.email)]];
  const d = request.desired as unknown as AddDesired;
  return [
    ['User', esc(d.email)],
    ['Extension', `${esc(d.extension)}${d.extensionAuto ? ' (next free)' : ''}`],
    ['Calling plan', d.plan ? esc(d.plan.name) : 'none — can only receive calls to the extension'],
    ['Direct number', d.number ? `${esc(d.number)}${d.numberAuto ? ' (auto)' : ''}` : 'none'],
    ...(d.site ? ([['Site', esc(d.site.name)]] as [string, string][]) : []),
    ...(d.template ? ([['Template', esc(d.template.name)]] as [string, string][]) : []),
  ];
}

const when = (d: Date | null | undefined) => (d ? `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} {time}|${d.toISOString()}>` : '');

export function approvalMessage(request: RequestRow, facts: Record<string, string> = {}): SlackPayload {
  const text = `Request #${request.id}: ${KIND_LABEL[request.kind] ?? request.kind} ${request.email}, asked by ${request.requestedBy}`;
  const blocks: Block[] = [
    section(`*Request #${request.id}* — ${KIND_LABEL[request.kind] ?? esc(request.kind)}\n${mention(request.requestedBy)} asks for a phone for *${esc(request.email)}*`),
    fields([...desiredFields(request), ...Object.entries(facts).map(([k, v]) => [esc(k), esc(v)] as [string, string])]),
  ];
  if (request.justification) blocks.push(section(`*Why:* ${esc(request.justification, 1000)}`));
  blocks.push(
    actions(`request:${request.id}`, [
      button('Approve…', ACTION_APPROVE, String(request.id), 'primary'),
      button('Deny…', ACTION_DENY, String(request.id), 'danger'),
    ]),
  );
  blocks.push(context(`Expires ${when(request.expiresAt)} if nobody decides.`));
  return { text, blocks };
}

const OUTCOME: Record<string, string> = {
  approved: '✅ Approved',
  denied: '⛔ Denied',
  cancelled: '🚫 Cancelled',
  expired: '⌛ Expired',
  done: '✅ Done',
  failed: '❌ Failed',
  waiting_activation: '✉️ Waiting for the user to accept the Zoom invitation',
  queued: '⏳ In progress',
};

/** The approvers' message once decided: outcome, who, when, final values; no buttons. */
export function decidedMessage(request: RequestRow, event: RequestEvent): SlackPayload {
  const who = request.decidedBy ? ` by ${mention(request.decidedBy)}` : '';
  const status = event.type === 'queued' || event.type === 'approved' ? OUTCOME.approved : (OUTCOME[event.type] ?? esc(event.type));
  const blocks: Block[] = [
    section(`*Request #${request.id}* — ${KIND_LABEL[request.kind] ?? esc(request.kind)} for *${esc(request.email)}*, asked by ${mention(request.requestedBy)}`),
    fields(desiredFields(request)),
    section(`${status}${['approved', 'denied', 'cancelled'].includes(event.type) ? who : ''} ${when(request.decidedAt ?? request.updatedAt)}`),
  ];
  if (request.decisionNote) blocks.push(section(`*Reason:* ${esc(request.decisionNote, 1000)}`));
  if (event.lines?.length && !['denied'].includes(event.type)) blocks.push(section(bullets(event.lines)));
  return { text: `Request #${request.id} ${event.type}: ${request.email}`, blocks };
}

/** The message in the channel the request came from, edited as the request moves on. */
export function statusMessage(request: RequestRow, event: RequestEvent): SlackPayload {
  const head = `${OUTCOME[event.type] ?? esc(event.type)} — *${esc(request.email)}* (request #${request.id})`;
  const blocks: Block[] = [section(head), fields(desiredFields(request))];
  if (event.type === 'waiting_activation') {
    blocks.push(
      section(
        `${esc(request.email)} is *Pending* in Zoom until they accept the invitation email. Phone setup (extension, calling plan, number) finishes automatically when they do; the extension and number are held for them meanwhile.`,
      ),
    );
  }
  if (event.lines?.length) blocks.push(section(bullets(event.lines)));
  return { text: `${(OUTCOME[event.type] ?? event.type).replace(/^\S+ /, '')}: ${request.email} (request #${request.id})`, blocks };
}

const DM_TEXT: Partial<Record<string, (r: RequestRow) => string>> = {
  awaiting_approval: (r) => `Your request #${r.id} for ${esc(r.email)} was sent to the approvers.`,
  approved: (r) => `Your request #${r.id} for ${esc(r.email)} was approved${r.decidedBy ? ` by ${mention(r.decidedBy)}` : ''}; setting it up now.`,
  denied: (r) => `Your request #${r.id} for ${esc(r.email)} was denied${r.decidedBy ? ` by ${mention(r.decidedBy)}` : ''}.`,
  cancelled: (r) => `Request #${r.id} for ${esc(r.email)} was cancelled.`,
  expired: (r) => `Your request #${r.id} for ${esc(r.email)} expired: nobody decided in time. Ask again with /phone request if it is still needed.`,
  waiting_activation: (r) => `Request #${r.id}: ${esc(r.email)} was invited to Zoom; the phone is set up as soon as they accept the invitation email.`,
  done: (r) => `Request #${r.id} is done: ${esc(r.email)} has Zoom Phone.`,
  failed: (r) => `Request #${r.id} for ${esc(r.email)} failed.`,
};

export function requesterDm(request: RequestRow, event: RequestEvent): SlackPayload | undefined {
  const text = DM_TEXT[event.type]?.(request);
  if (!text) return undefined;
  const blocks: Block[] = [section(text)];
  if (request.decisionNote && event.type === 'denied') blocks.push(section(`*Reason:* ${esc(request.decisionNote, 1000)}`));
  if (event.lines?.length && event.type !== 'denied') blocks.push(section(bullets(event.lines)));
  return { text: text.replace(/<[^>]+>/g, ''), blocks };
}
