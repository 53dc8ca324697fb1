export { startZoomEmulator, ROUTES } from './server.js';
export type {
  ApiFamily,
  FaultKind,
  FaultSpec,
  Latency,
  RateLimitLabel,
  RatePlan,
  RecordedCall,
  UrlValidationResult,
  WebhookDelivery,
  WebhookTarget,
  ZoomEmulator,
  ZoomEmulatorOptions,
} from './types.js';
export { EmulatorState, INVITATION_TTL_MS } from './state.js';
export type {
  AccountRecord,
  CallQueueRecord,
  CallingPlanRecord,
  DeviceRecord,
  EmergencyAddressRecord,
  GroupNumberRecord,
  ProvisionTemplateRecord,
  SharedLineGroupRecord,
  CallingPlanUsage,
  PhoneNumberRecord,
  PhoneProfileRecord,
  SiteRecord,
  TemplateRecord,
  UserRecord,
  UserStatus,
  UserType,
} from './state.js';
export {
  defaultSeed,
  emptySeed,
  ALICE_ID,
  BOB_ID,
  CAROL_ID,
  SITE_MAIN_ID,
  SITE_LONDON_ID,
  CALL_QUEUE_SALES_ID,
  SHARED_LINE_GROUP_FRONT_ID,
} from './seed.js';
export { MAX_DEVICES_PER_USER, canonicalMac } from './routes/devices.js';
export { MAX_MEMBERS_PER_CALL } from './routes/groups.js';
export type { SeedData, SeedUser, SeedPhoneProfile } from './seed.js';
export { RATE_LIMIT_LABELS } from './rate-limit-labels.js';
export { BATCH_PLAN_NAMES } from './routes/plans.js';
export { signWebhook, urlValidationToken } from './webhooks.js';
export { PAGE_TOKEN_TTL_MS } from './pagination.js';
