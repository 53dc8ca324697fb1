import type { PortalControls } from './portal.js';
import type { EmulatorState } from './state.js';
import type { SeedData } from './seed.js';

export type RatePlan = 'pro' | 'business';
export type RateLimitLabel = 'Light' | 'Medium' | 'Heavy' | 'Resource-intensive';
export type ApiFamily = 'phone' | 'general' | 'oauth';

export interface WebhookTarget {
  url: string;
  secretToken: string;
}

export interface ZoomEmulatorOptions {
  port?: number;
  host?: string;
  accountId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Which rate-limit tables apply (docs/reference/zoom-api.md §3). */
  plan?: RatePlan;
  rateLimits?: boolean;
  /** false = bare 429s without X-RateLimit-* / Retry-After (Zoom's current docs list no headers). */
  rateLimitHeaders?: boolean;
  latencyMs?: Latency;
  /** Enabling Zoom Phone is async: the phone user becomes visible after this many (real) milliseconds. */
  phoneUserProvisioningDelayMs?: number;
  webhook?: WebhookTarget;
  seed?: 'default' | 'empty' | SeedData;
  now?: () => Date;
  tokenTtlSeconds?: number;
  dailyUserCreateCap?: number;
  log?: (msg: string, extra?: object) => void;
  // Additions beyond the agreed interface (all optional):
  /**
   * Override a bucket's size, in requests per the label's own window (per second; per minute for
   * Resource-intensive), so client tests can reach a limit cheaply.
   */
  rateLimitOverrides?: Partial<Record<'phone' | 'general', Partial<Record<RateLimitLabel, number>>>>;
  /** Delays between webhook retries. Zoom uses 5, 20 and 60 minutes; tests want milliseconds. */
  webhookRetryDelaysMs?: number[];
  /** Zoom expects an answer within 3 s; a slower receiver counts as a network failure (retried). */
  webhookTimeoutMs?: number;
}

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  /** 0 when a fault reset the connection or never answered. */
  status: number;
  label: RateLimitLabel | 'none';
  family: ApiFamily;
  body?: unknown;
  at: Date;
  trackingId: string;
  /** Set when an injected fault decided the outcome. */
  fault?: FaultKind;
}

export type FaultKind = 'status' | 'reset' | 'timeout' | 'empty';

export interface FaultSpec {
  method?: string;
  /** A string matches the exact path (with or without the /v2 prefix); a RegExp is tested against the full path. */
  path?: string | RegExp;
  /** How many matching calls the fault applies to; default 1. */
  times?: number;
  kind: FaultKind;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /**
   * Apply the request's side effects first, then lose the response (reset/timeout) or replace it
   * (status/empty). Without it a fault never touches state.
   */
  afterEffect?: boolean;
}

export interface WebhookDelivery {
  event: string;
  requestId: string;
  attempt: number;
  url: string;
  /** HTTP status of the receiver's answer; undefined on a network error or timeout. */
  status?: number;
  error?: string;
  at: Date;
}

export interface UrlValidationResult {
  ok: boolean;
  plainToken: string;
  expectedEncryptedToken: string;
  status?: number;
  response?: unknown;
  error?: string;
}

export interface ZoomEmulator {
  readonly baseUrl: string;
  readonly apiUrl: string;
  readonly oauthUrl: string;
  readonly state: EmulatorState;
  readonly calls: RecordedCall[];
  acceptInvitation(emailOrId: string): Promise<void>;
  /** Changes made outside phonebot (web portal, SCIM, the invitee): see portal.ts. */
  readonly portal: PortalControls;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  expireTokens(): void;
  setWebhook(webhook: WebhookTarget | undefined): void;
  close(): Promise<void>;
  // Additions beyond the agreed interface:
  /** Every webhook delivery attempt, in order. */
  readonly webhookDeliveries: WebhookDelivery[];
  /** Resolves once every queued webhook (including its retries) has been attempted. */
  flushWebhooks(): Promise<void>;
  /** Sends an endpoint.url_validation challenge to the configured webhook URL and checks the answer. */
  validateWebhookUrl(): Promise<UrlValidationResult>;
  /**
   * Changes how slowly Zoom answers from now on (every API and OAuth call; control endpoints stay fast):
   * a fixed delay, a range, or undefined for the start-up setting. Also `POST /_emulator/latency`.
   */
  setLatency(latency: Latency | undefined): void;
  /** The delay in force. */
  readonly latency: Latency | undefined;
}

export type Latency = number | { min: number; max: number };
