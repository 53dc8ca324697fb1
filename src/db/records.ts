// The one door to Prisma's generated client for the rest of phonebot: the stored records' types and the
// Prisma namespace (raw SQL fragments, JSON null markers, known request errors). Only src/db imports the
// generated client directly (eslint.config.js enforces it), so a change of generator or output path stays here.
export { Prisma } from '../generated/prisma/client.js';
export type {
  AuditLog,
  Batch,
  BatchRow,
  PhoneUser,
  ProvisioningRequest,
  Reservation,
  SlackMessage,
} from '../generated/prisma/client.js';
