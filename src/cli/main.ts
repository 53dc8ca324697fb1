// `npm run phonebot -- <command>`: see HELP in ./commands.ts.
import pino from 'pino';
import { ConfigError, type Needs } from '../config/env.js';
import { loadConfig } from '../config/load.js';
import { buildCore } from '../core.js';
import { DataDirBusyError, readLock } from '../db/datadir-lock.js';
import { askRunningBot } from './control.js';
import { HELP, runCliCommand, UsageError } from './commands.js';

function needsFor(args: string[]): Needs {
  if (args[0] === 'migrate' || (args[0] === 'jobs' && args[1] === 'list')) return {};
  return { zoom: true };
}

async function main(args: string[]): Promise<number> {
  if (args.length === 0 || ['help', '--help', '-h'].includes(args[0]!)) {
    process.stdout.write(HELP);
    return 0;
  }
  let config;
  try {
    config = loadConfig(needsFor(args));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (!config.DATABASE_URL) {
    const holder = readLock(config.DATA_DIR);
    if (holder?.role === 'bot') {
      const { exitCode, output } = await askRunningBot(config.DATA_DIR, args);
      process.stdout.write(output);
      return exitCode;
    }
  }
  let core;
  try {
    // Logs go to stderr so stdout carries only the command's answer.
    core = await buildCore(config, { role: 'cli', workerConcurrency: 8, logDestination: pino.destination(2) });
  } catch (err) {
    if (err instanceof DataDirBusyError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
  try {
    return await runCliCommand({ core, inBot: false }, args, { write: (t) => process.stdout.write(t) });
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`usage: ${err.message}\nRun \`npm run phonebot -- help\` for the commands.\n`);
      return 64;
    }
    throw err;
  } finally {
    await core.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`phonebot: ${err.message}\n`);
    process.exit(1);
  },
);
