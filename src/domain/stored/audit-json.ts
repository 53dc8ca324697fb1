// AuditLog.before, .after and .detail: whatever the change was, as JSON (the log is append-only and
// shown back as JSON text by /phone audit, so any JSON value is a valid entry).
import { z } from 'zod';

export const AuditJson = z.json();
export type AuditJson = z.infer<typeof AuditJson>;
