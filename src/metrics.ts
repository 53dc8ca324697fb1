// Prometheus text exposition for GET /metrics: counters by label set, and gauges read at scrape time.

type Labels = Record<string, string>;

function key(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${String(labels[k]).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
}

class Counter {
  private readonly values = new Map<string, number>();
  constructor(readonly name: string, readonly help: string) {}
  inc(labels: Labels = {}, by = 1): void {
    const k = key(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [k, v] of this.values) lines.push(`${this.name}${k ? `{${k}}` : ''} ${v}`);
    return lines.join('\n');
  }
}

export class Metrics {
  readonly commands = new Counter('phonebot_commands_total', 'Slack commands by command and outcome');
  readonly zoomCalls = new Counter('phonebot_zoom_calls_total', 'Zoom API calls by rate-limit label and HTTP status');
  readonly slackRequests = new Counter('phonebot_slack_requests_total', 'Inbound Slack HTTP requests by result');
  private readonly gauges = new Map<string, { help: string; read: () => Promise<Record<string, number>> }>();

  gauge(name: string, help: string, read: () => Promise<Record<string, number>>): void {
    this.gauges.set(name, { help, read });
  }

  async render(): Promise<string> {
    const parts = [this.commands.render(), this.zoomCalls.render(), this.slackRequests.render()];
    for (const [name, g] of this.gauges) {
      const lines = [`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`];
      try {
        for (const [labelValue, v] of Object.entries(await g.read())) lines.push(`${name}${labelValue ? `{status="${labelValue}"}` : ''} ${v}`);
      } catch {
        // database unavailable: the gauge is simply absent from this scrape
      }
      parts.push(lines.join('\n'));
    }
    return `${parts.join('\n')}\n`;
  }
}
