// `phonebot export [--site <name>] [--out <file>]`: the same export as `/phone export`, from the command
// line. Read-only. The CSV goes to the file (a summary line to stdout) or, without --out, to stdout.
import { writeFileSync } from 'node:fs';
import { exportCsv } from '../csv/export.js';
import { audit } from '../domain/audit.js';
import { exportPhoneUsers } from '../domain/export.js';
import type { Services } from '../services.js';
import type { CliOutput } from './commands.js';

export async function cliExport(s: Services, opts: { site?: string; out?: string }, out: CliOutput): Promise<number> {
  const result = await exportPhoneUsers(s, { site: opts.site });
  if (!result.ok) {
    out.write(`${result.problem}\n`);
    return 1;
  }
  const csv = exportCsv(result.rows);
  await audit(s.db, {
    actor: 'cli',
    action: 'users.exported',
    target: result.site?.name ?? null,
    detail: { rows: result.rows.length, siteId: result.site?.id ?? null, file: opts.out ?? null },
  });
  if (!opts.out) {
    out.write(csv);
    return 0;
  }
  writeFileSync(opts.out, csv, { mode: 0o600 });
  out.write(
    `wrote ${result.rows.length} phone user(s)${result.site ? ` of ${result.site.name}` : ''} to ${opts.out}\n`,
  );
  return 0;
}
