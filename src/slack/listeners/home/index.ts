// The App Home (the bot's Home tab): published when someone opens it, kept current by the HomeRefresher.
// The viewer is the user of the signed event, and the only person whose data a member's Home shows.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import type { HomeRefresher } from '../../home-refresh.js';
import { ACTION_HOME_REQUEST } from '../../render/home.js';
import { openRequestForm } from '../../request-form.js';
import { privately } from '../actions/answer.js';
import type { ClickHandler } from '../actions/index.js';

/** Registers the Home event; returns the event types (the authorisation and manifest tests check them). */
export function register(app: App, ctx: SlackContext, home: HomeRefresher): string[] {
  // Bolt acknowledges events before listeners run; building the view may read Zoom (the viewer's phone).
  app.event('app_home_opened', async ({ event }) => {
    // The Messages and About tabs open with the same event; only the Home tab is phonebot's to draw.
    if (event.tab !== 'home') return;
    try {
      // The event carries the view Slack shows (when there is one): its hash says whether it is phonebot's latest.
      await home.opened(event.user, (event.view as { hash?: string } | undefined)?.hash);
    } catch (err) {
      ctx.s.log.error({ err, user: event.user }, 'App Home failed');
    }
  });
  return ['app_home_opened'];
}

/** "Request a phone" on the Home: the same form as `/phone request`, for anyone. */
export const homeButtons: Record<string, ClickHandler> = {
  [ACTION_HOME_REQUEST]: async ({ ctx, body, respond }) => {
    const opened = await openRequestForm(ctx, body.trigger_id, {});
    if (!opened.ok) await privately(ctx, respond, opened.message);
  },
};
