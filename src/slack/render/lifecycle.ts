// Messages about the rest of a phone user's life: the pending digest and list, the trash, purge notices,
// and the confirmation texts of destructive actions.
import type { PackagePreview, PendingUser, PurgePlan, RemovalPreview } from '../../domain/lifecycle.js';
import { esc, mention } from '../escape.js';
import { actions, type Block, button, context, section, type SlackPayload } from './blocks.js';
import { slackDate } from './dates.js';

export const ACTION_RESEND = 'user_resend';
export const ACTION_RESTORE = 'user_restore';

const age = (hours: number) => (hours >= 48 ? `${Math.floor(hours / 24)} days` : `${hours} h`);

export function pendingList(users: PendingUser[], opts: { title: string; empty: string }): SlackPayload {
  const blocks: Block[] = [section(`*${esc(opts.title)}* (${users.length})`)];
  for (const u of users.slice(0, 20)) {
    const expiry = u.daysToExpiry > 0 ? `invitation expires in ${u.daysToExpiry} day(s)` : '*invitation expired*';
    blocks.push(
      section(
        `*${esc(u.email)}* — pending for ${age(u.ageHours)}, ${expiry} — asked by ${mention(u.requestedBy)} (request #${u.requestId})`,
      ),
    );
    blocks.push(actions(`pending:${u.requestId}`, [button('Resend invite', ACTION_RESEND, u.email)]));
  }
  if (users.length > 20) blocks.push(context(`…and ${users.length - 20} more (/phone pending).`));
  if (users.length === 0) blocks.push(context(opts.empty));
  return { text: `${opts.title}: ${users.length} user(s).`, blocks };
}

export function trashList(
  rows: { email: string; softDeletedAt: Date | null; purgeAfter: Date | null; extension: string | null }[],
): SlackPayload {
  const blocks: Block[] = [section(`*Removed phone users* (${rows.length}) — restorable until their purge date`)];
  for (const r of rows.slice(0, 20)) {
    blocks.push(
      section(
        `*${esc(r.email)}* — removed ${r.softDeletedAt ? slackDate(r.softDeletedAt) : 'at an unknown time'}, purged on *${r.purgeAfter ? slackDate(r.purgeAfter) : 'no date set'}*`,
      ),
    );
    blocks.push(actions(`trash:${r.email}`.slice(0, 255), [button('Restore', ACTION_RESTORE, r.email)]));
  }
  if (rows.length > 20) blocks.push(context(`…and ${rows.length - 20} more.`));
  if (rows.length === 0) blocks.push(context('The trash is empty.'));
  return { text: `${rows.length} removed phone user(s) can still be restored.`, blocks };
}

export function purgeNotice(plan: PurgePlan['upcoming']): SlackPayload {
  const lines = plan.map((u) => `• ${esc(u.email)} — ${slackDate(u.purgeAfter)}`);
  return {
    text: `${plan.length} removed phone user(s) will be deleted from Zoom for good in the next 24 hours: ${plan
      .slice(0, 5)
      .map((u) => esc(u.email))
      .join(', ')}${plan.length > 5 ? '…' : ''}.`,
    blocks: [
      section(
        `*Purge in the next 24 hours* — these removed users will be deleted from Zoom for good (recordings, voicemail and call history included). Restore (or \`/phone restore &lt;email&gt;\`) before then keeps them.\n${lines.join('\n')}`.slice(
          0,
          2990,
        ),
      ),
      // One Restore per user (Slack allows 25 elements in an actions block; the rest use the command).
      ...(plan.length
        ? [
            actions(
              'purge:restore',
              plan.slice(0, 25).map((u) => button(`Restore ${u.email}`, ACTION_RESTORE, u.email)),
            ),
          ]
        : []),
    ],
  };
}

export function purgeSummary(purged: string[], failed: string[]): SlackPayload {
  const blocks: Block[] = [
    section(
      `*Purge done*: ${purged.length} user(s) deleted from Zoom permanently${failed.length ? `, ${failed.length} not` : ''}.${
        purged.length
          ? `\n${purged
              .slice(0, 50)
              .map((e) => `• ${esc(e)}`)
              .join('\n')}`
          : ''
      }`.slice(0, 2990),
    ),
  ];
  if (failed.length)
    blocks.push(
      section(
        `*Not purged:*\n${failed
          .slice(0, 20)
          .map((f) => `• ${esc(f)}`)
          .join('\n')}`.slice(0, 2990),
      ),
    );
  return {
    text: `Purge done: ${purged.length} removed phone user(s) deleted from Zoom for good${failed.length ? `, ${failed.length} not purged` : ''}.`,
    blocks,
  };
}

export function removalConfirmation(p: RemovalPreview, softDeleteDays: number): string[] {
  return [
    `*Remove Zoom Phone from ${esc(p.email)}?*`,
    `phonebot will:\n• record what they have: extension ${esc(p.extension ?? 'none')}; calling plans ${esc(p.callingPlans.join(', ') || 'none')}; numbers ${esc(p.phoneNumbers.join(', ') || 'none')}\n• unassign the calling plans (the seats are free at once)\n• deactivate the Zoom user (their licences are released and they cannot sign in; Zoom keeps their data)\n• hold the extension and numbers for them`,
    `For *${softDeleteDays} days*, until *${slackDate(p.purgeAfter)}*, \`/phone restore ${esc(p.email)}\` puts everything back. After that the user is deleted from Zoom permanently, and Zoom deletes their recordings, voicemail and call history.`,
  ];
}

export function removePackageConfirmation(p: PackagePreview): string[] {
  return [
    `*Remove ${esc(p.remove.map((r) => r.name).join(', '))} from ${esc(p.email)}?*`,
    `They keep their Zoom Phone licence and extension ${esc(p.extension ?? '')} and can still receive calls to the extension, but *can no longer make outbound calls*${p.keep.length ? ` beyond what ${esc(p.keep.map((k) => k.name).join(', '))} allows` : ''}. The seat becomes free for someone else.`,
  ];
}
