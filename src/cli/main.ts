// `npm run phonebot -- <command>`: see HELP in ./commands.ts.
import pino from 'pino';
import { ConfigError, type Needs } from '../config/env.js';
import { loadConfig } from '../config/load.js';
import { buildCore } from '../core.js';
import { DataDirBusyError, readLock } from '../db/datadir-lock.js';
import path from 'node:path';
import { askRunningBot } from './control.js';
import { csvCheck, zoomConfigured } from './csv-check.js';
import { HELP, runCliCommand, UsageError } from './commands.js';

function needsFor(args: string[]): Needs {
  if (args[0] === 'migrate' || args[0] === 'csv' || (args[0] === 'jobs' && args[1] === 'list')) return {};
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
  if (args[0] === 'csv' && args[1] === 'check' && args[2]) {
    // A relative path means the caller's directory, wherever the command ends up running.
    args = [...args.slice(0, 2), path.resolve(args[2]), ...args.slice(3)];
    // Without Zoom there is nothing to look up: the file alone, no database opened.
    if (!zoomConfigured(config)) {
      try {
        return await csvCheck(
          config,
          undefined,
          args[2]!,
          args.includes('--mode') ? (args[args.indexOf('--mode') + 1] as 'add' | 'update') : undefined,
          { write: (t) => process.stdout.write(t) },
        );
      } catch (err) {
        process.stderr.write(`csv check: ${(err as Error).message}\n`);
        return 1;
      }
    }
  }
  if (args[0] === 'export' && args.includes('--out')) {
    // The file is written by whichever process runs the command (maybe the bot): give it the caller's path.
    const i = args.indexOf('--out');
    if (args[i + 1]) args = [...args.slice(0, i + 1), path.resolve(args[i + 1]!), ...args.slice(i + 2)];
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
