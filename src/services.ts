// What listeners, jobs and the CLI are handed: the configured parts of a running phonebot.
import type { Env } from './config/env.js';
import type { Db } from './db/database.js';
import type { CatalogCache } from './domain/catalog.js';
import type { ProvisioningWorker } from './domain/provisioning/worker.js';
import type { RequestListener } from './domain/provisioning/types.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import type { ZoomApi } from './zoom/api.js';

export interface Services {
  config: Env;
  db: Db;
  zoom: ZoomApi;
  catalog: CatalogCache;
  listener: RequestListener;
  worker: ProvisioningWorker;
  log: Logger;
  metrics: Metrics;
  sandbox: boolean;
  now(): Date;
}
