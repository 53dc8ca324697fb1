// The drift report's "Adopt Zoom's state" button: approvers only (checked at the click), the finding is
// re-checked against Zoom before anything changes, and the clicker is answered privately.
import { z } from 'zod';
import { adoptReportedDrift } from '../../../domain/drift-adopt.js';
import { authorize } from '../../authz.js';
import { ACTION_DRIFT_ADOPT } from '../../render/drift-report.js';
import { privately } from './answer.js';
import type { ClickHandler } from './index.js';

// What the button carries (domain/drift-report.ts refOf); anything else is refused without a change.
const driftRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('waiting'), requestId: z.number().int().positive() }),
  z.object({ kind: z.enum(['removed', 'provisioned']), phoneUserId: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('hold'), hold: z.enum(['extension', 'number']), value: z.string().min(1).max(32) }),
]);

function parseRef(value: string | undefined) {
  try {
    return driftRef.safeParse(JSON.parse(value ?? ''));
  } catch {
    return driftRef.safeParse(undefined);
  }
}

const onAdopt: ClickHandler = async ({ ctx, body, action, respond }) => {
  const ref = parseRef(action.value);
  const auth = await authorize(ctx, body.user.id, 'drift.adopt', {
    target: ref.success && ref.data.kind === 'hold' ? `${ref.data.hold} ${ref.data.value}` : undefined,
  });
  if (!auth.ok) return privately(ctx, respond, `Not allowed: ${auth.reason}; only an approver can adopt Zoom's state.`);
  if (!ref.success)
    return privately(ctx, respond, 'That button does not name a finding phonebot understands; run /phone drift again.');
  const result = await adoptReportedDrift(ctx.s, body.user.id, ref.data);
  await privately(ctx, respond, result.ok ? `Done. ${result.message}` : `Nothing adopted: ${result.message}`);
};

export const driftButtons: Record<string, ClickHandler> = { [ACTION_DRIFT_ADOPT]: onAdopt };
