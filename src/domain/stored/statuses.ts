// Every status and kind column, as the values the code writes and compares. The columns stay TEXT (raw SQL
// in worker.ts, batches.ts and batch-add.ts compares them with string literals); these enums are what the
// TypeScript side may use, so a misspelt status is a compile error, not a request that never matches.
import { z } from 'zod';

/** ProvisioningRequest.status. */
export const RequestStatus = z.enum([
  'awaiting_approval',
  'queued',
  'waiting_activation',
  'done',
  'failed',
  'denied',
  'cancelled',
  'expired',
]);
export type RequestStatus = z.infer<typeof RequestStatus>;

/** The statuses of a request still open: it holds its values and blocks another request for the same person. */
export const OPEN_STATUSES = [
  RequestStatus.enum.awaiting_approval,
  RequestStatus.enum.queued,
  RequestStatus.enum.waiting_activation,
] as const;
export type OpenStatus = (typeof OPEN_STATUSES)[number];

/** ProvisioningRequest.kind: one step machine each (provisioning/engine.ts). */
export const RequestKind = z.enum(['add', 'update', 'remove-package', 'remove', 'restore', 'resend', 'purge']);
export type RequestKind = z.infer<typeof RequestKind>;

/** Batch.status: previewed → running → (cancelling →) finishing → done; or cancelled from the preview. */
export const BatchStatus = z.enum(['previewed', 'running', 'cancelling', 'finishing', 'done', 'cancelled']);
export type BatchStatus = z.infer<typeof BatchStatus>;

/** Batch.mode and the mode of each stored row. */
export const BatchMode = z.enum(['add', 'update']);
export type BatchMode = z.infer<typeof BatchMode>;

/** BatchRow.plan: what the dry run planned for the row. */
export const RowAction = z.enum(['create', 'update', 'unchanged', 'error']);
export type RowAction = z.infer<typeof RowAction>;

/** PhoneUser.state. */
export const PhoneUserState = z.enum([
  'provisioning',
  'pending_activation',
  'active',
  'soft_deleted',
  'purged',
  'cancelled',
]);
export type PhoneUserState = z.infer<typeof PhoneUserState>;

/** Reservation.kind. */
export const ReservationKind = z.enum(['email', 'extension', 'number']);
export type ReservationKind = z.infer<typeof ReservationKind>;

/** AuditLog.outcome. */
export const AuditOutcome = z.enum(['ok', 'failed', 'refused', 'skipped']);
export type AuditOutcome = z.infer<typeof AuditOutcome>;

/**
 * BatchRow.outcome: how a row ended, written by settleRows (batches.ts) from its request's status
 * (`ELSE r.status` keeps a request status as it is), or before any request existed.
 */
export const RowOutcome = z.enum([
  'unchanged',
  'created',
  'updated',
  'pending-activation',
  'in-progress',
  ...RequestStatus.options,
]);
export type RowOutcome = z.infer<typeof RowOutcome>;
