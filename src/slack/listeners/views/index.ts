// Modal submissions: the request form, the approver's edit-and-approve form, the deny reason, and the
// shared confirmation of destructive actions. Input problems go back into the modal under their field
// (response_action: errors); every submission is re-authorised.
import type { App, SlackViewAction, ViewOutput } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { approveRequest, type DecisionOutcome, denyRequest, requestToDecide } from '../../../domain/decisions.js';
import { submitAdd } from '../../../domain/submit-add.js';
import { authorize } from '../../authz.js';
import type { SlackContext } from '../../context.js';
import { parseRequestForm, problemsToErrors } from '../../forms.js';
import { requestOutcomeModal } from '../../render/requests.js';
import { infoModal, VIEW_APPROVE, VIEW_CONFIRM, VIEW_DENY, VIEW_PEOPLE, VIEW_REQUEST } from '../../render/modals.js';
import { warningsMessage } from '../../render/replies.js';
import { alreadyDecided } from '../actions/index.js';
import { type Ack, answerInTime } from './answer-in-time.js';
import { onPeople } from './people.js';

type Submission = { ctx: SlackContext; view: ViewOutput; user: string; ack: Ack; client: WebClient };

function metadata(view: ViewOutput): Record<string, unknown> {
  try {
    return JSON.parse(view.private_metadata || '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}

const values = (view: ViewOutput) => view.state.values as Parameters<typeof parseRequestForm>[0];

/** What the approver must hear even though the add went ahead (seats promised to others), by DM. */
async function warn(ctx: SlackContext, key: string, user: string, title: string, warnings: string[]): Promise<void> {
  if (warnings.length) await ctx.s.post({ key, channel: user, payload: warningsMessage(title, warnings) });
}

async function onRequest({ ctx, view, user, ack }: Submission): Promise<void> {
  const catalog = await ctx.s.catalog.get().catch(() => undefined);
  const parsed = parseRequestForm(values(view), catalog, { needJustification: true });
  if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
  const auth = await authorize(ctx, user, 'add', { target: parsed.form.args.email });
  if (!auth.ok) return ack({ response_action: 'errors', errors: { email: auth.reason } });
  const meta = metadata(view);
  const result = await submitAdd(ctx.s, {
    args: parsed.form.args,
    actor: user,
    approver: auth.approver && !auth.needsAnotherApprover,
    limited: !auth.approver,
    justification: parsed.form.justification,
    origin: typeof meta.channelId === 'string' ? { channelId: meta.channelId } : undefined,
  });
  if (!result.ok) return ack({ response_action: 'errors', errors: problemsToErrors(result.problems) });
  await warn(
    ctx,
    `form:${view.id}:warnings`,
    user,
    `Request #${result.request.id} for ${parsed.form.args.email} goes ahead`,
    result.warnings,
  );
  await ack();
}

/** The modal's answer when the decision did not happen: gone, refused, or decided by someone else first. */
function notDecided(
  outcome: Exclude<DecisionOutcome, { kind: 'invalid' | 'decided' }>,
  field: string,
): Parameters<Ack>[0] {
  if (outcome.kind === 'refused') return { response_action: 'errors', errors: { [field]: outcome.reason } };
  if (outcome.kind === 'gone')
    return {
      response_action: 'update',
      view: infoModal('Request gone', 'That request does not exist any more.'),
    };
  return {
    response_action: 'update',
    view: infoModal('Already decided', alreadyDecided(outcome.request)),
  };
}

async function onApprove({ ctx, view, user, ack }: Submission): Promise<void> {
  const requestId = Number(metadata(view).requestId);
  const open = await requestToDecide({ people: ctx.approvers, s: ctx.s }, requestId, user, 'approve');
  if (open.kind !== 'open') return ack(notDecided(open, 'email'));
  const catalog = await ctx.s.catalog.get().catch(() => undefined);
  // The person is fixed by the request: an approver may change what they get, not who gets it.
  const parsed = parseRequestForm(values(view), catalog, { needJustification: false, email: open.request.email });
  if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
  const outcome = await approveRequest(ctx.s, open.request, parsed.form.args, user);
  if (outcome.kind === 'invalid') return ack({ response_action: 'errors', errors: problemsToErrors(outcome.problems) });
  if (outcome.kind !== 'decided') return ack(notDecided(outcome, 'email'));
  await warn(ctx, `approve:${view.id}:warnings`, user, `Request #${requestId} is approved`, outcome.warnings);
  await ack();
}

async function onDeny({ ctx, view, user, ack }: Submission): Promise<void> {
  const requestId = Number(metadata(view).requestId);
  const reason = values(view).reason?.reason?.value?.trim() ?? '';
  if (reason.length < 3) return ack({ response_action: 'errors', errors: { reason: 'Give the requester a reason.' } });
  const open = await requestToDecide({ people: ctx.approvers, s: ctx.s }, requestId, user, 'deny');
  if (open.kind !== 'open') return ack(notDecided(open, 'reason'));
  const outcome = await denyRequest(ctx.s, open.request, reason, user);
  if (outcome.kind !== 'decided' && outcome.kind !== 'invalid') return ack(notDecided(outcome, 'reason'));
  await ack();
}

/** A destructive action confirmed in the shared modal; `run` returns what to tell the admin. */
/** What a confirmed action answers: text for the modal, and the request it started (the modal then shows how it ended). */
export type ConfirmHandler = (args: {
  ctx: SlackContext;
  user: string;
  metadata: Record<string, unknown>;
}) => Promise<string | { text: string; requestId: number }>;

/** How long the modal waits for the started request to end before leaving the rest to the DM. */
const OUTCOME_WAIT_MS = 30_000;

/** The started request's end, polled until it settles or OUTCOME_WAIT_MS passes (the DM and the card say it too). */
async function settledOutcome(
  ctx: SlackContext,
  requestId: number,
): Promise<{ title: string; text: string } | undefined> {
  const deadline = Date.now() + OUTCOME_WAIT_MS;
  while (Date.now() < deadline) {
    const r = await ctx.s.db.provisioningRequest.findUnique({ where: { id: requestId } });
    if (!r) return undefined;
    const end = requestOutcomeModal(r);
    if (end || !['queued', 'retrying', 'approved'].includes(r.status)) return end;
    await new Promise((res) => setTimeout(res, 500));
  }
  return undefined;
}

/** Registers the modal listeners; returns their callback ids and the confirmable actions. */
export function register(app: App, ctx: SlackContext, confirmHandlers: Record<string, ConfirmHandler> = {}): string[] {
  const on = (callbackId: string, doneText: string, handler: (s: Submission) => Promise<void>) => {
    app.view<SlackViewAction>(callbackId, async ({ ack, view, body, client }) => {
      const user = body.user.id;
      const inTime = answerInTime({
        ack: ack as Ack,
        client,
        viewId: view.id,
        user,
        log: ctx.s.log,
        post: (m) => ctx.s.post(m),
        doneText,
      });
      try {
        await handler({ ctx, view, user, ack: inTime.ack, client });
      } catch (err) {
        ctx.s.log.error({ err, callbackId }, 'modal submission failed');
        await inTime
          .ack({
            response_action: 'update',
            view: infoModal(
              'Something went wrong',
              'phonebot could not finish this. Check /phone requests and try again.',
            ),
          })
          .catch(() => {});
      } finally {
        inTime.finish();
      }
    });
  };
  on(
    VIEW_REQUEST,
    'Your request is stored: you get a DM when it is decided (an approver’s own request starts at once; its progress is posted in the channel).',
    onRequest,
  );
  on(VIEW_APPROVE, 'Approved: the approval message shows the progress.', onApprove);
  on(VIEW_PEOPLE, 'Stored: each phone’s progress is posted in the thread of the message, and you get DMs.', onPeople);
  on(VIEW_DENY, 'Denied: the requester has been told.', onDeny);
  on(VIEW_CONFIRM, 'Done.', async ({ ctx: c, view, user, ack, client }) => {
    const meta = metadata(view);
    const handler = typeof meta.action === 'string' ? confirmHandlers[meta.action] : undefined;
    if (!handler)
      return ack({
        response_action: 'update',
        view: infoModal('Unknown action', 'This confirmation is out of date.'),
      });
    const auth = await authorize(c, user, 'confirm', {
      target: typeof meta.email === 'string' ? meta.email : undefined,
    });
    if (!auth.ok) return ack({ response_action: 'update', view: infoModal('Not allowed', auth.reason) });
    // The action calls Zoom and may outlast Slack's 3 s: answer now, show the outcome when it is known.
    await ack({ response_action: 'update', view: infoModal('Working…', '⏳ Working on it…') });
    let outcome: string | { text: string; requestId: number };
    try {
      outcome = await handler({ ctx: c, user, metadata: meta });
    } catch (err) {
      c.s.log.error({ err, action: meta.action }, 'confirmed action failed');
      outcome = `It failed: ${(err as Error).message}. See /phone status for the current state.`;
    }
    const show = (title: string, text: string) =>
      client.views
        .update({ view_id: view.id, view: infoModal(title, text) })
        .catch((err: Error) => c.s.log.warn({ err: err.message }, 'could not show the outcome in the modal'));
    if (typeof outcome === 'string') {
      await show('Not done', outcome);
      return;
    }
    // No leftover "started" modal: it shows the request's end once known (the DM and the card say it too).
    await show('Working…', `⏳ ${outcome.text}`);
    const end = await settledOutcome(c, outcome.requestId).catch(() => undefined);
    if (end) await show(end.title, end.text);
  });
  return [
    VIEW_REQUEST,
    VIEW_APPROVE,
    VIEW_DENY,
    VIEW_PEOPLE,
    ...Object.keys(confirmHandlers).map((a) => `${VIEW_CONFIRM}:${a}`),
  ];
}
