// Reads .env (when present) under the real environment, then validates it with the one schema.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { type Env, type Needs, parseEnv } from './env.js';

export function loadEnvFile(cwd = process.cwd()): Record<string, string | undefined> {
  const file = path.join(cwd, '.env');
  const fromFile = existsSync(file) ? dotenv.parse(readFileSync(file, 'utf8')) : {};
  // Variables set in the environment win over the file, as in every dotenv setup.
  return { ...fromFile, ...process.env };
}

export function loadConfig(needs?: Needs): Env {
  return parseEnv(loadEnvFile(), needs);
}
