// What a step tells the engine to do next.
import type { DriftFinding } from '../drift.js';
import type { Progress, Tx } from './types.js';

export interface AuditSpec {
  action: string;
  before?: object;
  after?: object;
  detail?: Record<string, unknown>;
}

interface Common {
  progress?: Partial<Progress>;
  audit?: AuditSpec;
  /** Database changes that belong to the same transaction as the step's bookkeeping. */
  apply?: (tx: Tx) => Promise<void>;
  /** Zoom disagreed with phonebot's record: adopted in the same transaction (see preconditions.ts). */
  drift?: DriftFinding & { adopt?: (tx: Tx) => Promise<void> };
}

export type Outcome =
  | (Common & { kind: 'next'; step: string })
  | (Common & { kind: 'wait_activation' })
  | (Common & { kind: 'retry'; inMs: number; reason: string })
  | (Common & { kind: 'done'; lines: string[] })
  | (Common & { kind: 'fail'; message: string; lines?: string[] });

export const next = (step: string, extra: Common = {}): Outcome => ({ kind: 'next', step, ...extra });
