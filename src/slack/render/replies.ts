// Replies to commands: help, input problems, status.
import { USAGE } from '../../domain/command-grammar.js';
import type { Problem } from '../../domain/validate-add.js';
import type { UserStatus } from '../../domain/user-status.js';
import { esc } from '../escape.js';
import { type Block, bullets, context, fields, header, section, type SlackPayload } from './blocks.js';

export function helpMessage(approver: boolean): SlackPayload {
  const everyone = [USAGE.add, USAGE.request, USAGE.requests, USAGE.cancel, USAGE.status, USAGE.help];
  const approvers = [USAGE.ext, USAGE.resend, USAGE['remove-package'], USAGE.remove, USAGE.restore, USAGE.trash, USAGE.pending, USAGE.drift, USAGE.audit, USAGE.csv];
  const blocks: Block[] = [
    header('phonebot — Zoom Phone users from Slack'),
    section(`${approver ? 'You are an approver: your requests run at once.' : 'Your requests go to the approvers first.'}\n\`\`\`${everyone.join('\n')}\`\`\``),
  ];
  if (approver) blocks.push(section(`*Approvers also have:*\n\`\`\`${approvers.join('\n')}\`\`\``), context('Bulk: upload a .csv in a channel with phonebot (see /phone csv template). Names with spaces can be quoted: plan "US/CA Unlimited".'));
  return { text: 'phonebot help', blocks };
}

export function problemsMessage(title: string, problems: (Problem | string)[], usage?: string): SlackPayload {
  const lines = problems.map((p) => (typeof p === 'string' ? p : p.message));
  const blocks: Block[] = [section(`*${esc(title)}*\n${bullets(lines)}`)];
  if (usage) blocks.push(context(`Usage: \`${esc(usage)}\``));
  blocks.push(context('Nothing was changed.'));
  return { text: `${title}: ${lines.join('; ')}`, blocks };
}

/** Something went ahead but the person should know more (a seat others were promised). */
export function warningsMessage(title: string, warnings: string[]): SlackPayload {
  return { text: `${title}: ${warnings.join('; ')}`, blocks: [section(`:warning: *${esc(title)}*\n${bullets(warnings)}`)] };
}

export function notice(text: string): SlackPayload {
  return { text, blocks: [section(esc(text, 2900))] };
}

export function statusMessage(status: UserStatus): SlackPayload {
  const blocks: Block[] = [section(`*${esc(status.email)}*`)];
  if ('error' in status.zoom) {
    blocks.push(section(`Zoom could not be asked: ${esc(status.zoom.error)}`));
  } else {
    const { user, phone } = status.zoom;
    blocks.push(
      fields([
        ['Zoom user', user ? esc(user.status ?? 'unknown') : 'not in this Zoom account'],
        ['Zoom Phone', phone ? `on (${esc(phone.status ?? 'activate')})` : 'no'],
        ['Extension', esc(phone?.extension_number ?? '')],
        ['Calling plans', phone ? esc(phone.calling_plans.map((p) => p.name ?? String(p.type)).join(', ') || 'none — receives calls to the extension only') : ''],
        ['Direct numbers', esc(phone?.phone_numbers.map((n) => n.number).join(', ') ?? '')],
        ['Site', esc(phone?.site?.name ?? phone?.site_id ?? '')],
      ]),
    );
  }
  if (status.known?.state === 'soft_deleted' && status.known.purgeAfter) {
    blocks.push(section(`Removed by phonebot; restorable with \`/phone restore ${esc(status.email)}\` until ${status.known.purgeAfter.toISOString().slice(0, 10)}.`));
  }
  if (status.open.length) {
    blocks.push(section(`*Open requests:*\n${status.open.map((r) => `• #${r.id} ${esc(r.kind)} — ${esc(r.status.replace('_', ' '))}${r.lastError ? ` (last error: ${esc(r.lastError)})` : ''}`).join('\n')}`));
  }
  return { text: `Status of ${status.email}`, blocks };
}
