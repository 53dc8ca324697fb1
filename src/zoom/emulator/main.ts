// Standalone Zoom emulator for sandbox mode and for tests running in another process:
//   npx tsx src/zoom/emulator/main.ts --port 9100 [--plan pro] [--latency 50-150]
//       [--webhook-url URL --webhook-secret SECRET] [--seed default|empty]
//       [--provisioning-delay MS] [--no-rate-limits] [--no-rate-limit-headers] [--verbose]
// Prints its URLs and credentials as KEY=value lines, then serves until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startZoomEmulator } from './server.js';
import type { ZoomEmulatorOptions } from './types.js';

function fail(message: string): never {
  process.stderr.write(`zoom-emulator: ${message}\n`);
  process.exit(2);
}

function parseLatency(raw: string | undefined): ZoomEmulatorOptions['latencyMs'] {
  if (raw === undefined) return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(raw);
  if (!m) fail(`--latency wants MS or MIN-MAX, got "${raw}"`);
  const min = Number(m[1]);
  return m[2] === undefined ? min : { min, max: Number(m[2]) };
}

function parseIntOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} wants a non-negative integer, got "${raw}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      plan: { type: 'string' },
      latency: { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
      seed: { type: 'string' },
      'provisioning-delay': { type: 'string' },
      'account-id': { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'no-rate-limits': { type: 'boolean' },
      'no-rate-limit-headers': { type: 'boolean' },
      verbose: { type: 'boolean' },
    },
  });
  if (values.plan !== undefined && values.plan !== 'pro' && values.plan !== 'business')
    fail('--plan must be pro or business');
  if (values.seed !== undefined && values.seed !== 'default' && values.seed !== 'empty')
    fail('--seed must be default or empty');
  if ((values['webhook-url'] === undefined) !== (values['webhook-secret'] === undefined))
    fail('--webhook-url and --webhook-secret go together');

  const emulator = await startZoomEmulator({
    port: parseIntOption('port', values.port) ?? 9100,
    host: values.host,
    plan: values.plan as 'pro' | 'business' | undefined,
    latencyMs: parseLatency(values.latency),
    webhook:
      values['webhook-url'] && values['webhook-secret']
        ? { url: values['webhook-url'], secretToken: values['webhook-secret'] }
        : undefined,
    seed: values.seed as 'default' | 'empty' | undefined,
    phoneUserProvisioningDelayMs: parseIntOption('provisioning-delay', values['provisioning-delay']),
    accountId: values['account-id'],
    clientId: values['client-id'],
    clientSecret: values['client-secret'],
    rateLimits: !values['no-rate-limits'],
    rateLimitHeaders: !values['no-rate-limit-headers'],
    log: values.verbose ? (msg, extra) => process.stderr.write(`${JSON.stringify({ msg, ...extra })}\n`) : undefined,
  });

  process.stdout.write(
    [
      `ZOOM_EMULATOR_BASE_URL=${emulator.baseUrl}`,
      `ZOOM_API_URL=${emulator.apiUrl}`,
      `ZOOM_OAUTH_URL=${emulator.oauthUrl}`,
      `ZOOM_ACCOUNT_ID=${values['account-id'] ?? 'emu-account'}`,
      `ZOOM_CLIENT_ID=${values['client-id'] ?? 'emu-client-id'}`,
      `ZOOM_CLIENT_SECRET=${values['client-secret'] ?? 'emu-client-secret'}`,
      '',
    ].join('\n'),
  );

  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
