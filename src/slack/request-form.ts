// Opens the request form ("Request a phone"): from `/phone request` and from the App Home button. The
// placeholder opens at once (a trigger id lasts 3 s), then the live plan list with free seats fills it in.
import type { SlackContext } from './context.js';
import { esc } from './escape.js';
import { infoModal, loadingModal, requestFormModal, VIEW_REQUEST } from './render/modals.js';

export async function openRequestForm(
  ctx: SlackContext,
  triggerId: string,
  metadata: { channelId?: string },
): Promise<{ ok: true } | { ok: false; message: string }> {
  const client = ctx.s.slackClient;
  const opened = await client.views.open({
    trigger_id: triggerId,
    view: loadingModal(VIEW_REQUEST, 'Request a phone', metadata),
  });
  const viewId = opened.view?.id;
  if (!viewId) return { ok: false, message: 'Slack did not open the form; try again.' };
  try {
    const catalog = await ctx.s.catalog.get();
    await client.views.update({
      view_id: viewId,
      view: requestFormModal(catalog, { metadata, profiles: ctx.s.profiles.profiles }),
    });
    return { ok: true };
  } catch (err) {
    await client.views.update({
      view_id: viewId,
      view: infoModal(
        'Zoom unavailable',
        `Could not load calling plans from Zoom (${esc((err as Error).message)}). Try again in a minute.`,
      ),
    });
    return { ok: false, message: 'Zoom did not answer; try again in a minute.' };
  }
}
