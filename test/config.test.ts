// Configuration: one schema, every problem named at once, no secret echoed, exit code 2 from `npm start`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envSchema, parseEnv } from '../src/config/env.js';

const root = path.resolve(import.meta.dirname, '..');
const good = {
  SLACK_BOT_TOKEN: 'xoxb-1-abc',
  SLACK_SIGNING_SECRET: 'sig',
  ZOOM_ACCOUNT_ID: 'a',
  ZOOM_CLIENT_ID: 'b',
  ZOOM_CLIENT_SECRET: 'c',
  PHONEBOT_ADMINS: 'U0123ABC',
  PHONEBOT_ADMIN_CHANNEL: 'C0123ABC',
};

function problems(env: Record<string, string>): string[] {
  try {
    parseEnv(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('accepts a complete configuration and applies the documented defaults', () => {
    const env = parseEnv(good);
    expect(env.PORT).toBe(3000);
    expect(env.DATA_DIR).toBe('./data');
    expect(env.ZOOM_API_URL).toBe('https://api.zoom.us/v2');
    expect(env.PHONEBOT_EXTENSION_RANGE).toEqual({ from: 1000, to: 9999, digits: 4 });
    expect(env.PHONEBOT_REQUEST_TTL_DAYS).toBe(7);
    expect(env.PHONEBOT_ALLOW_SELF_APPROVAL).toBe(false);
  });

  it('names every problem at once', () => {
    const found = problems({
      PORT: 'eighty',
      PHONEBOT_EXTENSION_RANGE: '9999-1000',
      PHONEBOT_CRON_PURGE: 'every night',
      ZOOM_RATE_PLAN: 'gold',
      PHONEBOT_ADMINS: 'alice',
    });
    const text = found.join('\n');
    for (const name of [
      'PORT',
      'PHONEBOT_EXTENSION_RANGE',
      'PHONEBOT_CRON_PURGE',
      'ZOOM_RATE_PLAN',
      'PHONEBOT_ADMINS',
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'ZOOM_ACCOUNT_ID',
      'PHONEBOT_ADMIN_CHANNEL',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain('README.md#create-the-slack-app');
  });

  it('never repeats a value it was given', () => {
    const found = problems({
      ...good,
      SLACK_BOT_TOKEN: 'not-a-token-SECRETVALUE',
      ZOOM_CLIENT_SECRET: '',
      DATABASE_URL: 'mysql://u:HUNTER2@h/db',
    });
    const text = found.join('\n');
    expect(text).toContain('SLACK_BOT_TOKEN');
    expect(text).toContain('DATABASE_URL');
    expect(text).not.toContain('SECRETVALUE');
    expect(text).not.toContain('HUNTER2');
  });

  it('needs no signing secret in Socket Mode and no Zoom credentials in sandbox mode', () => {
    const { SLACK_SIGNING_SECRET: _s, ZOOM_ACCOUNT_ID: _a, ZOOM_CLIENT_ID: _b, ZOOM_CLIENT_SECRET: _c, ...rest } = good;
    expect(problems({ ...rest, SLACK_APP_TOKEN: 'xapp-1-abc', ZOOM_MODE: 'sandbox' })).toEqual([]);
  });

  it('.env.example documents exactly the variables the schema reads', () => {
    const example = readFileSync(path.join(root, '.env.example'), 'utf8');
    const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('npm start without configuration exits 2 with one readable message and no stack trace', () => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    // From an empty directory, so a developer's own .env cannot interfere.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const res = spawnSync(process.execPath, ['--import', tsx, path.join(root, 'src/main.ts')], {
      cwd: mkdtempSync(path.join(tmpdir(), 'pb-cfg-')),
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/phonebot cannot start: \d+ configuration problems/);
    expect(res.stderr).toContain('SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are missing');
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
