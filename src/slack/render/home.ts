// The App Home (the bot's Home tab) in Block Kit: the approvers' dashboard and everyone else's own phone and
// requests (what each holds: src/domain/home.ts). The buttons are the ones the messages carry (Approve,
// Deny, Cancel, Resend, Restore), so a click here runs the same handler and the same checks. A Home view
// holds at most 100 blocks (https://docs.slack.dev/reference/views): each list shows HOME_LIST_MAX items
// and counts the rest.
import type { ApproverHome, AuditItem, HomeContent, Listed, MemberHome, OwnPhone } from '../../domain/home.js';
import type { RequestRow } from '../../domain/provisioning/types.js';
import type { HomeView as HomeViewType } from '@slack/types';
import { esc, mention } from '../escape.js';
import { auditLine } from './audit.js';
import {
  actions,
  type Block,
  type Button,
  button,
  context,
  divider,
  fields,
  header,
  SANDBOX_LABEL,
  section,
} from './blocks.js';
import { slackDate } from './dates.js';
import { ACTION_RESEND, ACTION_RESTORE } from './lifecycle.js';
import { ACTION_APPROVE, ACTION_CANCEL, ACTION_DENY, desiredFields, kindLabel, stateInWords } from './requests.js';

export const ACTION_HOME_REQUEST = 'home_request_phone';
/** The block that says when the view was built: left out of the "did anything change" comparison. */
export const HOME_UPDATED_BLOCK = 'home:updated';

export type HomeView = HomeViewType;

const withButton = (mrkdwn: string, accessory: Button): Block => ({ ...section(mrkdwn), accessory });

const more = (list: Listed<unknown>, where: string) =>
  list.total > list.items.length ? [context(`…and ${list.total - list.items.length} more (${where}).`)] : [];

const updated = (now: Date, note: string): Block => ({
  ...context(`${note} Updated ${slackDate(now)}.`),
  block_id: HOME_UPDATED_BLOCK,
});

const age = (hours: number) => (hours >= 48 ? `${Math.floor(hours / 24)} days` : `${hours} h`);

function requestSummary(r: RequestRow): string {
  const what = desiredFields(r)
    .filter(([k]) => k !== 'User')
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
  return `*#${r.id}* ${kindLabel(r.kind)} — *${esc(r.email)}* — asked by ${mention(r.requestedBy)} ${slackDate(r.createdAt)}${what ? `\n${what}` : ''}${r.justification ? `\n_“${esc(r.justification, 200)}”_` : ''}`;
}

function seatsBlock(home: ApproverHome): Block {
  if ('error' in home.seats) return section(`*Calling plan seats*\nZoom did not answer (${esc(home.seats.error)}).`);
  const lines = home.seats.map((p) => {
    const free = p.free === undefined ? 'free seats unknown' : `*${p.free} free*`;
    const usage = [
      p.subscribed !== undefined ? `${p.subscribed} subscribed` : '',
      p.assigned !== undefined ? `${p.assigned} assigned` : '',
      p.promised ? `${p.promised} promised to open requests` : '',
    ].filter(Boolean);
    return `• ${esc(p.name)}: ${free}${usage.length ? ` (${usage.join(', ')})` : ''}`;
  });
  return section(`*Calling plan seats*\n${lines.join('\n') || 'The account has no calling plans.'}`);
}

function sitesBlock(home: ApproverHome): Block {
  if ('error' in home.sites) return section(`*Sites*\nZoom did not answer (${esc(home.sites.error)}).`);
  const atLeast = home.numbersCapped ? 'at least ' : '';
  const lines = home.sites.map(
    (s) =>
      `• ${esc(s.name)}: ${s.phoneUsers} phone user(s) set up by phonebot, ${
        s.unassignedNumbers === undefined
          ? 'unassigned numbers unknown'
          : `${atLeast}${s.unassignedNumbers} unassigned number(s)`
      }`,
  );
  return section(`*Sites* (phone licences in use, numbers free to assign)\n${lines.join('\n') || 'No sites.'}`);
}

function auditBlock(items: AuditItem[]): Block {
  if (!items.length) return section('*Last changes*\nNothing recorded yet.');
  return section(`*Last ${items.length} changes*\n${items.map((e) => auditLine(e, e.onBehalfOf)).join('\n')}`);
}

function driftBlock(home: ApproverHome): Block {
  const d = home.drift;
  if (!d) return section('*Drift*\nNo drift report yet. `/phone drift` compares phonebot with Zoom now.');
  const by = d.actor === 'phonebot' ? 'the scheduled report' : mention(d.actor);
  if (d.differences === 0)
    return section(`*Drift*\nThe last report (${slackDate(d.at)}, ${by}) found Zoom and phonebot in agreement.`);
  const lines = d.titles.map((t) => `• ${esc(t)}`);
  if (d.differences > d.titles.length) lines.push(`…and ${d.differences - d.titles.length} more`);
  return section(
    `*Drift*: the last report (${slackDate(d.at)}, ${by}) found *${d.differences} difference(s)*\n${lines.join('\n')}\n\`/phone drift\` shows them again with an Adopt button each.`,
  );
}

export function approverHomeBlocks(home: ApproverHome, now: Date): Block[] {
  const blocks: Block[] = [
    header('phonebot — approver dashboard'),
    section(
      `*Requests waiting for approval* (${home.awaiting.total})${home.running ? ` · ${home.running} approved and still running` : ''}`,
    ),
  ];
  for (const r of home.awaiting.items) {
    blocks.push(section(requestSummary(r)));
    blocks.push(
      actions(`home:req:${r.id}`, [
        button('Approve…', ACTION_APPROVE, String(r.id), 'primary'),
        button('Deny…', ACTION_DENY, String(r.id), 'danger'),
      ]),
    );
  }
  if (!home.awaiting.total) blocks.push(context('Nothing waits for approval.'));
  blocks.push(...more(home.awaiting, '/phone requests'), divider());

  blocks.push(section(`*Invited, not yet accepted* (${home.pending.total}) — Zoom invitations expire after 30 days`));
  for (const u of home.pending.items) {
    const expiry = u.daysToExpiry > 0 ? `expires in *${u.daysToExpiry} day(s)*` : '*invitation expired*';
    blocks.push(
      withButton(
        `*${esc(u.email)}* — pending for ${age(u.ageHours)}, ${expiry} — asked by ${mention(u.requestedBy)} (request #${u.requestId})`,
        button('Resend invite', ACTION_RESEND, u.email),
      ),
    );
  }
  if (!home.pending.total) blocks.push(context('Nobody is pending.'));
  blocks.push(...more(home.pending, '/phone pending'), divider());

  blocks.push(section(`*Removed, restorable until their purge date* (${home.removed.total})`));
  for (const r of home.removed.items) {
    blocks.push(
      withButton(
        `*${esc(r.email)}*${r.extension ? ` — ext ${esc(r.extension)}` : ''} — removed ${r.softDeletedAt ? slackDate(r.softDeletedAt) : 'at an unknown time'}, purged on *${r.purgeAfter ? slackDate(r.purgeAfter) : 'no date set'}*`,
        button('Restore', ACTION_RESTORE, r.email),
      ),
    );
  }
  if (!home.removed.total) blocks.push(context('The trash is empty.'));
  blocks.push(...more(home.removed, '/phone trash'), divider());

  blocks.push(seatsBlock(home), sitesBlock(home), divider(), auditBlock(home.audit), divider(), driftBlock(home));
  blocks.push(updated(now, 'Only approvers see this dashboard. `/phone audit` has the full log.'));
  return blocks;
}

function phoneBlocks(phone: OwnPhone): Block[] {
  const blocks: Block[] = [
    fields([
      ['Extension', esc(phone.extension ?? 'none')],
      ['Direct number', esc(phone.numbers.join(', ') || 'none')],
      ['Calling plan', esc(phone.plans.join(', ') || 'none — you can receive calls to the extension only')],
      ['Site', esc(phone.site ?? '—')],
    ]),
  ];
  const notes: string[] = [];
  if (phone.state === 'soft_deleted')
    notes.push(
      `Your phone was removed; it can be restored until ${slackDate(phone.purgeAfter ?? null) || 'its purge date'}.`,
    );
  if (phone.source === 'phonebot') notes.push("Zoom did not answer just now: these are phonebot's records.");
  if (notes.length) blocks.push(context(notes.join(' ')));
  return blocks;
}

const CANCELLABLE = new Set(['awaiting_approval', 'waiting_activation']);

export function memberHomeBlocks(home: MemberHome, now: Date): Block[] {
  const blocks: Block[] = [header('Your Zoom Phone')];
  if (home.phone) blocks.push(...phoneBlocks(home.phone));
  else blocks.push(section(esc(`No phone to show: ${home.phoneNote ?? 'nothing found'}.`)));
  blocks.push(
    actions('home:request', [button('Request a phone', ACTION_HOME_REQUEST, 'request', 'primary')]),
    divider(),
    section(`*Your open requests* (${home.open.length})`),
  );
  for (const r of home.open) {
    const text = `${requestSummary(r)}\n${stateInWords(r.status)}`;
    blocks.push(
      CANCELLABLE.has(r.status) ? withButton(text, button('Cancel', ACTION_CANCEL, String(r.id))) : section(text),
    );
  }
  if (!home.open.length) blocks.push(context('Nothing open.'));
  if (home.recent.length) {
    blocks.push(
      section(
        `*Decided in the last 30 days*\n${home.recent
          .map(
            (r) =>
              `• #${r.id} ${kindLabel(r.kind)} for ${esc(r.email)}: *${stateInWords(r.status)}*${r.decidedBy ? ` by ${mention(r.decidedBy)}` : ''}${r.status === 'denied' && r.decisionNote ? ` — “${esc(r.decisionNote, 200)}”` : ''}`,
          )
          .join('\n')}`,
      ),
    );
  }
  blocks.push(updated(now, 'Only you see this.'));
  return blocks;
}

export function homeView(content: HomeContent, now: Date, sandbox = false): HomeView {
  const blocks = content.kind === 'approver' ? approverHomeBlocks(content, now) : memberHomeBlocks(content, now);
  // Like every message in sandbox mode: nobody mistakes the simulated account for production.
  return { type: 'home', callback_id: 'phonebot_home', blocks: sandbox ? [context(SANDBOX_LABEL), ...blocks] : blocks };
}
