// PhoneUser.snapshot (and RestoreDesired.snapshot, remove's progress.snapshot): what a phone user had,
// recorded at soft delete so restore can put back exactly that (provisioning/snapshot.ts takes it).
import { z } from 'zod';
import type { PhoneUser } from '../../db/records.js';
import { parseStored } from './json.js';

export const PhoneSnapshot = z.object({
  zoomUserId: z.string(),
  zoomStatus: z.string(),
  phoneStatus: z.string().optional(),
  extension: z.string().optional(),
  /** Zoom's id of the extension: a desk phone is unassigned from (and given back to) it. */
  extensionId: z.string().optional(),
  callingPlans: z.array(z.object({ type: z.number(), name: z.string().optional() })),
  phoneNumbers: z.array(z.string()),
  siteId: z.string().optional(),
  siteName: z.string().optional(),
  templateId: z.string().optional(),
  templateName: z.string().optional(),
  // What made them ready to take calls (issue 15); absent in snapshots taken before it.
  callQueues: z.array(z.object({ id: z.string(), name: z.string() })).default([]),
  sharedLineGroup: z.object({ id: z.string(), name: z.string() }).optional(),
  devices: z
    .array(z.object({ id: z.string(), displayName: z.string().optional(), mac: z.string().optional() }))
    .default([]),
  /** '' = hidden. */
  outboundCallerId: z.string().optional(),
  takenAt: z.string(),
});
export type PhoneSnapshot = z.infer<typeof PhoneSnapshot>;

/** The user's snapshot, or null when none was taken. */
export function readSnapshot(user: Pick<PhoneUser, 'email' | 'snapshot'>): PhoneSnapshot | null {
  if (user.snapshot === null) return null;
  return parseStored(PhoneSnapshot, user.snapshot, `phone user ${user.email}`, 'snapshot');
}

/** For display only: the snapshot if it reads, else undefined (one odd row must not break a whole view). */
export function peekSnapshot(snapshot: unknown): PhoneSnapshot | undefined {
  const parsed = PhoneSnapshot.safeParse(snapshot);
  return parsed.success ? parsed.data : undefined;
}
