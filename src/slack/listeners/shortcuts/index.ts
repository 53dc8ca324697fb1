// Message shortcuts: "Provision phone for…" on any message (an HR onboarding post) opens the form for the
// people whose e-mail addresses the message holds. Opening the form changes nothing; the submission is
// authorised person by person (listeners/views/people.ts).
import type { App, MessageShortcut } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { esc } from '../../escape.js';
import { emailsInMessage } from '../../message-emails.js';
import { infoModal, loadingModal, peopleFormModal, VIEW_PEOPLE } from '../../render/modals.js';

export const SHORTCUT_PROVISION = 'provision_phone_for';

/** Registers the shortcuts; returns their callback ids (the authorisation test checks the list). */
export function register(app: App, ctx: SlackContext): string[] {
  app.shortcut<MessageShortcut>(
    { callback_id: SHORTCUT_PROVISION, type: 'message_action' },
    async ({ shortcut, ack, client }) => {
      await ack();
      const user = shortcut.user.id;
      const message = shortcut.message as { text?: string; ts: string; thread_ts?: string };
      const emails = emailsInMessage(message.text ?? '');
      try {
        if (emails.length === 0) {
          await client.views.open({
            trigger_id: shortcut.trigger_id,
            view: infoModal(
              'No addresses',
              'That message has no e-mail addresses (phonebot reads the ones Slack shows as links). Use /phone request to ask for a phone for someone.',
            ),
          });
          return;
        }
        const approver = await ctx.approvers.isApprover(user);
        // A reply in a thread keeps its thread; a top-level message starts one.
        const metadata = { channelId: shortcut.channel.id, threadTs: message.thread_ts ?? message.ts };
        const title = approver ? 'Provision phones' : 'Request phones';
        // Open at once (the trigger lasts 3 s), then fill in the live plan list with free seats.
        const opened = await client.views.open({
          trigger_id: shortcut.trigger_id,
          view: loadingModal(VIEW_PEOPLE, title, metadata),
        });
        const viewId = opened.view?.id;
        if (!viewId) return;
        try {
          const catalog = await ctx.s.catalog.get();
          await client.views.update({
            view_id: viewId,
            view: peopleFormModal(catalog, { emails, approver, metadata }),
          });
        } catch (err) {
          await client.views.update({
            view_id: viewId,
            view: infoModal(
              'Zoom unavailable',
              `Could not load calling plans from Zoom (${esc((err as Error).message)}). Try again in a minute.`,
            ),
          });
        }
      } catch (err) {
        ctx.s.log.error({ err, shortcut: SHORTCUT_PROVISION }, 'message shortcut failed');
      }
    },
  );
  return [SHORTCUT_PROVISION];
}
