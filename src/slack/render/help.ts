// `/phone help`: one line per command — what it is for, then an example to copy. Usage strings hold `<` and
// `>` (`<email>`), which Slack would read as links or mentions even inside a code span, so all of it is escaped.
import { USAGE } from '../../domain/command-grammar.js';
import { esc } from '../escape.js';
import { type Block, context, header, section, type SlackPayload } from './blocks.js';

interface HelpLine {
  usage: string;
  purpose: string;
  example: string;
}

export const HELP_EVERYONE: HelpLine[] = [
  {
    usage: USAGE.add!,
    purpose: 'give someone Zoom Phone (an approver’s add runs at once, anyone else’s asks the approvers)',
    example: '/phone add erin@corp.test ext 1001 plan "US/CA Unlimited"',
  },
  {
    usage: USAGE.profiles!,
    purpose: 'the role profiles (site, plans, queues, desk phone, caller ID) an add can name with profile "<name>"',
    example: '/phone add erin@corp.test profile "NYC Sales" mac 00:11:22:33:44:55',
  },
  {
    usage: USAGE.request!,
    purpose: 'ask for a phone in a form (a modal) instead of typing the command',
    example: '/phone request',
  },
  {
    usage: USAGE.requests!,
    purpose: 'list your open requests (note the s: this one lists, /phone request asks)',
    example: '/phone requests',
  },
  { usage: USAGE.cancel!, purpose: 'withdraw one of your open requests', example: '/phone cancel 42' },
  {
    usage: USAGE.status!,
    purpose: 'what Zoom has for a user: extension, calling plan, number, who set it up',
    example: '/phone status erin@corp.test',
  },
  { usage: USAGE.help!, purpose: 'this list', example: '/phone help' },
];

export const HELP_APPROVERS: HelpLine[] = [
  { usage: USAGE.ext!, purpose: 'change a user’s extension', example: '/phone ext erin@corp.test 1002' },
  {
    usage: USAGE.ready!,
    purpose:
      'give someone who has Zoom Phone a profile’s queues, shared line group, desk phone and caller ID (also finishes a profile add that stopped part-way)',
    example: '/phone ready erin@corp.test profile "NYC Sales" mac 00:11:22:33:44:55',
  },
  { usage: USAGE.resend!, purpose: 'send the Zoom invitation again', example: '/phone resend erin@corp.test' },
  {
    usage: USAGE['remove-package']!,
    purpose: 'take a calling plan away (all of them if none is named)',
    example: '/phone remove-package erin@corp.test "US/CA Unlimited"',
  },
  {
    usage: USAGE.remove!,
    purpose: 'remove a user’s phone; restorable until the purge',
    example: '/phone remove erin@corp.test',
  },
  {
    usage: USAGE.restore!,
    purpose: 'bring back a removed user with the same extension, plan and number',
    example: '/phone restore erin@corp.test',
  },
  {
    usage: USAGE.trash!,
    purpose: 'removed users that can still be restored, and when each is purged',
    example: '/phone trash',
  },
  {
    usage: USAGE.pending!,
    purpose: 'requests waiting for an approver or for the invitation to be accepted',
    example: '/phone pending',
  },
  { usage: USAGE.drift!, purpose: 'compare Zoom with what phonebot set up', example: '/phone drift' },
  {
    usage: USAGE.export!,
    purpose:
      'every phone user as a CSV, sent to you in a DM; edit cells and upload it in a channel with phonebot to change just those',
    example: '/phone export site "Main Office"',
  },
  {
    usage: USAGE.audit!,
    purpose: 'who changed what, for one user or everyone',
    example: '/phone audit erin@corp.test --days 30',
  },
  {
    usage: USAGE.csv!,
    purpose: 'the CSV template for adding many users (then upload the filled file in a channel with phonebot)',
    example: '/phone csv template',
  },
];

const line = (h: HelpLine) => `• \`${esc(h.usage)}\` — ${esc(h.purpose)}\n    e.g. \`${esc(h.example)}\``;

export function helpMessage(approver: boolean): SlackPayload {
  const blocks: Block[] = [
    header('phonebot — Zoom Phone users from Slack'),
    section(
      `${approver ? 'You are an approver: your requests run at once.' : 'Your requests go to the approvers first.'}\n${HELP_EVERYONE.map(line).join('\n')}`,
    ),
  ];
  if (approver) {
    blocks.push(section(`*Approvers also have:*\n${HELP_APPROVERS.map(line).join('\n')}`));
    blocks.push(
      context(
        esc(
          'Bulk: upload a .csv in a channel with phonebot (see /phone csv template). Names with spaces can be quoted: plan "US/CA Unlimited". <…> is a value to fill in, […] is optional.',
        ),
      ),
    );
  } else {
    blocks.push(
      context(
        esc('<…> is a value to fill in, […] is optional. Names with spaces can be quoted: plan "US/CA Unlimited".'),
      ),
    );
  }
  const commands = (approver ? [...HELP_EVERYONE, ...HELP_APPROVERS] : HELP_EVERYONE).map((h) =>
    h.usage.split(' ').slice(0, 2).join(' '),
  );
  return {
    text: `phonebot help: ${commands.join(', ')}. Try /phone add with an e-mail address to give someone Zoom Phone.`,
    blocks,
  };
}
