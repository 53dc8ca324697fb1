// The parts of phonebot that do the work, without the Slack listeners or the HTTP server: the bot builds
// its listeners on top of this, and the CLI uses it alone to run a job when no bot is running.
import { randomBytes } from 'node:crypto';
import { WebClient } from '@slack/web-api';
import type { DestinationStream } from 'pino';
import type { Env } from './config/env.js';
import { type Database, openDatabase } from './db/database.js';
import { CatalogCache } from './domain/catalog.js';
import { ProvisioningEngine, type StepTable } from './domain/provisioning/engine.js';
import { batchRunner, verifyRunner } from './domain/provisioning/batch-add.js';
import { ProvisioningWorker } from './domain/provisioning/worker.js';
import { createLogger, type Logger, SecretSet } from './log.js';
import { Metrics, timeActivations } from './metrics.js';
import { ChangeFeed } from './domain/changes.js';
import type { Services } from './services.js';
import { SlackNotifier } from './slack/notifier.js';
import { slackAdminNotifier } from './slack/admin-notifier.js';
import { enqueue, Outbox } from './slack/outbox.js';
import { frame } from './slack/render/blocks.js';
import { ZoomReadyApi } from './zoom/ready-api.js';
import { type LoadedProfiles, loadProfiles } from './config/profiles.js';
import type { ZoomEmulator } from './zoom/emulator/index.js';
import { ZoomHttp } from './zoom/http.js';
import { TokenProvider } from './zoom/oauth.js';

export interface CoreOptions {
  logDestination?: DestinationStream;
  /** Test hooks: PGlite in memory / from a dump instead of DATA_DIR. */
  database?: { pgliteMemory?: boolean; pgliteDump?: Blob; pgliteWasmModule?: Promise<WebAssembly.Module | undefined> };
  role?: 'bot' | 'cli';
  workerConcurrency?: number;
  /** How long a claimed request is the worker's before another may take it over (default 120 s); renewed while it runs. */
  workerLeaseMs?: number;
  now?: () => Date;
  steps?: Record<string, StepTable>;
  log?: Logger;
  /** First pause before a failed step is tried again (default 2 s, doubling); tests shorten it. */
  retryBaseMs?: number;
  /** Role profiles instead of PHONEBOT_PROFILES (tests). */
  profiles?: LoadedProfiles;
  /** Zoom request timeout (default 20 s); fault-injection tests shorten it. */
  zoomTimeoutMs?: number;
}

export interface Core {
  services: Services;
  database: Database;
  outbox: Outbox;
  slackClient: WebClient;
  emulator?: ZoomEmulator;
  webhookSecret?: string;
  log: Logger;
  close(): Promise<void>;
}

export function slackClientOptions(config: Env) {
  return {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    // Message delivery retries through the outbox; here only quick retries of transient failures.
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1_000 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  };
}

export function configSecrets(config: Env): SecretSet {
  return new SecretSet([
    config.SLACK_BOT_TOKEN,
    config.SLACK_SIGNING_SECRET,
    config.SLACK_APP_TOKEN,
    config.ZOOM_CLIENT_SECRET,
    config.ZOOM_WEBHOOK_SECRET_TOKEN,
    config.METRICS_TOKEN,
    config.DATABASE_URL ? new URL(config.DATABASE_URL).password : undefined,
  ]);
}

export async function buildCore(config: Env, opts: CoreOptions = {}): Promise<Core> {
  const secrets = configSecrets(config);
  const log = opts.log ?? createLogger({ level: config.LOG_LEVEL, secrets, destination: opts.logDestination });
  const cleanup: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const fn of cleanup.reverse())
      await fn().catch((err) => log.warn({ err: (err as Error).message }, 'error while stopping'));
  };
  try {
    const database = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      role: opts.role ?? 'bot',
      pglite: {
        memory: opts.database?.pgliteMemory,
        loadDataDir: opts.database?.pgliteDump,
        wasmModule: opts.database?.pgliteWasmModule,
      },
    });
    cleanup.push(() => database.close());
    if (database.fromTemplate)
      log.info({ dataDir: config.DATA_DIR }, "embedded database created from the build's migrated template");
    if (database.applied.length) log.info({ migrations: database.applied }, 'database migrated');

    const sandbox = config.ZOOM_MODE === 'sandbox';
    let emulator: ZoomEmulator | undefined;
    let creds = {
      accountId: config.ZOOM_ACCOUNT_ID ?? '',
      clientId: config.ZOOM_CLIENT_ID ?? '',
      clientSecret: config.ZOOM_CLIENT_SECRET ?? '',
    };
    let apiUrl = config.ZOOM_API_URL;
    let oauthUrl = config.ZOOM_OAUTH_URL;
    let webhookSecret = config.ZOOM_WEBHOOK_SECRET_TOKEN;
    if (sandbox) {
      // A simulated Zoom account inside the process: a new admin can try everything without credentials.
      const { startZoomEmulator } = await import('./zoom/emulator/index.js');
      creds = {
        accountId: 'sandbox-account',
        clientId: 'sandbox-client',
        clientSecret: randomBytes(16).toString('hex'),
      };
      emulator = await startZoomEmulator({
        ...creds,
        seed: 'default',
        phoneUserProvisioningDelayMs: 500,
        log: (msg, extra) => log.debug({ component: 'zoom-sandbox', ...extra }, msg),
      });
      cleanup.push(() => emulator!.close());
      apiUrl = emulator.apiUrl;
      oauthUrl = emulator.oauthUrl;
      webhookSecret ??= randomBytes(16).toString('hex');
      secrets.add(creds.clientSecret);
      secrets.add(webhookSecret);
    }

    const metrics = new Metrics();
    const zoomHttp = new ZoomHttp({
      apiUrl,
      tokens: new TokenProvider({ oauthUrl, ...creds }, fetch, undefined, (token) => secrets.addRuntime(token)),
      plan: config.ZOOM_RATE_PLAN,
      timeoutMs: opts.zoomTimeoutMs,
      onCall: (e) => metrics.observeZoomCall(e),
    });
    metrics.liveQueue('zoom_pacer', () => zoomHttp.waitingForPacer);
    const zoom = new ZoomReadyApi(zoomHttp);
    const slackClient = new WebClient(config.SLACK_BOT_TOKEN, slackClientOptions(config));
    const outbox = new Outbox(database.prisma, slackClient, log);
    const changes = new ChangeFeed(
      timeActivations(
        new SlackNotifier({ adminChannel: config.PHONEBOT_ADMIN_CHANNEL ?? '', sandbox, kick: () => outbox.kick() }),
        metrics,
      ),
    );
    const listener = changes;
    const catalog = new CatalogCache(zoom);
    const profiles = opts.profiles ?? loadProfiles(config.PHONEBOT_PROFILES, sandbox);
    const engine = new ProvisioningEngine({
      db: database.prisma,
      zoom,
      catalog,
      listener,
      log,
      now: opts.now,
      steps: opts.steps,
      maxAttempts: config.PHONEBOT_MAX_STEP_ATTEMPTS,
      retryBaseMs: opts.retryBaseMs,
      extensionRange: config.PHONEBOT_EXTENSION_RANGE,
    });
    const batchDeps = { db: database.prisma, zoom, listener, log, catalog };
    const worker = new ProvisioningWorker(
      database.prisma,
      engine,
      log,
      { concurrency: opts.workerConcurrency ?? 16, leaseMs: opts.workerLeaseMs },
      batchRunner(batchDeps),
      verifyRunner(batchDeps),
    );
    const services: Services = {
      notify: slackAdminNotifier(config.PHONEBOT_ADMIN_CHANNEL ?? '', () => services),
      post: async (message) => {
        await enqueue(database.prisma, { ...message, payload: frame(message.payload, sandbox) });
        outbox.kick();
      },
      config,
      db: database.prisma,
      zoom,
      catalog,
      listener,
      changes,
      worker,
      log,
      metrics,
      sandbox,
      profiles,
      slackClient,
      now: opts.now ?? (() => new Date()),
    };
    return { services, database, outbox, slackClient, emulator, webhookSecret, log, close };
  } catch (err) {
    await close();
    throw err;
  }
}
