// ProvisioningRequest.progress: what the steps learnt and did so far. One bag for every kind (the engine
// merges each step's part into it); keys this version does not know are kept as they are, so a row written
// by a newer replica during a rolling deploy keeps what it stored.
import { z } from 'zod';
import type { ProvisioningRequest } from '../../db/records.js';
import { parseStored, peekStored } from './json.js';
import { PhoneSnapshot } from './phone-snapshot.js';

/** A phone user as `update` and `remove-package` read it from Zoom (provisioning/steps-change.ts). */
export const CurrentPhone = z.object({
  zoomUserId: z.string(),
  extension: z.string().optional(),
  plans: z.array(z.number()),
  numbers: z.array(z.string()),
  siteId: z.string().optional(),
});
export type CurrentPhone = z.infer<typeof CurrentPhone>;

export const Progress = z.looseObject({
  zoomUserId: z.string().optional(),
  zoomStatus: z.string().optional(),
  createdUser: z.boolean().optional(),
  /** The step whose last write ended without a clear answer from Zoom: read before writing again. */
  uncertain: z.string().optional(),
  phoneUserWaits: z.number().optional(),
  /** A batch call for this request may have been applied: every step reads Zoom before writing. */
  afterUnclearBatch: z.boolean().optional(),
  done: z.array(z.string()).optional(),
  /** When phonebot learnt the invitee accepted (ISO time): /metrics times activation to phone ready from it. */
  activatedAt: z.string().optional(),
  // add through the batch call (provisioning/batch-add.ts)
  batchFallback: z.boolean().optional(),
  batchTrackingIds: z.array(z.string()).optional(),
  batchedAt: z.string().optional(),
  verifyTries: z.number().optional(),
  // add: the ready-to-take-calls parts (steps-ready.ts)
  emergencyAddressId: z.string().optional(),
  deviceId: z.string().optional(),
  joinedQueues: z.array(z.string()).optional(),
  joinedGroup: z.string().optional(),
  customizedCallerId: z.boolean().optional(),
  /** The batch call set the caller ID with the user (outbound_caller_id): the read-back checks it. */
  callerIdInBatch: z.boolean().optional(),
  /** The batch call added the desk phone with the user (desk_phones): the read-back finds it by MAC. */
  deskPhoneInBatch: z.boolean().optional(),
  /** Parts that could not be done and why (a queue deleted since), shown on the result. */
  readyNotes: z.array(z.string()).optional(),
  // update, remove-package
  current: CurrentPhone.optional(),
  before: CurrentPhone.optional(),
  // remove
  snapshot: PhoneSnapshot.optional(),
  removedPlans: z.array(z.number()).optional(),
  purgeAfter: z.string().optional(),
  // purge
  notPurged: z.string().optional(),
  // restore
  restoredPlans: z.array(z.number()).optional(),
  restoredNumbers: z.array(z.string()).optional(),
  // remove and restore: memberships and devices, one per step
  leftQueues: z.array(z.string()).optional(),
  leftGroup: z.boolean().optional(),
  releasedDevices: z.array(z.string()).optional(),
  rejoinedQueues: z.array(z.string()).optional(),
  rejoinedGroup: z.boolean().optional(),
  reassignedDevices: z.array(z.string()).optional(),
  callerIdRestored: z.boolean().optional(),
  notes: z.array(z.string()).optional(),
  lost: z.array(z.string()).optional(),
});
export type Progress = z.infer<typeof Progress>;

/** The request's progress; throws StoredShapeError naming the request when it cannot be read. */
export function readProgress(request: Pick<ProvisioningRequest, 'id' | 'progress'>): Progress {
  return parseStored(Progress, request.progress ?? {}, `request #${request.id}`, 'progress');
}

/** As readProgress, for what only shows or counts a request (a report, a metric): {} when unreadable. */
export function peekProgress(request: Pick<ProvisioningRequest, 'progress'>): Progress {
  return peekStored(Progress, request.progress ?? {}) ?? {};
}
