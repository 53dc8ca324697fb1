// What listeners, jobs and the CLI are handed: the configured parts of a running phonebot.
import type { WebClient } from '@slack/web-api';
import type { Env } from './config/env.js';
import type { Db } from './db/database.js';
import type { CatalogCache } from './domain/catalog.js';
import type { ChangeFeed } from './domain/changes.js';
import type { ProvisioningWorker } from './domain/provisioning/worker.js';
import type { RequestListener } from './domain/provisioning/types.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import type { OutboxMessage } from './slack/outbox.js';
import type { ZoomApi } from './zoom/api.js';

export interface Services {
  /** Stores a Slack message for delivery (see slack/outbox.ts). */
  post(message: OutboxMessage): Promise<void>;
  config: Env;
  db: Db;
  zoom: ZoomApi;
  catalog: CatalogCache;
  listener: RequestListener;
  /** Who each change concerns, for views kept up to date (App Home); `listener` is what feeds it. */
  changes: ChangeFeed;
  worker: ProvisioningWorker;
  log: Logger;
  metrics: Metrics;
  sandbox: boolean;
  /** Slack Web API client for calls made outside a listener (modals opened from commands, uploads). */
  slackClient: WebClient;
  now(): Date;
}
