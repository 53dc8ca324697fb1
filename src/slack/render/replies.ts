// Replies to commands: help, input problems, status.
import type { Problem } from '../../domain/validate-add.js';
import type { ReadyStatus, UserStatus } from '../../domain/user-status.js';
import { planLabel, siteLabel } from '../../domain/catalog.js';
import { esc, mention } from '../escape.js';
import { slackDate } from './dates.js';
import { openInZoomButton } from './zoom-links.js';
import { actions, type Block, bullets, context, fields, section, type SlackPayload } from './blocks.js';

const USER_STATE: Record<string, string> = {
  active: 'active',
  pending: 'invited, not accepted yet',
  inactive: 'deactivated',
};
const PHONE_STATE: Record<string, string> = { activate: 'on', deactivate: 'on, but deactivated' };

export { helpMessage } from './help.js';

export function problemsMessage(title: string, problems: (Problem | string)[], usage?: string): SlackPayload {
  const lines = problems.map((p) => (typeof p === 'string' ? p : p.message));
  const blocks: Block[] = [section(`*${esc(title)}*\n${bullets(lines)}`)];
  if (usage) blocks.push(context(`Usage: \`${esc(usage)}\``));
  blocks.push(context('Nothing was changed.'));
  return { text: `${title}: ${lines.join('; ')}`, blocks };
}

/** Something went ahead but the person should know more (a seat others were promised). */
export function warningsMessage(title: string, warnings: string[]): SlackPayload {
  return {
    text: `${title}: ${warnings.join('; ')}`,
    blocks: [section(`:warning: *${esc(title)}*\n${bullets(warnings)}`)],
  };
}

export function notice(text: string): SlackPayload {
  return { text, blocks: [section(esc(text, 2900))] };
}

const ADDRESS_STATE: Record<string, string> = {
  verified: 'verified',
  unverified: 'not verified yet',
  requested: 'verification requested',
  rejected: 'rejected by Zoom — fix it in Zoom',
  failed: 'verification failed — fix it in Zoom',
  not_required: 'no verification needed',
};

function readyFields(r: ReadyStatus, ownNumbers: string[]): [string, string][] {
  const a = r.emergencyAddress;
  const callerId =
    r.outboundCallerId === undefined
      ? ''
      : r.outboundCallerId === ''
        ? 'hidden'
        : `${r.outboundCallerId}${ownNumbers.includes(r.outboundCallerId) ? ' (own number)' : ''}`;
  return [
    [
      'Emergency address',
      a
        ? esc(`${a.text} — ${a.personal ? `personal, ${ADDRESS_STATE[a.status] ?? a.status}` : "the site's default"}`)
        : 'none — Zoom needs one before a number can be assigned',
    ],
    ['Desk phones', esc(r.deskPhones.map((d) => `${d.name} (${d.mac})`).join(', ') || 'none')],
    ['Call queues', esc(r.callQueues.join(', ') || 'none')],
    ['Shared line group', esc(r.sharedLineGroup ?? 'none')],
    ['Caller ID', esc(callerId)],
  ];
}

export function statusMessage(status: UserStatus): SlackPayload {
  const blocks: Block[] = [section(`*${esc(status.email)}*`)];
  if ('error' in status.zoom) {
    blocks.push(section(`Zoom could not be asked: ${esc(status.zoom.error)}`));
  } else {
    const { user, phone } = status.zoom;
    const plans = phone?.callingPlans ?? [];
    blocks.push(
      fields([
        [
          'Zoom user',
          user ? esc(USER_STATE[user.status ?? ''] ?? user.status ?? 'unknown') : 'not in this Zoom account',
        ],
        ['Zoom Phone', phone ? esc(PHONE_STATE[phone.status ?? 'activate'] ?? `on (${phone.status})`) : 'no'],
        ['Extension', esc(phone?.extensionNumber ?? '')],
        [
          plans.length > 1 ? 'Calling plans' : 'Calling plan',
          phone
            ? esc(
                plans.map((p) => planLabel(p, status.catalog)).join(', ') ||
                  'none — receives calls to the extension only',
              )
            : '',
        ],
        ['Direct numbers', esc(phone?.phoneNumbers.map((n) => n.number).join(', ') ?? '')],
        [
          'Site',
          esc(phone ? siteLabel({ id: phone.site?.id ?? phone.siteId, name: phone.site?.name }, status.catalog) : ''),
        ],
      ]),
    );
    const ready = status.ready;
    if (ready && 'error' in ready)
      blocks.push(context(`Emergency address, desk phones and queues could not be read: ${esc(ready.error)}`));
    else if (ready) blocks.push(fields(readyFields(ready, phone?.phoneNumbers.map((n) => n.number) ?? [])));
    if (user && phone) blocks.push(actions('status_links', [openInZoomButton(user.id)]));
  }
  if (status.setup) {
    const s = status.setup;
    blocks.push(
      context(
        `Set up by phonebot under request #${s.requestId}: requested by ${mention(s.requestedBy)}${s.decidedBy && s.decidedBy !== s.requestedBy ? ` · approved by ${mention(s.decidedBy)}` : ''}${s.completedAt ? ` · done ${slackDate(s.completedAt)}` : ''}`,
      ),
    );
  }
  if (status.known?.state === 'soft_deleted' && status.known.purgeAfter) {
    blocks.push(
      section(
        `Removed by phonebot; restorable with \`/phone restore ${esc(status.email)}\` until ${slackDate(status.known.purgeAfter)}.`,
      ),
    );
  }
  if (status.open.length) {
    blocks.push(
      section(
        `*Open requests:*\n${status.open.map((r) => `• #${r.id} ${esc(r.kind)} — ${esc(r.status.replace('_', ' '))}${r.lastError ? ` (last error: ${esc(r.lastError)})` : ''}`).join('\n')}`,
      ),
    );
  }
  const setupText = status.setup
    ? `; set up under request #${status.setup.requestId} requested by ${mention(status.setup.requestedBy)}`
    : '';
  return { text: `Status of ${status.email}${setupText}`, blocks };
}
