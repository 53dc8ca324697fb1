// Builds the Bolt app: HTTP mode (phonebot's own server hands verified /slack/events requests to Bolt's
// HTTPReceiver) or Socket Mode when SLACK_APP_TOKEN is set. Slack's Web API base URL comes from
// SLACK_API_URL so tests and emulators can stand in for slack.com.
import type { RequestListener } from 'node:http';
import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Env } from '../config/env.js';
import { slackClientOptions } from '../core.js';
import type { Logger } from '../log.js';

function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  let level: LogLevel = LogLevel.INFO;
  const fmt = (msg: unknown[]) =>
    msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...m) => child.debug(fmt(m)),
    info: (...m) => child.info(fmt(m)),
    warn: (...m) => child.warn(fmt(m)),
    error: (...m) => child.error(fmt(m)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export interface SlackApp {
  app: App;
  /** HTTP mode: the handler for verified POST /slack/events requests. */
  httpHandler?: RequestListener;
  socketMode: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function createSlackApp(config: Env, log: Logger): Promise<SlackApp> {
  const clientOptions: WebClientOptions = slackClientOptions(config);
  const logger = boltLogger(log);
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  let app: App;
  let httpHandler: RequestListener | undefined;
  if (socketMode) {
    app = new App({
      token: config.SLACK_BOT_TOKEN,
      appToken: config.SLACK_APP_TOKEN,
      socketMode: true,
      clientOptions,
      logger,
      deferInitialization: true,
      convoStore: false,
    });
  } else {
    const receiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET!,
      endpoints: '/slack/events',
      logger,
      processBeforeResponse: false,
    });
    // No conversation store: phonebot keeps its state in its database, and the store costs every request.
    app = new App({
      token: config.SLACK_BOT_TOKEN,
      receiver,
      clientOptions,
      logger,
      deferInitialization: true,
      convoStore: false,
    });
    httpHandler = receiver.requestListener;
  }
  // auth.test: a wrong token is reported at start, not at the first command.
  await app.init();
  return {
    app,
    httpHandler,
    socketMode,
    start: async () => {
      if (socketMode) await app.start();
    },
    stop: async () => {
      if (socketMode) await app.stop();
    },
  };
}
