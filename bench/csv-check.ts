// Benchmark for checkCsv: generates realistic 10k- and 100k-row files (emails, names, extensions, plan names,
// numbers in mixed formats with ~30% needing a fix, a few errors) in a temp dir, checks each streaming from
// disk, and prints rows, seconds, rows/s and peak RSS. Targets: 100k rows in ≤ 2 s and ≤ 250 MB peak RSS.
//   npx tsx bench/csv-check.ts [--json]
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkCsv } from '../src/csv/index.js';

const FIRST = [
  'Jane',
  'John',
  'María',
  'Chloé',
  'Wei',
  'Aisha',
  'Lars',
  'Priya',
  "O'Neil",
  'Søren',
  'Anna-Lena',
  'Kenji',
];
const LAST = [
  'Doe',
  'Smith',
  'García',
  'Müller',
  'Nguyen',
  'Okafor',
  'Kowalski',
  'Rossi',
  'Dubois',
  'Tanaka',
  'van der Berg',
  'Ó Briain',
];
const PLANS = ['US/CA Unlimited Calling', 'US/CA Metered Calling', 'Global Select', 'Pro Global Select', '200'];
const SITES = ['Main Site', 'London', 'Berlin', ''];
const AREAS = ['415', '212', '646', '312', '617', '206', '303', '512', '213', '305'];

// A small deterministic generator so every run checks the same file.
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function generate(rows: number): string {
  const rand = rng(42);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)]!;
  const lines = ['Email,First Name,Last Name,Extension,Calling Plan,Phone Number,Site,Notes'];
  for (let i = 0; i < rows; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    let email = `${first}.${last}.${i}@corp.example.com`.toLowerCase().replace(/[^a-z0-9.@-]/g, '');
    let ext = String(100000 + i);
    const area = AREAS[i % AREAS.length]!;
    const exchange = String(230 + Math.floor(i / 10000));
    const line = String(i % 10000).padStart(4, '0');
    let number = `+1${area}${exchange}${line}`;
    const r = rand();
    // ~30% need a fix: national formats, digits only, spaced international, padded cells, Excel ".0".
    if (r < 0.08) number = `(${area}) ${exchange}-${line}`;
    else if (r < 0.14) number = `${area}${exchange}${line}`;
    else if (r < 0.19) number = `+1 ${area} ${exchange} ${line}`;
    else if (r < 0.23) number = `${area}-${exchange}-${line}`;
    else if (r < 0.26) email = ` ${email.toUpperCase()}`;
    else if (r < 0.28) ext = `${ext}.0`;
    else if (r < 0.3) number = rand() < 0.5 ? 'auto' : ` ${number} `;
    // A few errors: a broken address, Excel scientific notation, a duplicate extension, a formula name.
    else if (r < 0.302) email = email.replace('@', ' at ');
    else if (r < 0.304) number = '1.4155E+10';
    else if (r < 0.306) ext = '100001';
    const name = r > 0.9995 ? '=HYPERLINK("x")' : first;
    lines.push(
      [email, name, last, ext, pick(PLANS), number, pick(SITES), rand() < 0.1 ? 'started Monday, desk 4' : '']
        .map(quote)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function run(file: string, rows: number) {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const check = await checkCsv(createReadStream(file), {
    defaultCountry: 'US',
    maxRows: rows,
    maxBytes: 100 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  const errors = check.rows.filter((r) => r.errors.length).length;
  const fixed = check.rows.filter((r) => !r.errors.length && r.fixes.length).length;
  if (check.headerProblem || check.fileProblem || check.rowCount !== rows)
    throw new Error(`unexpected result: ${check.headerProblem ?? check.fileProblem ?? check.rowCount}`);
  // CPU time next to wall time shows when other processes on the machine slowed the run.
  return {
    rows: check.rowCount,
    seconds: +seconds.toFixed(3),
    cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(3),
    rowsPerSecond: Math.round(rows / seconds),
    peakRssMb: Math.round(peak / 1048576),
    errors,
    fixed,
  };
}

const json = process.argv.includes('--json');
const dir = mkdtempSync(path.join(tmpdir(), 'phonebot-csv-bench-'));
try {
  const sizes = [10_000, 100_000];
  const files = sizes.map((rows) => {
    const file = path.join(dir, `${rows}.csv`);
    writeFileSync(file, generate(rows));
    return file;
  });
  const results = [];
  for (const [i, rows] of sizes.entries()) results.push(await run(files[i]!, rows));
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  if (json) console.log(JSON.stringify({ results, maxRssMb, node: process.version }));
  else {
    for (const r of results)
      console.log(
        `${r.rows} rows: ${r.seconds} s (CPU ${r.cpuSeconds} s), ${r.rowsPerSecond} rows/s, peak RSS ${r.peakRssMb} MB (${r.fixed} rows fixed, ${r.errors} with errors)`,
      );
    console.log(`process max RSS: ${maxRssMb} MB`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
