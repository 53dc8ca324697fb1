// Shapes shared by the provisioning engine, its step machines and whoever listens to request changes.
import type { Db } from '../../db/database.js';
import type { ProvisioningRequest } from '../../db/records.js';
import type { DriftListener } from '../drift.js';

export type RequestRow = ProvisioningRequest;
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export { OPEN_STATUSES, RequestKind, RequestStatus } from '../stored/statuses.js';
/** What `add` wants, as stored in ProvisioningRequest.desired; what the steps learnt, in .progress. */
export type { AddDesired, Progress } from '../stored/index.js';

export type RequestEventType =
  | 'awaiting_approval'
  | 'approved'
  | 'denied'
  | 'cancelled'
  | 'expired'
  | 'queued'
  | 'waiting_activation'
  | 'done'
  | 'failed'
  | 'retrying';

export interface RequestEvent {
  type: RequestEventType;
  request: RequestRow;
  /** Admin-readable lines: what was set, what went wrong, what to do. */
  lines?: string[];
  actor?: string;
  /** Facts for the approvers' message, e.g. seats left on the requested plan. */
  facts?: Record<string, string>;
}

/** Called inside the transaction that changed the request, so the message is stored with the change. */
export interface RequestListener extends DriftListener {
  onRequestEvent(tx: Tx, event: RequestEvent): Promise<void>;
}
