// When Zoom and phonebot disagree, Zoom is the truth. This module is the one place that records such a
// disagreement: phonebot's record is brought in line with Zoom (`adopt`), each differing field gets a
// `drift.adopted` audit entry with what phonebot believed (before) and what Zoom says (after), and the
// admins are told in plain words what was found and what phonebot did instead — all in the transaction
// that makes the change, so the record, the audit and the message cannot part.
//
// Who finds drift: engine steps declare the Zoom state they depend on (provisioning/preconditions.ts,
// checked by the engine before the step's write), use cases outside the engine (cancel) call
// `adoptDrift` directly, and the drift report lets an approver adopt what it found.
import type { Tx } from './provisioning/types.js';
import { audit, SYSTEM_ACTOR } from './audit.js';

/** One field on which phonebot's record and Zoom differ. */
export interface Drift {
  /** e.g. `zoomStatus`, `extension`, `callingPlans`, `phoneNumbers`, `user`. */
  field: string;
  believed: unknown;
  zoom: unknown;
}

export interface DriftFinding {
  /** The user (e-mail) or value the finding is about. */
  target: string;
  drift: Drift[];
  /** For the admin: what was found and what phonebot did instead, in one or two sentences. */
  message: string;
}

export interface DriftNotice extends DriftFinding {
  actor: string;
  requestId?: number | null;
  batchId?: number | null;
}

/** Told inside the transaction that adopted Zoom's state (the Slack notifier posts to the admin channel). */
export interface DriftListener {
  onDrift(tx: Tx, notice: DriftNotice): Promise<void>;
}

/**
 * Records an adopted difference: `adopt` (phonebot's record made to match Zoom), one `drift.adopted` audit
 * entry per field, and the admins' notice, in `tx`.
 */
export async function adoptDrift(
  tx: Tx,
  listener: DriftListener,
  finding: DriftFinding & {
    actor?: string;
    requestId?: number | null;
    batchId?: number | null;
    adopt?: (tx: Tx) => Promise<void>;
  },
): Promise<void> {
  const actor = finding.actor ?? SYSTEM_ACTOR;
  await finding.adopt?.(tx);
  for (const d of finding.drift) {
    await audit(tx, {
      actor,
      action: 'drift.adopted',
      target: finding.target,
      requestId: finding.requestId,
      batchId: finding.batchId,
      before: { [d.field]: d.believed },
      after: { [d.field]: d.zoom },
      detail: { message: finding.message },
    });
  }
  await listener.onDrift(tx, {
    target: finding.target,
    drift: finding.drift,
    message: finding.message,
    actor,
    requestId: finding.requestId,
    batchId: finding.batchId,
  });
}
