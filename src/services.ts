// What Slack listeners and the CLI are handed: the domain's services plus Slack's own parts.
import type { WebClient } from '@slack/web-api';
import type { DomainServices } from './domain/services.js';
import type { OutboxMessage } from './slack/outbox.js';
import type { ZoomReadyApi } from './zoom/ready-api.js';

export interface Services extends DomainServices {
  /** The Zoom client itself (tests and the CLI read Zoom through it; the domain sees it as a ZoomPort). */
  zoom: ZoomReadyApi;
  /** Stores a Slack message for delivery (see slack/outbox.ts). */
  post(message: OutboxMessage): Promise<void>;
  /** Slack Web API client for calls made outside a listener (modals opened from commands, uploads). */
  slackClient: WebClient;
}
