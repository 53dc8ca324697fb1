// The add use case shared by `/phone add`, the request modal, the approval modal and the workflow step: validate everything,
// then store the request with its holds, running at once for an approver or waiting for one otherwise.
import type { DomainServices } from './services.js';
import type { AddArgs } from './command-grammar.js';
import type { Origin } from './requests.js';
import { createAddRequest } from './requests.js';
import { HeldError } from './reservations.js';
import { OpenLimitError, openLimitMessage, openRequestsOf } from './open-requests.js';
import type { SeatPolicy } from './seats.js';
import type { RequestRow } from './provisioning/types.js';
import { checkGivenValues, type Problem, validateAdd } from './validate-add.js';

export type SubmitResult =
  | { ok: true; request: RequestRow; notes: string[]; warnings: string[]; awaitingApproval: boolean }
  | { ok: false; problems: Problem[] };

const FIELD_ORDER = [
  'email',
  'profile',
  'extension',
  'plan',
  'number',
  'address',
  'site',
  'template',
  'mac',
  'general',
];

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort((a, b) => FIELD_ORDER.indexOf(a.field) - FIELD_ORDER.indexOf(b.field));
}

export function validationContext(s: DomainServices, ownRequestId?: number, seats: SeatPolicy = 'strict') {
  return {
    seats,
    db: s.db,
    zoom: s.zoom,
    catalog: s.catalog,
    extensionRange: s.config.PHONEBOT_EXTENSION_RANGE,
    defaultCountry: s.config.PHONEBOT_DEFAULT_COUNTRY,
    ownRequestId,
    profiles: s.profiles.profiles,
    profilesFile: s.profiles.path,
  };
}

export async function submitAdd(
  s: DomainServices,
  input: {
    args: AddArgs;
    actor: string;
    /** The add runs at once (an approver's, not for their own address). */
    approver: boolean;
    /** The requester is not an approver: PHONEBOT_MAX_OPEN_REQUESTS applies. */
    limited: boolean;
    origin?: Origin;
    justification?: string;
    /** Asked by a workflow step: the step is completed when the request ends. */
    functionExecutionId?: string;
  },
): Promise<SubmitResult> {
  const maxOpen = input.limited ? s.config.PHONEBOT_MAX_OPEN_REQUESTS : undefined;
  // Checked first too (and again, race-free, when storing): a requester at the bound gets the answer without Zoom calls.
  if (maxOpen !== undefined) {
    const open = await openRequestsOf(s.db, input.actor);
    if (open.length >= maxOpen)
      return {
        ok: false,
        problems: [{ field: 'general', message: openLimitMessage(new OpenLimitError(open, maxOpen)) }],
      };
  }
  const validation = await validateAdd(
    validationContext(s, undefined, input.approver ? 'approver' : 'strict'),
    input.args,
  );
  if (!validation.ok) return { ok: false, problems: sortProblems(validation.problems) };
  const { resolved, notes, warnings } = validation;
  const facts: Record<string, string> = {};
  if (!input.approver && resolved.plan) {
    const plan = (await s.catalog.get().catch(() => undefined))?.plans.find((p) => p.type === resolved.plan!.type);
    if (plan?.available !== undefined)
      facts['Seats left'] = `${plan.available} of ${plan.subscribed ?? '?'} on ${plan.name}`;
  }
  try {
    const request = await createAddRequest(s.db, s.listener, {
      resolved,
      requestedBy: input.actor,
      approvedBy: input.approver ? input.actor : undefined,
      origin: input.origin,
      justification: input.justification,
      functionExecutionId: input.functionExecutionId,
      expiresAt: new Date(s.now().getTime() + s.config.PHONEBOT_REQUEST_TTL_DAYS * 86_400_000),
      facts,
      maxOpen,
    });
    if (input.approver) s.worker.kick();
    s.catalog.invalidate();
    return { ok: true, request, notes, warnings, awaitingApproval: !input.approver };
  } catch (err) {
    if (err instanceof OpenLimitError)
      return { ok: false, problems: [{ field: 'general', message: openLimitMessage(err) }] };
    if (err instanceof HeldError) {
      const field = err.hold.kind === 'email' ? 'email' : err.hold.kind;
      return {
        ok: false,
        problems: [{ field, message: `${err.hold.value} was just taken by another request; try again` }],
      };
    }
    throw err;
  }
}

/** Problems with the values of an add whose command did not read (see ParseResult.partialAdd), in field order. */
export async function problemsOfGivenValues(
  s: DomainServices,
  args: Omit<Partial<AddArgs>, 'email'>,
): Promise<Problem[]> {
  return sortProblems(await checkGivenValues(validationContext(s), args));
}
