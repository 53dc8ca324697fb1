// Composition root of the bot: the core (database, Zoom, provisioning, outbox) plus the Slack listeners,
// the HTTP server, the background loops and the scheduler. `npm start` calls this through src/main.ts;
// tests and benchmarks call it with their own configuration.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Env } from './config/env.js';
import { type Core, type CoreOptions, buildCore } from './core.js';
import type { Database } from './db/database.js';
import { releaseAfterRestart } from './domain/recovery.js';
import { ReplayGuard } from './http/replay-guard.js';
import { createHttpServer } from './http/server.js';
import type { Logger } from './log.js';
import { startMetricsSnapshot } from './metrics-snapshot.js';
import type { Services } from './services.js';
import { Approvers } from './slack/approvers.js';
import { createSlackApp, type SlackApp } from './slack/bolt-app.js';
import type { SlackContext } from './slack/context.js';
import { WorkQueue } from './slack/work-queue.js';
import { type Listeners, registerListeners } from './slack/listeners/index.js';
import { HomeRefresher, type HomeRefreshOptions } from './slack/home-refresh.js';
import { HomeContentBuilder } from './domain/home.js';
import { BulkMonitor } from './slack/bulk-import.js';
import { PollingLoop } from './polling-loop.js';
import { startControlServer } from './cli/control.js';
import { Scheduler } from './jobs/scheduler.js';
import { reportStaleProfiles } from './domain/profiles/check.js';
import type { ZoomEmulator } from './zoom/emulator/index.js';
import { zoomWebhookRoute } from './zoom/webhook-route.js';

export interface StartOptions extends CoreOptions {
  /** Background loops (worker, outbox, scheduler); a test of a single step may turn them off. */
  background?: boolean;
  /** How often the database figures of /metrics are refreshed (default 15 s); tests shorten it. */
  metricsRefreshMs?: number;
  /** App Home refresh pacing (debounce, publishes a minute); tests shorten the debounce. */
  homeRefresh?: HomeRefreshOptions;
}

export type { Listeners } from './slack/listeners/index.js';

export interface Phonebot {
  readonly listeners: Listeners;
  readonly url: string;
  readonly port: number;
  readonly services: Services;
  readonly core: Core;
  readonly database: Database;
  readonly slack: SlackApp;
  readonly emulator?: ZoomEmulator;
  readonly log: Logger;
  stop(): Promise<void>;
}

export async function startPhonebot(config: Env, opts: StartOptions = {}): Promise<Phonebot> {
  const core = await buildCore(config, { ...opts, role: 'bot' });
  const { services, database, outbox, log } = core;
  const cleanup: (() => Promise<unknown>)[] = [() => core.close()];
  const stop = async () => {
    for (const fn of cleanup.reverse())
      await fn().catch((err) => log.warn({ err: (err as Error).message }, 'error while stopping'));
  };
  try {
    // Database figures for /metrics are read on a timer, never per scrape (see metrics-snapshot.ts).
    const stopSnapshot = startMetricsSnapshot({
      db: database.prisma,
      metrics: services.metrics,
      log,
      leaseMs: services.worker.leaseMs,
      intervalMs: opts.metricsRefreshMs,
    });
    cleanup.push(stopSnapshot);

    const slack = await createSlackApp(config, log);
    const approvers = new Approvers(config.PHONEBOT_ADMINS, config.PHONEBOT_APPROVER_GROUP, core.slackClient, log);
    const ctx: SlackContext = { s: services, approvers, work: new WorkQueue(4) };
    const home = new HomeRefresher(
      {
        content: new HomeContentBuilder(services),
        approvers,
        client: core.slackClient,
        log,
        now: services.now,
        sandbox: services.sandbox,
      },
      opts.homeRefresh,
    );
    cleanup.push(async () => home.stop());
    const unsubscribe = services.changes.subscribe((change) => home.changed(change));
    cleanup.push(async () => unsubscribe());
    const listeners: Listeners = registerListeners(slack.app, ctx, home);
    slack.app.error(async (err) => {
      log.error({ err: err.message, code: (err as { code?: string }).code }, 'Slack listener error');
    });

    const replay = new ReplayGuard(database.prisma, database.kind === 'postgres');
    const server: Server = createHttpServer({
      slack: slack.httpHandler
        ? {
            signingSecret: config.SLACK_SIGNING_SECRET!,
            handler: slack.httpHandler,
            dispatchCommand: (body) => slack.app.processEvent({ body, ack: async () => {} }),
            onResult: (result) => services.metrics.slackRequests.inc({ result }),
          }
        : undefined,
      zoomWebhook: zoomWebhookRoute(services, core.webhookSecret, replay),
      health: () => database.ping(),
      metrics: () => services.metrics.render(),
      metricsToken: config.METRICS_TOKEN,
      onAck: (kind, seconds) => services.metrics.ackSeconds.observe({ kind }, seconds),
      onZoomWebhook: (seconds) => services.metrics.zoomWebhookSeconds.observe(seconds),
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
    core.emulator?.setWebhook({ url: `${url}/zoom/webhook`, secretToken: core.webhookSecret! });

    await slack.start();
    cleanup.push(() => slack.stop());
    // Before the loops start, so nothing this process claims is released.
    if (database.kind === 'pglite') {
      const released = await releaseAfterRestart(database.prisma);
      if (released.requests + released.messages + released.batches > 0)
        log.info(released, 'resumed work the previous process left unfinished');
    }

    if (opts.background !== false) {
      services.worker.start();
      cleanup.push(() => services.worker.stop());
      outbox.start();
      cleanup.push(() => outbox.stop());
      const scheduler = new Scheduler(services);
      scheduler.start();
      cleanup.push(() => scheduler.stop());
      // Every name in the role profiles is checked against Zoom once the catalog can load; a stale profile
      // is told to the admin channel (and refused on use). Not awaited: Zoom being slow must not delay start.
      reportStaleProfiles(services).catch((err: unknown) =>
        services.log.warn({ err }, 'role profiles could not be checked against Zoom; they are checked again on use'),
      );
      const bulk = new BulkMonitor(services, core.slackClient, () => outbox.kick());
      bulk.start();
      cleanup.push(() => bulk.stop());
      // Seen signatures outlive their 5-minute window by a day, fired cron keys by a week.
      const housekeeping = new PollingLoop(
        async () => {
          await Promise.all([replay.prune(), scheduler.coordinator.prune()]);
        },
        {
          intervalMs: 3_600_000,
          pace: 'rate',
          runAtStart: false,
          unref: true,
          log,
          failureMessage: 'housekeeping failed',
        },
      );
      housekeeping.start();
      cleanup.push(() => housekeeping.stop());
    }
    if (database.kind === 'pglite' && !opts.database?.pgliteMemory) {
      const control = await startControlServer(core, config.DATA_DIR);
      cleanup.push(() => new Promise<void>((resolve) => control.close(() => resolve())));
    }
    log.info(
      {
        port,
        mode: slack.socketMode ? 'socket' : 'http',
        database: database.kind,
        zoom: services.sandbox ? 'sandbox' : 'live',
      },
      'phonebot is running',
    );
    return { url, port, services, core, database, slack, emulator: core.emulator, log, stop, listeners };
  } catch (err) {
    await stop();
    throw err;
  }
}
