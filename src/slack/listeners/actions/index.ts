// Buttons: Approve / Deny on approval messages and the App Home, Cancel on a requester's list. Each click is acknowledged
// at once, re-authorised with the clicker's id from the signed payload, and answered privately when refused.
import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { cancelRequest } from '../../../domain/cancel.js';
import type { RequestRow } from '../../../domain/provisioning/types.js';
import { readDesired } from '../../../domain/stored/index.js';
import { authorize } from '../../authz.js';
import type { SlackContext } from '../../context.js';
import { mention } from '../../escape.js';
import {
  denyModal,
  formValuesFrom,
  infoModal,
  loadingModal,
  requestFormModal,
  VIEW_APPROVE,
} from '../../render/modals.js';
import { ACTION_APPROVE, ACTION_CANCEL, ACTION_DENY } from '../../render/requests.js';
import { ACTION_OPEN_IN_ZOOM } from '../../render/zoom-links.js';
import { clickAnswer, privately } from './answer.js';

export { ACTION_CANCEL };

export function alreadyDecided(request: RequestRow): string {
  const who = request.decidedBy ? ` by ${mention(request.decidedBy)}` : '';
  const when = request.decidedAt ? ` at ${request.decidedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC` : '';
  return `Request #${request.id} was already ${request.status.replace('_', ' ')}${['queued', 'done', 'failed', 'waiting_activation'].includes(request.status) ? ' (approved)' : ''}${who}${when}.`;
}

async function loadRequest(ctx: SlackContext, value: string | undefined): Promise<RequestRow | null> {
  const id = Number(value);
  return Number.isInteger(id) && id > 0 ? ctx.s.db.provisioningRequest.findUnique({ where: { id } }) : null;
}

type ClickArgs = { ctx: SlackContext; body: BlockAction; action: ButtonAction; respond: RespondFn; client: WebClient };

/** The request a click acts on, once the clicker may act on it; otherwise they are told why and null returned. */
async function clickedRequest(
  { ctx, body, action, respond }: ClickArgs,
  what: 'request.approve' | 'request.deny' | 'request.cancel',
  verb: string,
  undecidedOnly: boolean,
): Promise<RequestRow | null> {
  const request = await loadRequest(ctx, action.value);
  if (!request) {
    await privately(ctx, respond, 'That request does not exist any more.');
    return null;
  }
  const auth = await authorize(ctx, body.user.id, what, { request });
  if (!auth.ok) {
    await privately(ctx, respond, `You can't ${verb} request #${request.id}: ${auth.reason}.`);
    return null;
  }
  if (undecidedOnly && request.status !== 'awaiting_approval') {
    await privately(ctx, respond, alreadyDecided(request));
    return null;
  }
  return request;
}

async function onApprove(args: ClickArgs): Promise<void> {
  const { ctx, body, client } = args;
  const request = await clickedRequest(args, 'request.approve', 'approve', true);
  if (!request) return;
  const metadata = { requestId: request.id };
  // The trigger expires 3 s after the click: open first, fill in once Zoom answered.
  const opened = await client.views.open({
    trigger_id: body.trigger_id,
    view: loadingModal(VIEW_APPROVE, `Approve request #${request.id}`, metadata),
  });
  const viewId = opened.view?.id;
  if (!viewId) return;
  try {
    const catalog = await ctx.s.catalog.get();
    await client.views.update({
      view_id: viewId,
      view: requestFormModal(catalog, {
        values: formValuesFrom(readDesired(request, 'add')),
        approve: request,
        metadata,
        profiles: ctx.s.profiles.profiles,
      }),
    });
  } catch (err) {
    await client.views.update({
      view_id: viewId,
      view: infoModal(
        'Zoom unavailable',
        `Could not load calling plans from Zoom (${(err as Error).message}). Try again in a minute.`,
      ),
    });
  }
}

async function onDeny(args: ClickArgs): Promise<void> {
  const request = await clickedRequest(args, 'request.deny', 'deny', true);
  if (!request) return;
  await args.client.views.open({ trigger_id: args.body.trigger_id, view: denyModal(request) });
}

async function onCancel(args: ClickArgs): Promise<void> {
  const { ctx, body, respond } = args;
  const request = await clickedRequest(args, 'request.cancel', 'cancel', false);
  if (!request) return;
  const result = await cancelRequest(ctx.s, request, body.user.id, {
    approver: await ctx.approvers.isApprover(body.user.id),
  });
  await privately(
    ctx,
    respond,
    result.ok
      ? `Request #${request.id} for ${request.email} is cancelled. ${result.notes.join(' ')}`.trim()
      : `Not cancelled: ${result.message}.`,
  );
}

export type ClickHandler = (args: ClickArgs) => Promise<void>;

/** Registers the button listeners; returns their action ids (the authorisation test checks the list). */
export function register(app: App, ctx: SlackContext, extra: Record<string, ClickHandler> = {}): string[] {
  const handlers: Record<string, ClickHandler> = {
    [ACTION_APPROVE]: onApprove,
    [ACTION_DENY]: onDeny,
    [ACTION_CANCEL]: onCancel,
    ...extra,
  };
  for (const [actionId, handler] of Object.entries(handlers)) {
    app.action<BlockAction<ButtonAction>>(
      { action_id: actionId, type: 'block_actions' },
      async ({ ack, body, action, respond: given, client }) => {
        await ack();
        const respond = clickAnswer(ctx, body.user.id, given);
        try {
          await handler({ ctx, body, action, respond, client });
        } catch (err) {
          ctx.s.log.error({ err, actionId }, 'button handler failed');
          await privately(
            ctx,
            respond,
            'Something went wrong handling that click; see /phone requests for where things stand, and try again.',
          );
        }
      },
    );
  }
  // "Open in Zoom" is a link: Slack opens the page and still sends an action, which changes nothing here.
  app.action({ action_id: ACTION_OPEN_IN_ZOOM, type: 'block_actions' }, async ({ ack }) => {
    await ack();
  });
  return Object.keys(handlers);
}
