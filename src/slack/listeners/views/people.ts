// The "Provision phone for…" form submitted: one add per address, through the same use case as
// `/phone add` and the request form (submitAdd), each authorised on its own — an approver's runs at once
// (not for their own address), anyone else's becomes a request. The requests remember the message's
// thread, so the neutral lines render/audience.ts allows for the channel are posted there.
import { submitAdd } from '../../../domain/submit-add.js';
import { authorize } from '../../authz.js';
import type { SlackContext } from '../../context.js';
import { parseRequestForm, problemsToErrors } from '../../forms.js';
import { peopleOutcomeModal } from '../../render/modals.js';
import type { ViewOutput } from '@slack/bolt';
import type { Ack } from './answer-in-time.js';

type Values = Parameters<typeof parseRequestForm>[0];

const MAX_PEOPLE = 10;

function metadataOf(view: ViewOutput): { channelId?: string; threadTs?: string } {
  try {
    const m = JSON.parse(view.private_metadata || '{}') as Record<string, unknown>;
    return {
      channelId: typeof m.channelId === 'string' ? m.channelId : undefined,
      threadTs: typeof m.threadTs === 'string' ? m.threadTs : undefined,
    };
  } catch {
    return {};
  }
}

/** The error map of one person's problems: anything about the person goes under their address field. */
function personErrors(errors: Record<string, string>, block: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) out[k === 'email' ? block : k] = v;
  return out;
}

export async function onPeople(args: { ctx: SlackContext; view: ViewOutput; user: string; ack: Ack }): Promise<void> {
  const { ctx, view, user, ack } = args;
  const values = view.state.values as Values;
  const people: { block: string; email: string }[] = [];
  for (let i = 0; i < MAX_PEOPLE; i++) {
    const block = `email_${i}`;
    const email = values[block]?.[block]?.value?.trim();
    if (email && !people.some((p) => p.email.toLowerCase() === email.toLowerCase())) people.push({ block, email });
  }
  if (people.length === 0)
    return ack({ response_action: 'errors', errors: { email_0: 'Give at least one e-mail address.' } });
  const approver = await ctx.approvers.isApprover(user);
  const catalog = await ctx.s.catalog.get().catch(() => undefined);
  const forms = [];
  for (const p of people) {
    const parsed = parseRequestForm(values, catalog, { needJustification: !approver, email: p.email });
    if (!parsed.ok) return ack({ response_action: 'errors', errors: personErrors(parsed.errors, p.block) });
    forms.push({ ...p, form: parsed.form });
  }
  const origin = metadataOf(view);
  const lines: { email: string; text: string }[] = [];
  for (const p of forms) {
    const auth = await authorize(ctx, user, 'add', { target: p.form.args.email });
    const result = auth.ok
      ? await submitAdd(ctx.s, {
          args: p.form.args,
          actor: user,
          approver: auth.approver && !auth.needsAnotherApprover,
          limited: !auth.approver,
          justification: p.form.justification,
          origin: origin.channelId ? origin : undefined,
        })
      : undefined;
    if (!result?.ok) {
      const errors = result ? problemsToErrors(result.problems) : { email: auth.ok ? '' : auth.reason };
      // Nothing stored yet: the problem goes back under the field, to be fixed and submitted again.
      if (lines.length === 0) return ack({ response_action: 'errors', errors: personErrors(errors, p.block) });
      lines.push({ email: p.form.args.email, text: `not done: ${Object.values(errors).join('; ')}` });
      continue;
    }
    lines.push({
      email: p.form.args.email,
      text: result.awaitingApproval
        ? `request #${result.request.id}, waiting for an approver`
        : `request #${result.request.id}, being set up`,
    });
  }
  await ack({ response_action: 'update', view: peopleOutcomeModal(lines, approver) });
}
