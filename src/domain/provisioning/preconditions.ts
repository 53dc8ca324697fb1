// "Zoom is the truth", for the steps of the provisioning engine. A step whose Zoom write destroys,
// withdraws or depends on a state phonebot believes (purge, cancel, expiry, a held extension, ...) declares
// that state as a precondition; the engine reads it from Zoom in the same step, just before the write, and
// when Zoom disagrees it does not run the step: it adopts Zoom's state (drift.ts: record, `drift.adopted`
// audit, admins told) and carries on with what the precondition says to do instead — never the
// destructive branch. Keeping the rule here, not as if-statements in each step, is what makes it hold
// everywhere.
import type { Db } from '../../db/database.js';
import type { DriftFinding } from '../drift.js';
import type { ExtensionRange } from '../extension-rule.js';
import type { Outcome } from './outcome.js';
import type { StepContext, StepHandler } from './steps-add.js';
import type { RequestListener, Tx } from './types.js';

export interface PreconditionContext extends StepContext {
  /** phonebot's own records, read-only here: changes go in `adopt` or the outcome's `apply`. */
  db: Db;
  /** For an adopt that changes other requests (e.g. resuming the add a resend found already accepted). */
  listener: RequestListener;
  /** PHONEBOT_EXTENSION_RANGE, for a precondition that picks another automatic extension. */
  extensionRange?: ExtensionRange;
}

/** What Zoom said instead of what the step believes, and what the request does about it. */
export interface Disagreement extends Omit<DriftFinding, 'target'> {
  /** Defaults to the request's e-mail. */
  target?: string;
  /** phonebot's record brought in line with Zoom, in the step's transaction. */
  adopt?: (tx: Tx) => Promise<void>;
  /** What the request does instead of the step's write. */
  instead: Outcome;
}

/** Reads from Zoom what the step depends on; undefined when Zoom agrees with phonebot. */
export type Precondition = (ctx: PreconditionContext) => Promise<Disagreement | undefined>;

export interface GuardedStep {
  requires: Precondition[];
  /** Handed the precondition's context: a guarded step may read phonebot's records too. */
  run: (ctx: PreconditionContext) => ReturnType<StepHandler>;
}

export type Step = StepHandler | GuardedStep;

export const guarded = (requires: Precondition[], run: GuardedStep['run']): GuardedStep => ({ requires, run });

export function handlerOf(step: Step | undefined): GuardedStep['run'] | undefined {
  return typeof step === 'function' ? step : step?.run;
}

/** Checks the step's preconditions in order, then runs it; the first disagreement replaces the step. */
export async function runStep(step: Step, ctx: PreconditionContext): Promise<Outcome> {
  if (typeof step !== 'function') {
    for (const check of step.requires) {
      const d = await check(ctx);
      if (!d) continue;
      // Only phonebot's own records disagreed (no field of Zoom's): nothing to audit as drift.
      if (d.drift.length === 0) return d.instead;
      return {
        ...d.instead,
        drift: { target: d.target ?? ctx.request.email, drift: d.drift, message: d.message, adopt: d.adopt },
      };
    }
    return step.run(ctx);
  }
  return step(ctx);
}
