// `phonebot export [--site <name>] [--out <file>]`: every phone user as the CSV the update import reads
// back, from paged list calls only (120 phone users: two pages of 100, no per-user reads), read-only; the
// file passes `csv check --mode update` with every row unchanged.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultSeed,
  type SeedUser,
  SITE_LONDON_ID,
  SITE_MAIN_ID,
  startZoomEmulator,
  type ZoomEmulator,
} from '../../src/zoom/emulator/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const dir = mkdtempSync(path.join(tmpdir(), 'phonebot-export-'));
let zoom: ZoomEmulator;

// 119 staff with Zoom Phone beside bob@ (the default seed's one): 120 phone users, two pages.
const staff: SeedUser[] = Array.from({ length: 119 }, (_, i) => ({
  id: `Exp${String(i).padStart(3, '0')}AAAAAAAAAAAAAAAA`,
  email: `staff${String(i).padStart(3, '0')}@example.com`,
  firstName: 'Staff',
  lastName: String(i),
  type: 2,
  status: 'active',
  phone: { extensionNumber: String(1100 + i), siteId: i < 3 ? SITE_LONDON_ID : SITE_MAIN_ID },
}));

beforeAll(async () => {
  zoom = await startZoomEmulator({ seed: { ...defaultSeed, users: [...defaultSeed.users, ...staff] } });
});
afterAll(async () => {
  await zoom?.close();
});

// Asynchronous: the Zoom emulator lives in this process and must keep answering while the CLI runs.
function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ['--import', tsx, path.join(root, 'src/cli/main.ts'), ...args], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATA_DIR: path.join(dir, 'data'),
      LOG_LEVEL: 'silent',
      ZOOM_ACCOUNT_ID: 'emu-account',
      ZOOM_CLIENT_ID: 'emu-client-id',
      ZOOM_CLIENT_SECRET: 'emu-client-secret',
      ZOOM_API_URL: zoom.apiUrl,
      ZOOM_OAUTH_URL: zoom.oauthUrl,
    },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

describe('phonebot export', () => {
  it('writes every phone user with two paged reads and no writes; the file reads back as all unchanged', async () => {
    const before = zoom.calls.length;
    const res = await cli(['export', '--out', 'all.csv']);
    expect(res.code).toBe(0);
    expect(res.out).toBe(`wrote 120 phone user(s) to ${path.join(dir, 'all.csv')}\n`);
    const calls = zoom.calls.slice(before);
    expect(calls.filter((c) => c.method === 'GET' && c.path === '/v2/phone/users')).toHaveLength(2);
    expect(calls.filter((c) => /^\/v2\/(phone\/)?users\/[^/]+$/.test(c.path))).toEqual([]);
    expect(calls.filter((c) => c.method !== 'GET' && c.family !== 'oauth')).toEqual([]);
    const lines = readFileSync(path.join(dir, 'all.csv'), 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(121);
    expect(lines).toContain(
      "bob@example.com,Bob Brown,1001,US/CA Unlimited Calling Plan,'+14155550199,Main Office,,,,update",
    );
    expect(lines).toContain('staff118@example.com,Staff 118,1218,,,Main Office,,,,update');

    const check = await cli(['csv', 'check', 'all.csv', '--mode', 'update']);
    expect(check.code).toBe(0);
    expect(check.out).toMatch(
      /120 row\(s\) checked against the Zoom account: 0 to create \(0 to invite\), 0 to update, 120 unchanged, 0 with errors/,
    );
  }, 120_000);

  it('exports one site to stdout; an unknown site exits 1 naming the sites', async () => {
    const res = await cli(['export', '--site', 'London']);
    expect(res.code).toBe(0);
    expect(
      res.out
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual(['staff000@example.com', 'staff001@example.com', 'staff002@example.com']);
    const bad = await cli(['export', '--site', 'Atlantis']);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/There is no site "Atlantis" in Zoom; sites: Main Office, London/);
    const usage = await cli(['export', 'everything']);
    expect(usage.code).toBe(64);
  }, 120_000);
});
