// Structured JSON logs (pino). Every line written while handling a Slack request, a webhook or a job carries
// that unit of work's request id (AsyncLocalStorage), and no line can carry a configured secret: known
// secret fields are redacted, and as a last line of defence every secret value is scrubbed from the
// serialised line before it is written.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

const context = new AsyncLocalStorage<{ requestId: string }>();

export function withRequestId<T>(fn: () => T, requestId: string = randomUUID().slice(0, 12)): T {
  return context.run({ requestId }, fn);
}

export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId;
}

const REDACT = [
  'token',
  'access_token',
  'authorization',
  'Authorization',
  'headers.authorization',
  'req.headers.authorization',
  'secret',
  'clientSecret',
  'client_secret',
  'signingSecret',
  'botToken',
  'appToken',
  'password',
  '*.token',
  '*.access_token',
  '*.authorization',
  '*.secret',
  '*.clientSecret',
  '*.signingSecret',
  '*.password',
];

/** Values scrubbed from every log line; tokens obtained at run time (Zoom access tokens) are added too. */
export class SecretSet {
  private readonly values = new Set<string>();
  private readonly runtime: string[] = [];

  constructor(initial: (string | undefined)[] = []) {
    for (const v of initial) this.add(v);
  }

  add(value: string | undefined): void {
    if (typeof value === 'string' && value.length >= 6) this.values.add(value);
  }

  /** A rotating secret: only the newest few are kept. */
  addRuntime(value: string): void {
    this.add(value);
    this.runtime.push(value);
    if (this.runtime.length > 10) this.values.delete(this.runtime.shift()!);
  }

  [Symbol.iterator](): Iterator<string> {
    return this.values[Symbol.iterator]();
  }
}

export function createLogger(opts: { level: string; secrets?: SecretSet; destination?: DestinationStream }): Logger {
  const secrets = opts.secrets ?? new SecretSet();
  return pino(
    {
      level: opts.level,
      base: { app: 'phonebot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT, censor: '[redacted]' },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      hooks: {
        streamWrite: (line) => {
          let out = line;
          for (const s of secrets) if (out.includes(s)) out = out.split(s).join('[redacted]');
          return out;
        },
      },
    },
    opts.destination,
  );
}
