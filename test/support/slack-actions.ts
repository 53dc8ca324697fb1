// Clicking buttons and submitting modals the way Slack does: signed block_actions / view_submission
// payloads built from what the Slack fake actually shows.
import {
  appHomeOpenedEnvelope,
  blockActionsPayload,
  sendAction,
  sendEvent,
  sendViewSubmission,
  viewSubmissionPayload,
} from '../fakes/slack/index.js';
import { type Harness, SIGNING_SECRET, textOf } from './harness.js';

type AnyBlock = { type?: string; block_id?: string; elements?: { action_id?: string; value?: string }[] };

/** The message in `channel` whose text matches `re` (current version). */
export function findMessage(h: Harness, channel: string, re: RegExp) {
  return h.slack.messages(channel).find((m) => re.test(textOf(m)));
}

export function buttonsOf(message: { blocks?: unknown }): { actionId: string; value: string; blockId: string }[] {
  const out: { actionId: string; value: string; blockId: string }[] = [];
  for (const b of (message.blocks ?? []) as AnyBlock[]) {
    if (b.type !== 'actions') continue;
    for (const e of b.elements ?? [])
      if (e.action_id) out.push({ actionId: e.action_id, value: e.value ?? '', blockId: b.block_id ?? '' });
  }
  return out;
}

export async function click(
  h: Harness,
  user: string,
  opts: { actionId: string; value: string; channel: string; messageTs?: string; blockId?: string },
) {
  const responseUrl = h.slack.responseUrl();
  const payload = blockActionsPayload({
    user,
    actionId: opts.actionId,
    value: opts.value,
    channel: opts.channel,
    messageTs: opts.messageTs,
    blockId: opts.blockId,
    triggerId: h.slack.triggerId({ user }),
    responseUrl,
  });
  const res = await sendAction(h.bot.url, SIGNING_SECRET, payload);
  return { ...res, responseUrl };
}

/** The newest view opened for `callbackId` once it is no longer the loading placeholder. */
export async function openedView(h: Harness, callbackId: string, opts: { after?: number } = {}) {
  return h.slack.waitFor(
    () => {
      const views = h.slack
        .views()
        .filter((v) => (v.view as { callback_id?: string }).callback_id === callbackId)
        .slice(opts.after ?? 0);
      const last = views.at(-1);
      return last && !/Loading calling plans/.test(textOf(last.view)) ? last : undefined;
    },
    { timeoutMs: 10_000, message: `no ${callbackId} view` },
  );
}

export const countViews = (h: Harness, callbackId: string) =>
  h.slack.views().filter((v) => (v.view as { callback_id?: string }).callback_id === callbackId).length;

type FormInput = {
  email?: string;
  extension?: string;
  plan?: string;
  numberMode?: 'none' | 'auto' | 'specific';
  number?: string;
  site?: string;
  template?: string;
  justification?: string;
  reason?: string;
};

export function formValues(input: FormInput): Record<string, Record<string, object>> {
  const v: Record<string, Record<string, object>> = {};
  const text = (block: string, value: string | undefined, type = 'plain_text_input') => {
    v[block] = { [block]: { type, value: value ?? null } };
  };
  const select = (block: string, value: string | undefined, type = 'static_select') => {
    v[block] = { [block]: { type, selected_option: value ? { value } : null } };
  };
  if ('email' in input) text('email', input.email, 'email_text_input');
  if ('extension' in input) text('extension', input.extension);
  if ('plan' in input) select('plan', input.plan ?? 'none');
  select('number_mode', input.numberMode ?? 'none', 'radio_buttons');
  if ('number' in input) text('number', input.number);
  if ('site' in input) select('site', input.site);
  if ('template' in input) select('template', input.template);
  if ('justification' in input) text('justification', input.justification);
  if ('reason' in input) text('reason', input.reason);
  return v;
}

export async function submit(
  h: Harness,
  user: string,
  view: { id: string; view: unknown },
  values: Record<string, Record<string, object>>,
) {
  const payload = viewSubmissionPayload({
    user,
    callbackId: (view.view as { callback_id: string }).callback_id,
    privateMetadata: (view.view as { private_metadata?: string }).private_metadata,
    values,
    view: { ...(view.view as object), id: view.id },
    triggerId: h.slack.triggerId({ user }),
  });
  return sendViewSubmission(h.bot.url, SIGNING_SECRET, payload);
}

/**
 * Opens the bot's Home tab as `user` (a signed app_home_opened carrying the view Slack shows, as Slack sends
 * it) and waits until phonebot published a Home newer than the one shown.
 */
export async function openHome(h: Harness, user: string) {
  const shown = h.slack.homeView(user);
  const before = shown ? shown.updates + 1 : 0;
  await sendEvent(h.bot.url, SIGNING_SECRET, appHomeOpenedEnvelope({ userId: user, view: shown?.view }));
  return h.slack.waitFor(
    () => {
      const v = h.slack.homeView(user);
      return v && v.updates + 1 > before ? v : undefined;
    },
    { timeoutMs: 15_000, message: `no Home published for ${user}` },
  );
}

/** Every button of a view: in actions blocks and as section accessories. */
export function viewButtons(view: { blocks?: unknown }): { actionId: string; value: string; blockId: string }[] {
  const out = buttonsOf(view);
  for (const b of (view.blocks ?? []) as (AnyBlock & { accessory?: { action_id?: string; value?: string } })[])
    if (b.accessory?.action_id)
      out.push({ actionId: b.accessory.action_id, value: b.accessory.value ?? '', blockId: b.block_id ?? '' });
  return out;
}

/** Clicks a button of a published Home view the way Slack sends it: a view container, no response_url. */
export async function clickInHome(h: Harness, user: string, opts: { actionId: string; value: string }) {
  const home = h.slack.homeView(user);
  if (!home) throw new Error(`${user} has no Home view`);
  return sendAction(
    h.bot.url,
    SIGNING_SECRET,
    blockActionsPayload({
      user,
      actionId: opts.actionId,
      value: opts.value,
      view: home.view as object,
      triggerId: h.slack.triggerId({ user }),
    }),
  );
}
