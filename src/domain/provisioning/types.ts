// Shapes shared by the provisioning engine, its step machines and whoever listens to request changes.
import type { Db } from '../../db/database.js';
import type { ProvisioningRequest } from '../../db/records.js';
import type { DriftListener } from '../drift.js';
import type { ResolvedAdd } from '../validate-add.js';

export type RequestRow = ProvisioningRequest;
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

export const OPEN_STATUSES = ['awaiting_approval', 'queued', 'waiting_activation'] as const;
export type RequestStatus = (typeof OPEN_STATUSES)[number] | 'done' | 'failed' | 'denied' | 'cancelled' | 'expired';
export type RequestKind = 'add' | 'update' | 'remove-package' | 'remove' | 'restore' | 'resend' | 'purge';

/** What `add` wants, as stored in ProvisioningRequest.desired. */
export type AddDesired = Omit<ResolvedAdd, 'zoomUser'>;

/** What the steps learnt and did, stored in ProvisioningRequest.progress. */
export interface Progress {
  zoomUserId?: string;
  zoomStatus?: string;
  createdUser?: boolean;
  /** The step whose last write ended without a clear answer from Zoom: read before writing again. */
  uncertain?: string;
  phoneUserWaits?: number;
  /** A batch call for this request may have been applied: every step reads Zoom before writing. */
  afterUnclearBatch?: boolean;
  done?: string[];
  /** When phonebot learnt the invitee accepted (ISO time): /metrics times activation to phone ready from it. */
  activatedAt?: string;
  [key: string]: unknown;
}

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
