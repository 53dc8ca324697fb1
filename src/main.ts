// `npm start`: configuration → a running phonebot, stopped cleanly on SIGINT/SIGTERM.
import v8 from 'node:v8';
import { ConfigError } from './config/env.js';
import { loadConfig } from './config/load.js';
import { DataDirBusyError } from './db/datadir-lock.js';
import { compilePgliteWasm } from './db/pglite-wasm.js';

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig({ slack: true, zoom: true });
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, 2);
    throw err;
  }
  if (!config.DATABASE_URL) {
    // The embedded database is PostgreSQL compiled to a 9 MB WebAssembly module. V8's optimising tier
    // recompiles its hot start-up paths on every start: ~0.3 s of CPU before /healthz and ~55 MB of RSS
    // kept for the life of the process (docs/benchmarks.md), for SQL ~10–15 % faster afterwards — a poor
    // trade for a bot that is idle most of the day. Set before the first module is compiled (PGlite opens
    // below); tests and benchmarks that build the bot in-process keep V8's defaults.
    v8.setFlagsFromString('--liftoff-only');
  }
  // PostgreSQL's wasm compiles in the background while the rest of the bot (Bolt, Prisma, …) is loaded:
  // app.js is imported only now, so its modules load after the compile has started.
  const pgliteWasmModule = config.DATABASE_URL ? undefined : compilePgliteWasm();
  const { startPhonebot } = await import('./app.js');
  let bot;
  try {
    bot = await startPhonebot(config, { database: { pgliteWasmModule } });
  } catch (err) {
    if (err instanceof DataDirBusyError) fail(err.message, 1);
    const slackError = (err as { data?: { error?: string } }).data?.error;
    if (slackError === 'invalid_auth' || slackError === 'not_authed' || slackError === 'account_inactive') {
      fail(
        `phonebot cannot start: Slack rejected SLACK_BOT_TOKEN (${slackError}). Copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page (see README.md#create-the-slack-app).`,
        2,
      );
    }
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      fail(`phonebot cannot start: port ${config.PORT} is in use; set PORT to a free port.`, 1);
    fail(`phonebot could not start: ${(err as Error).message}`, 1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    bot.log.info({ signal }, 'stopping');
    await bot.stop();
    process.exit(0);
  };
  // A stray rejection is logged, not fatal: every unit of work is durable and will be retried.
  process.on('unhandledRejection', (err) => bot.log.error({ err }, 'unhandled rejection'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

void main();
