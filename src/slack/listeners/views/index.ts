// Modal submissions: the request form, the approver's edit-and-approve form, the deny reason, and the
// shared confirmation of destructive actions. Input problems go back into the modal under their field
// (response_action: errors); every submission is re-authorised.
import type { AckFn, App, SlackViewAction, ViewOutput, ViewResponseAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { decide } from '../../../domain/requests.js';
import { submitAdd, sortProblems, validationContext } from '../../../domain/submit-add.js';
import { validateAdd } from '../../../domain/validate-add.js';
import { asksForSelf, authorize } from '../../authz.js';
import type { SlackContext } from '../../context.js';
import { parseRequestForm, problemsToErrors } from '../../forms.js';
import { infoModal, VIEW_APPROVE, VIEW_CONFIRM, VIEW_DENY, VIEW_REQUEST } from '../../render/modals.js';
import { notice, problemsMessage } from '../../render/replies.js';
import { alreadyDecided } from '../actions/index.js';

type Ack = AckFn<ViewResponseAction | void>;
type Submission = { ctx: SlackContext; view: ViewOutput; user: string; ack: Ack; client: WebClient };

// Slack waits 3 s for the answer to a submission; live checks that take longer finish in the background.
const ANSWER_WITHIN_MS = 2_300;

function metadata(view: ViewOutput): Record<string, unknown> {
  try {
    return JSON.parse(view.private_metadata || '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}

const values = (view: ViewOutput) => view.state.values as Parameters<typeof parseRequestForm>[0];

async function within<T>(work: Promise<T>, ms: number): Promise<{ done: true; value: T } | { done: false; pending: Promise<T> }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  const first = await Promise.race([work.then((value) => ({ value })), late]);
  clearTimeout(timer);
  return first === 'late' ? { done: false, pending: work } : { done: true, value: first.value };
}

/** What is left of Slack's answer window for a submission whose handler started at `started`. */
const remaining = (started: number) => Math.max(0, ANSWER_WITHIN_MS - (Date.now() - started));

async function onRequest({ ctx, view, user, ack }: Submission): Promise<void> {
  const started = Date.now();
  const catalog = await ctx.s.catalog.get().catch(() => undefined);
  const parsed = parseRequestForm(values(view), catalog, { needJustification: true });
  if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
  const auth = await authorize(ctx, user, 'add', { target: parsed.form.args.email });
  if (!auth.ok) return ack({ response_action: 'errors', errors: { email: auth.reason } });
  const meta = metadata(view);
  const forSelf = auth.approver && (await asksForSelf(ctx, user, parsed.form.args.email));
  const work = submitAdd(ctx.s, {
    args: parsed.form.args,
    actor: user,
    approver: auth.approver && !forSelf,
    justification: parsed.form.justification,
    origin: typeof meta.channelId === 'string' ? { channelId: meta.channelId } : undefined,
  });
  const result = await within(work, remaining(started));
  if (!result.done) {
    await ack({ response_action: 'update', view: infoModal('Request received', 'Still checking with Zoom. You will get a DM with the request number, or with what needs fixing.') as never });
    const late = await result.pending;
    if (!late.ok) await ctx.s.post({ key: `form:${view.id}`, channel: user, payload: problemsMessage(`Your request for ${parsed.form.args.email} was not sent`, late.problems) });
    return;
  }
  if (!result.value.ok) return ack({ response_action: 'errors', errors: problemsToErrors(result.value.problems) });
  await ack();
}

async function onApprove({ ctx, view, user, ack }: Submission): Promise<void> {
  const started = Date.now();
  const requestId = Number(metadata(view).requestId);
  const request = await ctx.s.db.provisioningRequest.findUnique({ where: { id: requestId } });
  if (!request) return ack({ response_action: 'update', view: infoModal('Request gone', 'That request does not exist any more.') as never });
  const auth = await authorize(ctx, user, 'request.approve', { request });
  if (!auth.ok) return ack({ response_action: 'errors', errors: { email: auth.reason } });
  if (request.status !== 'awaiting_approval') return ack({ response_action: 'update', view: infoModal('Already decided', alreadyDecided(request)) as never });
  const catalog = await ctx.s.catalog.get().catch(() => undefined);
  // The person is fixed by the request: an approver may change what they get, not who gets it.
  const parsed = parseRequestForm(values(view), catalog, { needJustification: false, email: request.email });
  if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
  const work = (async () => {
    const validation = await validateAdd(validationContext(ctx.s, request.id), parsed.form.args);
    if (!validation.ok) return { kind: 'invalid', problems: sortProblems(validation.problems) } as const;
    const decision = await decide(ctx.s.db, ctx.s.listener, { requestId, actor: user, decision: 'approved', edited: validation.resolved });
    if (decision.ok) ctx.s.worker.kick();
    return { kind: 'decided', decision } as const;
  })();
  const result = await within(work, remaining(started));
  if (!result.done) {
    // Zoom is slow: answer Slack now; the approval message shows the decision, or the approver is told what to fix.
    await ack({ response_action: 'update', view: infoModal('Approval received', 'Still checking with Zoom. The approval message will show the outcome; if something needs fixing you will get a DM.') as never });
    const late = await result.pending;
    if (late.kind === 'invalid') await ctx.s.post({ key: `approve:${view.id}`, channel: user, payload: problemsMessage(`Request #${requestId} was not approved`, late.problems) });
    else if (!late.decision.ok) await ctx.s.post({ key: `approve:${view.id}`, channel: user, payload: notice(late.decision.reason === 'already_decided' ? alreadyDecided(late.decision.request) : 'That request does not exist any more.') });
    return;
  }
  const outcome = result.value;
  if (outcome.kind === 'invalid') return ack({ response_action: 'errors', errors: problemsToErrors(outcome.problems) });
  if (!outcome.decision.ok) {
    const current = outcome.decision.reason === 'already_decided' ? alreadyDecided(outcome.decision.request) : 'That request does not exist any more.';
    return ack({ response_action: 'update', view: infoModal('Already decided', current) as never });
  }
  await ack();
}

async function onDeny({ ctx, view, user, ack }: Submission): Promise<void> {
  const requestId = Number(metadata(view).requestId);
  const reason = values(view).reason?.reason?.value?.trim() ?? '';
  if (reason.length < 3) return ack({ response_action: 'errors', errors: { reason: 'Give the requester a reason.' } });
  const request = await ctx.s.db.provisioningRequest.findUnique({ where: { id: requestId } });
  if (!request) return ack({ response_action: 'update', view: infoModal('Request gone', 'That request does not exist any more.') as never });
  const auth = await authorize(ctx, user, 'request.deny', { request });
  if (!auth.ok) return ack({ response_action: 'errors', errors: { reason: auth.reason } });
  const decision = await decide(ctx.s.db, ctx.s.listener, { requestId, actor: user, decision: 'denied', note: reason });
  if (!decision.ok) {
    const current = decision.reason === 'already_decided' ? alreadyDecided(decision.request) : 'That request does not exist any more.';
    return ack({ response_action: 'update', view: infoModal('Already decided', current) as never });
  }
  await ack();
}

/** A destructive action confirmed in the shared modal; `run` returns what to tell the admin. */
export type ConfirmHandler = (args: { ctx: SlackContext; user: string; metadata: Record<string, unknown> }) => Promise<string>;

/** Registers the modal listeners; returns their callback ids and the confirmable actions. */
export function register(app: App, ctx: SlackContext, confirmHandlers: Record<string, ConfirmHandler> = {}): string[] {
  const on = (callbackId: string, handler: (s: Submission) => Promise<void>) => {
    app.view<SlackViewAction>(callbackId, async ({ ack, view, body, client }) => {
      try {
        await handler({ ctx, view, user: body.user.id, ack: ack as Ack, client });
      } catch (err) {
        ctx.s.log.error({ err, callbackId }, 'modal submission failed');
        await (ack as Ack)({ response_action: 'update', view: infoModal('Something went wrong', 'phonebot could not finish this. Check /phone requests and try again.') as never }).catch(() => {});
      }
    });
  };
  on(VIEW_REQUEST, onRequest);
  on(VIEW_APPROVE, onApprove);
  on(VIEW_DENY, onDeny);
  on(VIEW_CONFIRM, async ({ ctx: c, view, user, ack, client }) => {
    const meta = metadata(view);
    const handler = typeof meta.action === 'string' ? confirmHandlers[meta.action] : undefined;
    if (!handler) return ack({ response_action: 'update', view: infoModal('Unknown action', 'This confirmation is out of date.') as never });
    const auth = await authorize(c, user, 'confirm', { target: typeof meta.email === 'string' ? meta.email : undefined });
    if (!auth.ok) return ack({ response_action: 'update', view: infoModal('Not allowed', auth.reason) as never });
    // The action calls Zoom and may outlast Slack's 3 s: answer now, show the outcome when it is known.
    await ack({ response_action: 'update', view: infoModal('Working…', '⏳ Working on it…') as never });
    let outcome: string;
    try {
      outcome = await handler({ ctx: c, user, metadata: meta });
    } catch (err) {
      c.s.log.error({ err, action: meta.action }, 'confirmed action failed');
      outcome = `It failed: ${(err as Error).message}. See /phone status for the current state.`;
    }
    await client.views.update({ view_id: view.id, view: infoModal('Result', outcome) as never }).catch((err: Error) => c.s.log.warn({ err: err.message }, 'could not show the outcome in the modal'));
  });
  return [VIEW_REQUEST, VIEW_APPROVE, VIEW_DENY, ...Object.keys(confirmHandlers).map((a) => `${VIEW_CONFIRM}:${a}`)];
}
