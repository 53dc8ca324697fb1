// `phonebot csv check`: the import's dry run from the command line, file-only without Zoom credentials
// and against the account with them; exit 1 when a row is invalid.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZoomEmulator, type ZoomEmulator } from '../../src/zoom/emulator/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dir = mkdtempSync(path.join(tmpdir(), 'phonebot-csv-'));
let zoom: ZoomEmulator;

beforeAll(async () => {
  zoom = await startZoomEmulator();
});
afterAll(async () => {
  await zoom?.close();
});

// Asynchronous: the Zoom emulator lives in this process and must keep answering while the CLI runs.
function check(
  file: string,
  env: Record<string, string> = {},
  extra: string[] = [],
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(
    process.execPath,
    ['--import', tsx, path.join(root, 'src/cli/main.ts'), 'csv', 'check', file, ...extra],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATA_DIR: path.join(dir, 'data'),
        LOG_LEVEL: 'silent',
        ...env,
      },
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

describe('phonebot csv check', () => {
  it('without Zoom credentials checks the file alone, prints the report, and fails on an invalid row', async () => {
    writeFileSync(
      path.join(dir, 'mixed.csv'),
      'Email,Extension,Phone Number\njane@example.com,4021,4155550100\nnot-an-email,12,1.4E+10\n',
    );
    const res = await check('mixed.csv');
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/2 row\(s\): 1 valid in the file, 1 with errors/);
    expect(res.out).toMatch(/file checks only/);
    expect(res.out).toMatch(/^3,not-an-email,add,error,.*scientific notation/m);
    expect(res.out).toMatch(/4155550100.*\+14155550100/);
  });

  it('a clean file exits 0', async () => {
    writeFileSync(path.join(dir, 'clean.csv'), 'Email,Extension\njane@example.com,4021\n');
    expect((await check('clean.csv')).code).toBe(0);
  });

  it('with Zoom configured it also checks the account, read-only', async () => {
    writeFileSync(
      path.join(dir, 'live.csv'),
      'Email,Extension,Calling Plan\nalice@example.com,1001,US/CA Unlimited\nnew@example.com,4444,Nope Plan\nzed@example.com,4445,\n',
    );
    const before = zoom.calls.filter((c) => c.method !== 'GET' && c.family !== 'oauth').length;
    const res = await check('live.csv', {
      ZOOM_ACCOUNT_ID: 'emu-account',
      ZOOM_CLIENT_ID: 'emu-client-id',
      ZOOM_CLIENT_SECRET: 'emu-client-secret',
      ZOOM_API_URL: zoom.apiUrl,
      ZOOM_OAUTH_URL: zoom.oauthUrl,
    });
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/checked against the Zoom account: 1 to create \(1 to invite\)/);
    expect(res.out).toMatch(/1001 is already used by bob@example\.com/);
    expect(res.out).toMatch(/Nope Plan"+ is not a calling plan/);
    expect(zoom.calls.filter((c) => c.method !== 'GET' && c.family !== 'oauth').length).toBe(before);
  });

  it('a mangled header is one clear message', async () => {
    writeFileSync(path.join(dir, 'headless.csv'), 'jane@example.com,4021\n');
    const res = await check('headless.csv');
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/[Ee]mail/);
  });
});
