// What the domain's use cases and the jobs are handed: configuration, the database and the ports (Zoom,
// the request listener, the admin notifier, the clock). Slack's own client and outbox are not in it: the
// Slack side adds them in src/services.ts for its listeners.
import type { Env } from '../config/env.js';
import type { LoadedProfiles } from '../config/profiles.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { CatalogCache } from './catalog.js';
import type { ChangeFeed } from './changes.js';
import type { AdminNotifier, ZoomPort } from './ports.js';
import type { RequestListener } from './provisioning/types.js';
import type { ProvisioningWorker } from './provisioning/worker.js';

export interface DomainServices {
  config: Env;
  db: Db;
  zoom: ZoomPort;
  catalog: CatalogCache;
  listener: RequestListener;
  /** Who each change concerns, for views kept up to date (App Home); `listener` is what feeds it. */
  changes: ChangeFeed;
  notify: AdminNotifier;
  worker: ProvisioningWorker;
  log: Logger;
  metrics: Metrics;
  sandbox: boolean;
  /** Role profiles read at start (PHONEBOT_PROFILES); checked against Zoom on use. */
  profiles: LoadedProfiles;
  now(): Date;
}
