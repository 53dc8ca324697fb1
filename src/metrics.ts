// What GET /metrics exposes, through prom-client. Every value here lives in memory: counters and histograms
// are updated where things happen, and the figures that come from the database (open requests, queue depth,
// stuck requests) are copied in by metrics-snapshot.ts on its own timer. A scrape therefore never queries the
// database — /metrics is unauthenticated by default and must stay cheap however often it is hit.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestListener } from './domain/provisioning/types.js';
import { peekProgress } from './domain/stored/index.js';
import type { ZoomCallEvent } from './zoom/http.js';

// Process metrics (CPU, memory, event-loop lag, GC) belong to the process, not to one bot: tests and the
// benchmarks start several bots in one process, and each collector adds observers that are never removed.
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** A queue whose length is known in memory and read at scrape time (e.g. Zoom calls waiting for the pacer). */
export type LiveQueue = () => number;

export class Metrics {
  readonly registry = new Registry();
  private readonly liveQueues = new Map<string, LiveQueue>();
  private snapshotAt = 0;

  readonly commands = new Counter({
    name: 'phonebot_commands_total',
    help: 'Slack commands by command and outcome',
    labelNames: ['command', 'outcome'],
    registers: [this.registry],
  });
  readonly slackRequests = new Counter({
    name: 'phonebot_slack_requests_total',
    help: 'Inbound Slack HTTP requests by result',
    labelNames: ['result'],
    registers: [this.registry],
  });
  // Slack gives up on an answer after 3 s; the buckets are dense below that.
  readonly ackSeconds = new Histogram({
    name: 'phonebot_slack_ack_seconds',
    help: 'Time from a Slack request arriving to its acknowledgement (HTTP mode), by kind: command, interaction, event',
    labelNames: ['kind'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers: [this.registry],
  });
  readonly zoomWebhookSeconds = new Histogram({
    name: 'phonebot_zoom_webhook_response_seconds',
    help: 'Time phonebot takes to answer a Zoom webhook delivery',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
    registers: [this.registry],
  });
  readonly zoomCalls = new Counter({
    name: 'phonebot_zoom_calls_total',
    help: 'Zoom API calls by rate-limit label and HTTP status',
    labelNames: ['label', 'family', 'status'],
    registers: [this.registry],
  });
  readonly zoomCallSeconds = new Histogram({
    name: 'phonebot_zoom_call_duration_seconds',
    help: 'Duration of one Zoom API call (pacing waits excluded) by rate-limit label and HTTP status',
    labelNames: ['label', 'family', 'status'],
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
    registers: [this.registry],
  });
  readonly zoomRateLimited = new Counter({
    name: 'phonebot_zoom_rate_limited_total',
    help: 'Zoom answers 429 (rate limit reached) by rate-limit label',
    labelNames: ['label', 'family'],
    registers: [this.registry],
  });
  readonly activationSeconds = new Histogram({
    name: 'phonebot_activation_to_ready_seconds',
    help: 'Time from learning that an invitee accepted (webhook or sweep) to their phone being ready',
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900],
    registers: [this.registry],
  });
  readonly openRequests = new Gauge({
    name: 'phonebot_open_requests',
    help: 'Provisioning requests not finished, by status',
    labelNames: ['status'],
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'phonebot_queue_depth',
    help: 'Work waiting: provisioning = requests due now, outbox = Slack messages not yet delivered, zoom_pacer = Zoom calls waiting for the rate limiter',
    labelNames: ['queue'],
    registers: [this.registry],
    collect: () => {
      for (const [queue, read] of this.liveQueues) this.queueDepth.set({ queue }, read());
    },
  });
  readonly requestsStuck = new Gauge({
    name: 'phonebot_requests_stuck',
    help: 'Queued requests due (or claimed) for longer than the worker lease without finishing: no worker is taking them, or a run hangs',
    registers: [this.registry],
  });
  readonly requestsStuckOldest = new Gauge({
    name: 'phonebot_requests_stuck_oldest_seconds',
    help: 'How long the oldest stuck request has been due (0 when none)',
    registers: [this.registry],
  });
  readonly snapshotAge = new Gauge({
    name: 'phonebot_metrics_snapshot_age_seconds',
    help: 'Age of the database figures above (open requests, queue depth, stuck); grows while the database is unreachable',
    registers: [this.registry],
    collect: () => {
      if (this.snapshotAt) this.snapshotAge.set((Date.now() - this.snapshotAt) / 1000);
    },
  });

  readonly contentType = this.registry.contentType;

  observeZoomCall(e: ZoomCallEvent): void {
    const labels = { label: e.label, family: e.family, status: String(e.status) };
    this.zoomCalls.inc(labels);
    this.zoomCallSeconds.observe(labels, e.durationMs / 1000);
    if (e.status === 429) this.zoomRateLimited.inc({ label: e.label, family: e.family });
  }

  liveQueue(queue: string, read: LiveQueue): void {
    this.liveQueues.set(queue, read);
  }

  /** Called by the snapshot after each successful read of the database. */
  snapshotTaken(at = Date.now()): void {
    this.snapshotAt = at;
  }

  async render(): Promise<string> {
    return `${await this.registry.metrics()}\n${await processMetrics().metrics()}`;
  }
}

/** Observes activation → phone ready whenever a request that waited for an acceptance is done. */
export function timeActivations(inner: RequestListener, metrics: Metrics): RequestListener {
  return {
    onDrift: (tx, notice) => inner.onDrift(tx, notice),
    async onRequestEvent(tx, event) {
      await inner.onRequestEvent(tx, event);
      const at = peekProgress(event.request).activatedAt;
      if (event.type === 'done' && typeof at === 'string')
        metrics.activationSeconds.observe(Math.max(0, Date.now() - Date.parse(at)) / 1000);
    },
  };
}
