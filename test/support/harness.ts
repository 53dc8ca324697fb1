// Starts the whole product for an end-to-end test: the Zoom emulator, the Slack fake, and phonebot in HTTP
// mode talking to both over HTTP, on PGlite (or PostgreSQL when DATABASE_URL is set).
import { Writable } from 'node:stream';
import { type Phonebot, startPhonebot, type StartOptions } from '../../src/app.js';
import { parseEnv } from '../../src/config/env.js';
import { startZoomEmulator, type ZoomEmulator, type ZoomEmulatorOptions } from '../../src/zoom/emulator/index.js';
import { sendCommand, startSlackFake, type SlackFake, type SlackFakeOptions } from '../fakes/slack/index.js';
import { pgliteDump, testDatabase } from './database.js';

export const ADMIN = 'UADMIN01';
export const ADMIN2 = 'UADMIN02';
export const REQUESTER = 'UREQ0001';
export const OUTSIDER = 'UOUT0001';
export const ADMIN_CHANNEL = 'CADMIN01';
export const GENERAL = 'CGENERAL';
export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const WEBHOOK_SECRET = 'zoom-webhook-secret-abcdef';

export interface Harness {
  bot: Phonebot;
  zoom: ZoomEmulator;
  slack: SlackFake;
  logs: string[];
  env: Record<string, string>;
  /** Sends a signed /phone command as `user` from `channel`. */
  command(
    text: string,
    opts?: { user?: string; channel?: string },
  ): Promise<{ status: number; body: string; json?: unknown; responseUrl: string }>;
  /** Everything posted to a response_url handed out by `command`. */
  responsesTo(responseUrl: string): unknown[];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  zoom?: ZoomEmulatorOptions;
  slack?: SlackFakeOptions;
  env?: Record<string, string>;
  start?: StartOptions;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const zoom = await startZoomEmulator({ webhookRetryDelaysMs: [50, 100], ...opts.zoom });
  const slack = await startSlackFake({
    users: [
      { id: ADMIN, name: 'ada', email: 'ada@corp.example', is_admin: true },
      { id: ADMIN2, name: 'grace', email: 'grace@corp.example', is_admin: true },
      { id: REQUESTER, name: 'rita', email: 'rita@corp.example' },
      { id: OUTSIDER, name: 'otto', email: 'otto@corp.example' },
    ],
    channels: [
      { id: ADMIN_CHANNEL, name: 'phone-admins', members: ['UBOT', ADMIN, ADMIN2] },
      { id: GENERAL, name: 'general', members: ['UBOT', ADMIN, REQUESTER, OUTSIDER] },
    ],
    ...opts.slack,
  });
  const db = await testDatabase();
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    PORT: '0',
    ZOOM_MODE: 'live',
    ZOOM_ACCOUNT_ID: 'emu-account',
    ZOOM_CLIENT_ID: 'emu-client-id',
    ZOOM_CLIENT_SECRET: 'emu-client-secret',
    ZOOM_API_URL: zoom.apiUrl,
    ZOOM_OAUTH_URL: zoom.oauthUrl,
    ZOOM_WEBHOOK_SECRET_TOKEN: WEBHOOK_SECRET,
    PHONEBOT_ADMINS: `${ADMIN},${ADMIN2}`,
    PHONEBOT_ADMIN_CHANNEL: ADMIN_CHANNEL,
    PHONEBOT_EXTENSION_RANGE: '2000-2999',
    LOG_LEVEL: 'info',
    ...(db.url ? { DATABASE_URL: db.url } : {}),
    ...opts.env,
  };
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  let bot: Phonebot;
  try {
    bot = await startPhonebot(parseEnv(env), {
      logDestination: destination,
      database: { pgliteMemory: true, pgliteDump: pgliteDump() },
      ...opts.start,
    });
  } catch (err) {
    await Promise.allSettled([zoom.close(), slack.close(), db.drop()]);
    throw err;
  }
  zoom.setWebhook({ url: `${bot.url}/zoom/webhook`, secretToken: WEBHOOK_SECRET });
  return {
    bot,
    zoom,
    slack,
    logs,
    env,
    async command(text, o = {}) {
      const responseUrl = slack.responseUrl();
      const user = o.user ?? ADMIN;
      const res = await sendCommand(bot.url, SIGNING_SECRET, {
        text,
        user_id: user,
        channel_id: o.channel ?? GENERAL,
        response_url: responseUrl,
        trigger_id: slack.triggerId({ user }),
      });
      return { ...res, responseUrl };
    },
    responsesTo(responseUrl) {
      const id = responseUrl.split('/').pop();
      return slack
        .responses()
        .filter((r) => r.id === id)
        .map((r) => r.body);
    },
    async stop() {
      await bot.stop();
      await Promise.allSettled([zoom.close(), slack.close()]);
      await db.drop();
    },
  };
}

/** The visible text of a Slack message payload (text + every block's text), for assertions. */
export function textOf(payload: unknown): string {
  const parts: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') return;
    if (Array.isArray(v)) return v.forEach(walk);
    if (v && typeof v === 'object') {
      for (const [k, val] of Object.entries(v)) {
        if (k === 'text' && typeof val === 'string') parts.push(val);
        else walk(val);
      }
    }
  };
  walk(payload);
  return parts.join('\n');
}
