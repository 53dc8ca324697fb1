// The one schema for phonebot's environment. Every variable is documented in .env.example; names are an
// interface (deployments set them), so rename nothing without a migration note.
import nodeCron from 'node-cron';
import { z } from 'zod';

const README_SETUP = 'README.md#create-the-slack-app';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const slackUserIds = z
  .string()
  .trim()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be Slack user IDs like U012ABCDEF, comma-separated')));

const boolish = (def: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
    .default(def ? 'true' : 'false')
    .transform((v) => (v === '' ? def : ['true', '1', 'yes'].includes(v)));

const positiveInt = (def: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().positive().max(max).default(def);

const cronExpression = (def: string) =>
  z
    .string()
    .trim()
    .default(def)
    .superRefine((value, ctx) => {
      const detail = nodeCron.validateDetailed(value);
      if (!detail.valid) {
        const why = detail.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
        ctx.addIssue({
          code: 'custom',
          message: `is not a valid cron expression (${why || 'unparseable'}); e.g. "0 3 * * *"`,
        });
      }
    });

const url = (def: string) =>
  z
    .string()
    .trim()
    .pipe(z.url({ message: 'must be a URL such as https://example.com/' }))
    .default(def);
const optionalUrl = optionalString.pipe(
  z.url({ message: 'must be a URL such as http://127.0.0.1:9000/api/' }).optional(),
);

const extensionRange = z
  .string()
  .trim()
  .default('1000-9999')
  .transform((v, ctx) => {
    const m = /^(\d{3,6})-(\d{3,6})$/.exec(v);
    if (!m || m[1]!.length !== m[2]!.length || Number(m[1]) > Number(m[2])) {
      ctx.addIssue({
        code: 'custom',
        message: 'must look like 1000-9999 (two numbers of 3 to 6 digits, same length, low-high)',
      });
      return z.NEVER;
    }
    return { from: Number(m[1]), to: Number(m[2]), digits: m[1]!.length };
  });

const timezone = z
  .string()
  .trim()
  .default('UTC')
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'is not an IANA time zone such as Europe/London');

export const envSchema = z.object({
  SLACK_BOT_TOKEN: optionalString.pipe(
    z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.pipe(
    z.string().startsWith('xapp-', 'must be an app-level token starting with xapp-').optional(),
  ),
  SLACK_API_URL: optionalUrl,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Set → GET /metrics answers only `Authorization: Bearer <token>`. */
  METRICS_TOKEN: optionalString.pipe(
    z.string().min(16, 'must be at least 16 characters (e.g. the output of `openssl rand -hex 32`)').optional(),
  ),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave it unset for the embedded database)')
      .optional(),
  ),
  DATA_DIR: z.string().trim().default('./data'),
  ZOOM_MODE: z.enum(['live', 'sandbox']).default('live'),
  ZOOM_ACCOUNT_ID: optionalString,
  ZOOM_CLIENT_ID: optionalString,
  ZOOM_CLIENT_SECRET: optionalString,
  ZOOM_API_URL: url('https://api.zoom.us/v2'),
  ZOOM_OAUTH_URL: url('https://zoom.us/oauth/token'),
  ZOOM_WEBHOOK_SECRET_TOKEN: optionalString,
  ZOOM_RATE_PLAN: z.enum(['pro', 'business']).default('business'),
  PHONEBOT_ADMINS: slackUserIds,
  PHONEBOT_APPROVER_GROUP: optionalString.pipe(
    z
      .string()
      .regex(/^S[A-Z0-9]{2,}$/, 'must be a Slack user group ID like S012ABCDEF')
      .optional(),
  ),
  PHONEBOT_ALLOW_SELF_APPROVAL: boolish(false),
  PHONEBOT_REQUEST_TTL_DAYS: positiveInt(7, 365),
  /** Open requests one non-approver may have at once: each holds an extension, a number and a seat. */
  PHONEBOT_MAX_OPEN_REQUESTS: positiveInt(3, 1000),
  PHONEBOT_ADMIN_CHANNEL: optionalString.pipe(
    z
      .string()
      .regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel ID like C012ABCDEF')
      .optional(),
  ),
  PHONEBOT_EXTENSION_RANGE: extensionRange,
  /** The role-profile file (config/profiles.ts); unset = ./profiles.yaml when it exists. */
  PHONEBOT_PROFILES: optionalString,
  PHONEBOT_DEFAULT_COUNTRY: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as US')
    .default('US'),
  PHONEBOT_CSV_MAX_BYTES: positiveInt(10 * 1024 * 1024),
  PHONEBOT_CSV_MAX_ROWS: positiveInt(10_000),
  /** How long downloading an uploaded CSV from Slack may take before the uploader is told to share it again. */
  PHONEBOT_CSV_DOWNLOAD_TIMEOUT_MS: positiveInt(60_000, 600_000),
  PHONEBOT_SOFT_DELETE_DAYS: positiveInt(30, 3650),
  /** Tries of one provisioning step (Zoom outages, rate limits aside) before its request fails. */
  PHONEBOT_MAX_STEP_ATTEMPTS: positiveInt(8, 100),
  PHONEBOT_PENDING_REMIND_AFTER_HOURS: positiveInt(48),
  PHONEBOT_TIMEZONE: timezone,
  PHONEBOT_CRON_PURGE: cronExpression('0 3 * * *'),
  PHONEBOT_CRON_PENDING_REMINDERS: cronExpression('0 9 * * 1-5'),
  PHONEBOT_CRON_ACTIVATION_SWEEP: cronExpression('*/5 * * * *'),
  PHONEBOT_CRON_REQUEST_EXPIRY: cronExpression('0 * * * *'),
  /** The drift report (phonebot vs Zoom), posted to the admin channel only when something differs. Weekly by default. */
  PHONEBOT_CRON_DRIFT: cronExpression('0 7 * * 1'),
  PHONEBOT_CRON_ADDRESS_REMINDERS: cronExpression('0 9 * * 1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.output<typeof envSchema>;

/** What a command needs from the environment: the bot needs everything, `migrate` only the database. */
export type Needs = { slack?: boolean; zoom?: boolean };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
  }
}

function formatProblems(problems: string[]): string {
  const lines = problems.map((p) => `  - ${p}`);
  return [
    `phonebot cannot start: ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}`,
    ...lines,
  ].join('\n');
}

// Never echo a value: a mistyped secret in an error message is still a secret.
function describeIssue(issue: z.core.$ZodIssue): string {
  const name = issue.path.join('.') || '(environment)';
  return `${name} ${issue.message.replace(/^Invalid input: /, '')}`;
}

export function parseEnv(raw: Record<string, string | undefined>, needs: Needs = { slack: true, zoom: true }): Env {
  const result = envSchema.safeParse(raw);
  const problems: string[] = result.success ? [] : result.error.issues.map(describeIssue);
  const env = result.success ? result.data : undefined;
  const val = (k: keyof Env) => (env ? env[k] : raw[k]?.trim() || undefined);

  if (needs.slack) {
    // Socket Mode receives events over a websocket opened with the app token: nothing to sign.
    const required = val('SLACK_APP_TOKEN')
      ? (['SLACK_BOT_TOKEN'] as const)
      : (['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'] as const);
    const missing = required.filter((k) => !val(k) && !problems.some((p) => p.startsWith(k)));
    if (missing.length) {
      problems.push(
        `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing: create the Slack app from manifests/slack-app.yaml and copy its tokens (see ${README_SETUP})`,
      );
    }
    if (!val('PHONEBOT_ADMIN_CHANNEL') && !problems.some((p) => p.startsWith('PHONEBOT_ADMIN_CHANNEL'))) {
      problems.push(
        'PHONEBOT_ADMIN_CHANNEL is missing: the channel ID where approvals, reminders and reports go (right-click the channel → Copy link; the ID starts with C)',
      );
    }
    const admins = env?.PHONEBOT_ADMINS ?? [];
    if (env && admins.length === 0 && !val('PHONEBOT_APPROVER_GROUP')) {
      problems.push(
        'PHONEBOT_ADMINS is empty: list at least one Slack user ID (profile → ⋮ → Copy member ID) or set PHONEBOT_APPROVER_GROUP',
      );
    }
  }
  if (needs.zoom && val('ZOOM_MODE') !== 'sandbox') {
    const missing = (['ZOOM_ACCOUNT_ID', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET'] as const).filter((k) => !val(k));
    if (missing.length) {
      problems.push(
        `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing: create a Server-to-Server OAuth app on marketplace.zoom.us (see README.md#zoom-credentials), or set ZOOM_MODE=sandbox to try phonebot against a built-in fake Zoom account`,
      );
    }
  }
  if (problems.length || !env) throw new ConfigError(problems);
  return env;
}
