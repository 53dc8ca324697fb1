// The CLI's commands, written against Services so they run the same way in the CLI process (no bot
// running, or PostgreSQL) and inside a running bot (asked over its control socket, embedded database).
import type { Core } from '../core.js';
import { runJob } from '../jobs/scheduler.js';
import { findJob, JOBS } from '../jobs/registry.js';
import { checkDrift } from '../domain/drift-check.js';
import { describeItem } from '../domain/drift-report.js';
import { csvCheck } from './csv-check.js';
import { cliExport } from './export.js';

export interface CliOutput {
  write(text: string): void;
}

export interface CliRun {
  core: Core;
  /** Where it runs: the bot has its own worker and outbox loops, the CLI drives them itself. */
  inBot: boolean;
}

export const HELP = `phonebot command line

  npm run phonebot -- migrate
      Apply pending database migrations (the bot also does this at start).
  npm run phonebot -- jobs list
      The scheduled jobs and their schedules.
  npm run phonebot -- jobs run <name> [--now <ISO time>] [--dry-run]
      Run a job now. --now runs it as if it were that time (what would happen on that date);
      --dry-run reports without changing anything.
  npm run phonebot -- csv check <file> [--mode add|update]
      Dry-run a CSV import: the file's rows, and with Zoom configured the account's state too (read-only).
      Prints the per-row report; exits 1 when any row is invalid.
  npm run phonebot -- drift [--json]
      Where phonebot's records and Zoom disagree (pending users Zoom no longer has or has activated, removed
      users active again, held values Zoom gave to someone else, provisioned users whose extension, plan or
      number differ) and the phone users phonebot never saw. Read-only; adopt differences from Slack with
      /phone drift. Exits 1 when something differs.
  npm run phonebot -- export [--site <name>] [--out <file>]
      Every phone user (or those of one site) as a CSV the update import reads back: edit cells, then
      upload the file in Slack (or check it with csv check --mode update). Read-only; to stdout without --out.
  npm run phonebot -- help

With the embedded database (no DATABASE_URL) and the bot running, commands are handed to the running
bot, which owns the database; otherwise they open the database themselves.
`;

export class UsageError extends Error {}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (!value || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return value;
}

export async function runCliCommand(run: CliRun, args: string[], out: CliOutput): Promise<number> {
  const [cmd, sub, ...rest] = args;
  const s = run.core.services;
  if (cmd === 'migrate') {
    // Opening the database applied what was pending; a running bot did so when it started.
    const applied = run.inBot ? [] : run.core.database.applied;
    out.write(
      applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}\n` : 'database is up to date\n',
    );
    return 0;
  }
  if (cmd === 'jobs' && sub === 'list') {
    for (const job of JOBS) out.write(`${job.name.padEnd(20)} ${job.schedule(s).padEnd(16)} ${job.description}\n`);
    return 0;
  }
  if (cmd === 'jobs' && sub === 'run') {
    const name = rest[0];
    const job = name ? findJob(name) : undefined;
    if (!job) throw new UsageError(`unknown job "${name ?? ''}"; jobs: ${JOBS.map((j) => j.name).join(', ')}`);
    const nowText = flag(rest, '--now');
    const now = nowText ? new Date(nowText) : undefined;
    if (now && Number.isNaN(now.getTime()))
      throw new UsageError(`--now "${nowText}" is not an ISO date/time such as 2026-12-24T09:00:00Z`);
    const dryRun = rest.includes('--dry-run');
    const report = await runJob(s, job, { now, dryRun });
    // No bot is running: deliver the messages the job produced before exiting.
    if (!run.inBot) await run.core.outbox.flush().catch(() => 0);
    out.write(
      `${job.name}${dryRun ? ' (dry run)' : ''}${now ? ` as of ${now.toISOString()}` : ''}: ${report.summary}\n`,
    );
    if (report.details) out.write(`${JSON.stringify(report.details, null, 2)}\n`);
    return 0;
  }
  if (cmd === 'csv' && sub === 'check') {
    const file = rest[0];
    if (!file) throw new UsageError('csv check needs a file name');
    const mode = flag(rest, '--mode');
    if (mode && mode !== 'add' && mode !== 'update') throw new UsageError('--mode is add or update');
    return csvCheck(s.config, run.core, file, mode as 'add' | 'update' | undefined, out);
  }
  if (cmd === 'drift') {
    const extra = [sub, ...rest].filter((a): a is string => a !== undefined && a !== '--json');
    if (extra.length) throw new UsageError(`drift takes only --json (got "${extra.join(' ')}")`);
    const report = await checkDrift({ db: s.db, zoom: s.zoom });
    if (args.includes('--json')) {
      out.write(
        `${JSON.stringify({ differences: report.items.map((item) => ({ ...item, ...describeItem(item) })), unseen: report.unseen, checked: report.checked }, null, 2)}\n`,
      );
    } else {
      out.write(
        `${report.items.length ? `${report.items.length} difference(s) between phonebot and Zoom:` : 'Zoom and phonebot agree on every record phonebot has.'}\n`,
      );
      for (const item of report.items) {
        const d = describeItem(item);
        out.write(`- [${item.kind}] ${d.title}\n    ${d.found}\n    adopting ${d.adopt}\n`);
      }
      out.write(
        `${report.unseen.length} phone user(s) in Zoom phonebot never saw${report.unseen.length ? ' (listed with --json)' : ''}.\n`,
      );
      const c = report.checked;
      out.write(
        `checked ${c.waiting} pending invitation(s), ${c.removed} removed user(s), ${c.holds} held value(s), ${c.provisioned} provisioned user(s) against ${c.zoomPhoneUsers} Zoom phone user(s); nothing was written to Zoom.\n`,
      );
    }
    return report.items.length ? 1 : 0;
  }
  if (cmd === 'export') {
    const rest2 = args.slice(1);
    const site = flag(rest2, '--site');
    const outFile = flag(rest2, '--out');
    const known = new Set(['--site', '--out', site, outFile]);
    const extra = rest2.filter((a) => !known.has(a));
    if (extra.length) throw new UsageError(`export takes --site <name> and --out <file> (got "${extra.join(' ')}")`);
    return cliExport(s, { site, out: outFile }, out);
  }
  throw new UsageError(`unknown command "${args.join(' ')}"`);
}
