// Composition root: builds a running phonebot from its configuration. `npm start` calls this through
// src/main.ts; tests and benchmarks call it directly with their own configuration.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import type { Env } from './config/env.js';
import { type Database, openDatabase } from './db/database.js';
import { CatalogCache } from './domain/catalog.js';
import { ProvisioningEngine, type StepTable } from './domain/provisioning/engine.js';
import { OPEN_STATUSES } from './domain/provisioning/types.js';
import { ProvisioningWorker } from './domain/provisioning/worker.js';
import { ReplayGuard } from './http/replay-guard.js';
import { createHttpServer } from './http/server.js';
import { createLogger, type Logger } from './log.js';
import { Metrics } from './metrics.js';
import type { Services } from './services.js';
import { Approvers } from './slack/approvers.js';
import { createSlackApp, type SlackApp } from './slack/bolt-app.js';
import type { SlackContext } from './slack/context.js';
import { register as registerCommands } from './slack/listeners/commands/index.js';
import { SlackNotifier } from './slack/notifier.js';
import { Outbox } from './slack/outbox.js';
import { ZoomApi } from './zoom/api.js';
import type { ZoomEmulator } from './zoom/emulator/index.js';
import { ZoomHttp } from './zoom/http.js';
import { TokenProvider } from './zoom/oauth.js';
import { zoomWebhookRoute } from './zoom/webhook-route.js';

export interface StartOptions {
  /** Log destination (tests capture logs); default stdout. */
  logDestination?: DestinationStream;
  /** Test hooks: PGlite in memory / from a dump instead of DATA_DIR. */
  database?: { pgliteMemory?: boolean; pgliteDump?: Blob };
  /** Background loops (worker, outbox, scheduler); tests of single steps may turn them off. */
  background?: boolean;
  workerConcurrency?: number;
  now?: () => Date;
  /** Extra step machines by request kind (lifecycle operations). */
  steps?: Record<string, StepTable>;
}

export interface Phonebot {
  readonly url: string;
  readonly port: number;
  readonly services: Services;
  readonly database: Database;
  readonly slack: SlackApp;
  readonly emulator?: ZoomEmulator;
  readonly log: Logger;
  stop(): Promise<void>;
}

async function startSandbox(log: Logger): Promise<{ emulator: ZoomEmulator; creds: { accountId: string; clientId: string; clientSecret: string } }> {
  const { startZoomEmulator } = await import('./zoom/emulator/index.js');
  const creds = { accountId: 'sandbox-account', clientId: 'sandbox-client', clientSecret: randomBytes(16).toString('hex') };
  const emulator = await startZoomEmulator({ ...creds, seed: 'default', phoneUserProvisioningDelayMs: 500, log: (msg, extra) => log.debug({ component: 'zoom-sandbox', ...extra }, msg) });
  return { emulator, creds };
}

export async function startPhonebot(config: Env, opts: StartOptions = {}): Promise<Phonebot> {
  const sandbox = config.ZOOM_MODE === 'sandbox';
  const log = createLogger({
    level: config.LOG_LEVEL,
    secrets: [config.SLACK_BOT_TOKEN, config.SLACK_SIGNING_SECRET, config.SLACK_APP_TOKEN, config.ZOOM_CLIENT_SECRET, config.ZOOM_WEBHOOK_SECRET_TOKEN, config.DATABASE_URL ? new URL(config.DATABASE_URL).password : undefined],
    destination: opts.logDestination,
  });
  const cleanup: (() => Promise<unknown>)[] = [];
  const stopAll = async () => {
    for (const fn of cleanup.reverse()) await fn().catch((err) => log.warn({ err: (err as Error).message }, 'error while stopping'));
  };
  try {
    const database = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      role: 'bot',
      pglite: { memory: opts.database?.pgliteMemory, loadDataDir: opts.database?.pgliteDump },
    });
    cleanup.push(() => database.close());
    if (database.applied.length) log.info({ migrations: database.applied }, 'database migrated');

    let emulator: ZoomEmulator | undefined;
    let zoomCreds = { accountId: config.ZOOM_ACCOUNT_ID!, clientId: config.ZOOM_CLIENT_ID!, clientSecret: config.ZOOM_CLIENT_SECRET! };
    let apiUrl = config.ZOOM_API_URL;
    let oauthUrl = config.ZOOM_OAUTH_URL;
    let webhookSecret = config.ZOOM_WEBHOOK_SECRET_TOKEN;
    if (sandbox) {
      const started = await startSandbox(log);
      emulator = started.emulator;
      cleanup.push(() => started.emulator.close());
      zoomCreds = started.creds;
      apiUrl = emulator.apiUrl;
      oauthUrl = emulator.oauthUrl;
      webhookSecret ??= randomBytes(16).toString('hex');
    }

    const metrics = new Metrics();
    const tokens = new TokenProvider({ oauthUrl, ...zoomCreds });
    const zoom = new ZoomApi(
      new ZoomHttp({
        apiUrl,
        tokens,
        plan: config.ZOOM_RATE_PLAN,
        onCall: (e) => metrics.zoomCalls.inc({ label: e.label, family: e.family, status: String(e.status) }),
      }),
    );

    const slack = await createSlackApp(config, log);
    const outbox = new Outbox(database.prisma, slack.app.client, log);
    const notifier = new SlackNotifier({ adminChannel: config.PHONEBOT_ADMIN_CHANNEL!, sandbox, kick: () => outbox.kick() });
    const engine = new ProvisioningEngine({ db: database.prisma, zoom, listener: notifier, log, now: opts.now, steps: opts.steps });
    const worker = new ProvisioningWorker(database.prisma, engine, log, { concurrency: opts.workerConcurrency ?? 16 });
    const services: Services = {
      config,
      db: database.prisma,
      zoom,
      catalog: new CatalogCache(zoom),
      listener: notifier,
      worker,
      log,
      metrics,
      sandbox,
      now: opts.now ?? (() => new Date()),
    };
    metrics.gauge('phonebot_open_requests', 'Provisioning requests not finished, by status', async () => {
      const rows = await database.prisma.provisioningRequest.groupBy({ by: ['status'], where: { status: { in: [...OPEN_STATUSES] } }, _count: true });
      return Object.fromEntries(OPEN_STATUSES.map((st) => [st, rows.find((r) => r.status === st)?._count ?? 0]));
    });

    const approvers = new Approvers(config.PHONEBOT_ADMINS, config.PHONEBOT_APPROVER_GROUP, slack.app.client, log);
    const ctx: SlackContext = { s: services, approvers };
    registerCommands(slack.app, ctx);
    slack.app.error(async (err) => {
      log.error({ err: err.message, code: (err as { code?: string }).code }, 'Slack listener error');
    });

    const replay = new ReplayGuard(database.prisma);
    const server: Server = createHttpServer({
      slack: slack.httpHandler ? { signingSecret: config.SLACK_SIGNING_SECRET!, handler: slack.httpHandler, onResult: (result) => metrics.slackRequests.inc({ result }) } : undefined,
      zoomWebhook: zoomWebhookRoute(services, webhookSecret, replay),
      health: () => database.ping(),
      metrics: () => metrics.render(),
      replay,
      log,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.PORT, resolve);
    });
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const port = (server.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}`;
    if (emulator) emulator.setWebhook({ url: `${url}/zoom/webhook`, secretToken: webhookSecret! });

    await slack.start();
    cleanup.push(() => slack.stop());
    if (opts.background !== false) {
      worker.start();
      cleanup.push(() => worker.stop());
      outbox.start();
      cleanup.push(() => outbox.stop());
    }
    log.info({ port, mode: slack.socketMode ? 'socket' : 'http', database: database.kind, zoom: sandbox ? 'sandbox' : 'live' }, 'phonebot is running');
    return { url, port, services, database, slack, emulator, log, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
