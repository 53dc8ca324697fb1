// Role profiles as people read them: `/phone profiles`, and the admin channel's notice of stale ones.
import type { UnverifiedAddress } from '../../domain/emergency-address-check.js';
import type { ProfileState } from '../../domain/profiles/check.js';
import { esc } from '../escape.js';
import { type Block, bullets, context, section, type SlackPayload } from './blocks.js';

const STATUS: Record<string, string> = {
  unverified: 'not verified yet',
  rejected: 'rejected by Zoom',
  failed: 'verification failed',
};

export function profilesMessage(states: ProfileState[], file: string): SlackPayload {
  if (!states.length)
    return {
      text: 'No role profiles are set up',
      blocks: [
        section(
          '*No role profiles are set up.* Write them in a YAML file (see `profiles.example.yaml`) and point `PHONEBOT_PROFILES` at it.',
        ),
      ],
    };
  const blocks: Block[] = [section(`*Role profiles* (${states.length}, from ${esc(file)})`)];
  for (const s of states) {
    const head = s.problems.length ? `⚠️ *${esc(s.profile.name)}* — refused until fixed` : `*${esc(s.profile.name)}*`;
    const lines = s.problems.length ? [...s.problems.map((p) => `Stale: ${p}`), ...s.lines] : s.lines;
    blocks.push(section(`${head}\n${bullets(lines)}`));
  }
  blocks.push(
    context(
      'Use one with `/phone add <email> profile "<name>" [mac <MAC>] [address "…"]`, or the Profile column of a CSV.',
    ),
  );
  const stale = states.filter((s) => s.problems.length).length;
  return {
    text: `Role profiles: ${states.map((s) => s.profile.name).join(', ')}${stale ? ` (${stale} no longer match Zoom)` : ''}`,
    blocks,
  };
}

export function staleProfilesNotice(stale: ProfileState[], file: string): SlackPayload {
  const lines = stale.map((s) => `*${esc(s.profile.name)}* (line ${s.profile.line}): ${esc(s.problems.join('; '))}`);
  return {
    text: `${stale.length} role profile(s) no longer match Zoom and are refused until fixed: ${stale.map((s) => s.profile.name).join(', ')}`,
    blocks: [
      section(
        `⚠️ *Role profiles that no longer match Zoom* — phonebot refuses them until ${esc(file)} or Zoom is fixed:\n${bullets(lines)}`,
      ),
      context('Nothing was half-applied: adds that name these profiles are refused with this reason.'),
    ],
  };
}

export function unverifiedAddressesNotice(users: UnverifiedAddress[]): SlackPayload {
  const lines = users.map((u) => `${esc(u.who)}: ${esc(u.address)} — ${STATUS[u.status] ?? u.status}`);
  return {
    text: `${users.length} personal emergency address(es) are not verified by Zoom`,
    blocks: [
      section(
        `🚨 *Personal emergency addresses Zoom has not verified* (${users.length}):\n${bullets(lines.slice(0, 40))}`,
      ),
      ...(lines.length > 40 ? [context(`…and ${lines.length - 40} more.`)] : []),
      context(
        'Fix them in Zoom (Phone System Management > Company Info > Emergency Addresses) so emergency calls reach the right place.',
      ),
    ],
  };
}
