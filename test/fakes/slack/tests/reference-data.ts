import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Slack's published reference data (OpenAPI spec, java-slack-sdk samples), vendored in
 * test/contracts/slack (the spec cut down to the methods phonebot uses by scripts/vendor-contract-data.ts;
 * provenance in test/contracts/README.md). SLACK_REFERENCE_DATA overrides the location with a directory
 * of the same layout, e.g. the full files.
 */
export const REFERENCE_DIR =
  process.env.SLACK_REFERENCE_DATA ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../../contracts/slack');

export function readReferenceJson(relativePath: string): unknown {
  const path = join(REFERENCE_DIR, relativePath);
  if (!existsSync(path)) {
    throw new Error(
      `Slack reference data not found at ${path}; set SLACK_REFERENCE_DATA to the directory holding slack_web_openapi_v2.json`,
    );
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}
