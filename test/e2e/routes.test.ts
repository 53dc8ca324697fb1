// The edges of phonebot that anyone can reach, and what they show: Slack's escaped command text decoded
// before parsing (issue 10 §13), cheap unauthenticated routes — /metrics behind METRICS_TOKEN and never
// querying the database, oversized bodies refused before they are read, the control socket private from
// its first moment (§14) — and the prom-client metrics, `phonebot_requests_stuck` included (§5, issue 13 §5).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askRunningBot, controlSocketPath, startControlServer } from '../../src/cli/control.js';
import { type Harness, startHarness } from '../support/harness.js';
import { eventually, flows } from '../support/flows.js';
import { settle } from '../support/eventually.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const RD_SITE = { id: 'SiteRandDAAAAAAAAAAAAA', name: 'R&D Lab', country: { code: 'US', name: 'United States' } };

let h: Harness;
let f: ReturnType<typeof flows>;
beforeAll(async () => {
  // A short lease so a slow Zoom call makes a request "stuck" within a test; the /metrics figures that come
  // from the database are refreshed every 50 ms so the test need not wait 15 s.
  h = await startHarness({ env: { METRICS_TOKEN }, start: { workerLeaseMs: 300, metricsRefreshMs: 50 } });
  f = flows(h);
  h.zoom.state.sites.push(structuredClone(RD_SITE));
});
afterAll(async () => {
  await h?.stop();
});

async function scrape(
  token: string | null = METRICS_TOKEN,
): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${h.bot.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** The value of one sample of the exposition text, `labels` matched as a subset; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

async function metricEventually(
  name: string,
  labels: Record<string, string>,
  ok: (v: number) => boolean,
  what: string,
): Promise<number> {
  return eventually(async () => {
    const v = sample((await scrape()).text, name, labels);
    return v !== undefined && ok(v) ? v : undefined;
  }, what);
}

/** Sends a POST that announces `declared` bytes and writes only `sent`; resolves with the status phonebot answers. */
function postPartial(url: string, declared: number | undefined, sent: number, timeoutMs = 3_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (declared !== undefined) headers['content-length'] = declared;
    const req = request(url, { method: 'POST', headers });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms: the body was being read`));
    }, timeoutMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    // The server may close the connection while we still write: that is the point.
    req.on('error', () => {});
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let left = sent;
    const pump = () => {
      while (left > 0 && !req.destroyed) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!req.write(chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      if (declared === undefined && !req.destroyed) req.end();
    };
    pump();
  });
}

describe("Slack's escaping in slash-command text", () => {
  it('decodes &amp; &lt; &gt; before parsing: site "R&D Lab" works and names reach Zoom without entities', async () => {
    // The admin types:  add dana@example.com site "R&D Lab" first "Dana & Co" last "O<Neil>"
    // Slack delivers & < > typed by a person as entities:
    await f.mark();
    await h.command(
      'add dana@example.com ext 2401 plan 200 site "R&amp;D Lab" first "Dana &amp; Co" last "O&lt;Neil&gt;"',
    );
    const invited = await eventually(() => h.zoom.state.findUser('dana@example.com'), 'dana invited in Zoom');
    expect(invited).toMatchObject({ firstName: 'Dana & Co', lastName: 'O<Neil>' });
    // Accept only once phonebot waits for it (a webhook that beats the commit is left to the sweep).
    await eventually(
      async () =>
        (await f
          .db()
          .provisioningRequest.findFirst({ where: { email: 'dana@example.com', status: 'waiting_activation' } })) ??
        undefined,
      'the add to wait for activation',
    );
    await h.zoom.acceptInvitation('dana@example.com');
    expect((await f.settled('dana@example.com', 'add', { untilDone: true })).status).toBe('done');
    expect(f.zoomPhoneState('dana@example.com')).toMatchObject({ extension: '2401', siteId: RD_SITE.id, plans: [200] });
    const record = await f.db().phoneUser.findUniqueOrThrow({ where: { email: 'dana@example.com' } });
    expect(JSON.stringify(record)).not.toMatch(/&amp;|&lt;|&gt;/);

    // Decoded once only: "&lt;" typed by a person (sent as &amp;lt;) stays the text "&lt;", shown back in
    // mrkdwn with phonebot's own single escaping.
    const reply = await f.replyTo('add erin@example.com site "Lab &amp;lt;1&amp;gt;"');
    expect(reply).toMatch(/site "Lab &amp;lt;1&amp;gt;" does not exist/);
  });
});

describe('/metrics', () => {
  it('requires the bearer token when METRICS_TOKEN is set', async () => {
    expect((await scrape(null)).status).toBe(401);
    const wrong = await scrape('not-the-token-at-all-0000');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    // The token is a secret: never in the logs.
    expect(h.logs.join('')).not.toContain(METRICS_TOKEN);
  });

  it('exposes process metrics and histograms for ack latency, Zoom calls, activation; counters keep their names', async () => {
    const text = (await scrape()).text;
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ])
      expect(sample(text, name), name).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'phonebot_commands_total', { command: 'add', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'phonebot_slack_requests_total', { result: 'accepted' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'phonebot_slack_ack_seconds_count', { kind: 'command' })).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'phonebot_slack_ack_seconds_bucket', { kind: 'command', le: '+Inf' })).toBeGreaterThanOrEqual(
      2,
    );
    expect(
      sample(text, 'phonebot_zoom_calls_total', { label: 'light', family: 'phone', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'phonebot_zoom_call_duration_seconds_count', { label: 'light', family: 'phone', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'phonebot_zoom_call_duration_seconds_bucket', {
        label: 'light',
        family: 'phone',
        status: '200',
        le: '20',
      }),
    ).toBeGreaterThanOrEqual(1);
    // dana's acceptance arrived by webhook; her phone was ready after it.
    expect(sample(text, 'phonebot_activation_to_ready_seconds_count')).toBe(1);
    expect(sample(text, 'phonebot_zoom_webhook_response_seconds_count')).toBeGreaterThanOrEqual(1);
    for (const queue of ['provisioning', 'outbox', 'zoom_pacer'])
      expect(sample(text, 'phonebot_queue_depth', { queue }), queue).toBeGreaterThanOrEqual(0);
    for (const status of ['awaiting_approval', 'queued', 'waiting_activation'])
      expect(sample(text, 'phonebot_open_requests', { status }), status).toBe(0);

    // docs/grafana-dashboard.json charts only metrics this endpoint exposes.
    const dashboard = JSON.parse(
      readFileSync(path.join(import.meta.dirname, '../../docs/grafana-dashboard.json'), 'utf8'),
    ) as { panels: { targets?: { expr: string }[] }[] };
    const exposed = new Set(
      [...text.matchAll(/^# TYPE (\S+) (\w+)$/gm)].flatMap((m) =>
        m[2] === 'histogram' ? ['_bucket', '_count', '_sum'].map((x) => m[1] + x) : [m[1]!],
      ),
    );
    const charted = new Set(
      dashboard.panels
        .flatMap((p) => p.targets ?? [])
        .flatMap((t) => t.expr.match(/\b(phonebot|process|nodejs)_\w+/g) ?? []),
    );
    expect(charted.size).toBeGreaterThan(15);
    expect([...charted].filter((name) => !exposed.has(name))).toEqual([]);
  });

  it('phonebot_requests_stuck shows a request running longer than its lease, then 0 once it finishes; 429s are counted', async () => {
    await h.bot.services.zoom.createUser({ email: 'slowpoke@example.com' });
    await h.zoom.portal.acceptInvitation('slowpoke@example.com', { webhook: false });
    expect(sample((await scrape()).text, 'phonebot_requests_stuck')).toBe(0);
    // Zoom sits on one call for 2.5 s and then answers 429: the run outlasts its 300 ms lease many times over.
    // (The command's own checks read Zoom before the request exists; the worker's first write is the settings PATCH.)
    h.zoom.injectFault({
      method: 'PATCH',
      path: /\/users\/[^/]+\/settings$/,
      kind: 'status',
      status: 429,
      delayMs: 2_500,
      headers: { 'retry-after': '0' },
    });
    await f.mark();
    await h.command('add slowpoke@example.com ext 2402 plan 200');
    await metricEventually('phonebot_requests_stuck', {}, (v) => v === 1, 'the stuck gauge to show the slow request');
    expect(sample((await scrape()).text, 'phonebot_requests_stuck_oldest_seconds')).toBeGreaterThan(0.3);
    expect((await f.settled('slowpoke@example.com', 'add')).status).toBe('done');
    await metricEventually('phonebot_requests_stuck', {}, (v) => v === 0, 'the stuck gauge back to 0');
    const text = (await scrape()).text;
    expect(text.split('\n').filter((l) => l.startsWith('phonebot_zoom_rate_limited_total{'))).toHaveLength(1);
    expect(text).toMatch(/^phonebot_zoom_rate_limited_total\{label="medium",family="general"\} 1$/m);
  });
});

describe('request bodies over the limit', () => {
  it('/slack/events answers 413 from the Content-Length, before reading the body', async () => {
    // 5 MiB announced, 64 KiB sent: an answer can only come from the header.
    expect(await postPartial(`${h.bot.url}/slack/events`, 5 * 1024 * 1024, 64 * 1024)).toBe(413);
  });

  it('/slack/events answers 413 to a chunked body as soon as it passes 1 MiB', async () => {
    expect(await postPartial(`${h.bot.url}/slack/events`, undefined, 1024 * 1024 + 64 * 1024)).toBe(413);
  });

  it('/zoom/webhook answers 413 from the Content-Length too, and normal requests still work', async () => {
    expect(await postPartial(`${h.bot.url}/zoom/webhook`, 2 * 1024 * 1024, 1024)).toBe(413);
    expect(await f.replyTo('help')).toMatch(/\/phone/);
  });
});

describe('the control socket', () => {
  it('is created with mode 0600 from the start, not chmod-ed afterwards', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'phonebot-sock-'));
    const socket = controlSocketPath(dir);
    // Observe the socket the moment bind() returns, before any code after listen() could fix its mode.
    const seen: number[] = [];
    const proto = net.Server.prototype as { listen: (...args: unknown[]) => unknown };
    const listen = proto.listen;
    proto.listen = function (this: net.Server, ...args: unknown[]) {
      const out = listen.apply(this, args);
      if (args[0] === socket) seen.push(statSync(socket).mode & 0o777);
      return out;
    };
    // A common umask: a socket bound under it would be 0755.
    const umask = process.umask(0o022);
    let server: net.Server | undefined;
    try {
      server = await startControlServer(h.bot.core, dir);
    } finally {
      proto.listen = listen;
      process.umask(umask);
    }
    try {
      expect(seen).toEqual([0o600]);
      expect(statSync(socket).mode & 0o777).toBe(0o600);
      // The umask is the process's again, and the CLI still reaches the bot through the socket.
      expect(process.umask()).toBe(umask);
      const answer = await askRunningBot(dir, ['jobs', 'list']);
      expect(answer.exitCode).toBe(0);
      expect(answer.output).toMatch(/purge/);
    } finally {
      await new Promise<void>((resolve) => server!.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Last: it takes the database away from this bot.
describe('/metrics without the database', () => {
  it('answers with the last figures while the database is down: a scrape does no query', async () => {
    const before = await scrape();
    expect(sample(before.text, 'phonebot_open_requests', { status: 'queued' })).toBe(0);
    await h.bot.database.close();
    expect((await fetch(`${h.bot.url}/healthz`)).status).toBe(503);
    for (let i = 0; i < 5; i++) {
      const res = await scrape();
      expect(res.status).toBe(200);
      for (const status of ['awaiting_approval', 'queued', 'waiting_activation'])
        expect(sample(res.text, 'phonebot_open_requests', { status }), status).toBe(0);
      expect(sample(res.text, 'phonebot_requests_stuck')).toBe(0);
      expect(sample(res.text, 'phonebot_queue_depth', { queue: 'provisioning' })).toBe(0);
    }
    // The figures say how old they are.
    await settle(300);
    expect(sample((await scrape()).text, 'phonebot_metrics_snapshot_age_seconds')).toBeGreaterThan(0.2);
  });
});
