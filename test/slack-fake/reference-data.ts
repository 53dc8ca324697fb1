import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared Slack reference data (OpenAPI spec, java-slack-sdk samples) lives next to the repo,
 * not in it; SLACK_REFERENCE_DATA overrides the location.
 */
export const REFERENCE_DIR =
  process.env.SLACK_REFERENCE_DATA ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/reference/slack/data');

export function readReferenceJson(relativePath: string): unknown {
  const path = join(REFERENCE_DIR, relativePath);
  if (!existsSync(path)) {
    throw new Error(`Slack reference data not found at ${path}; set SLACK_REFERENCE_DATA to the directory holding slack_web_openapi_v2.json`);
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}
