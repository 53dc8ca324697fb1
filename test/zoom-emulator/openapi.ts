import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2019Import from 'ajv/dist/2019.js';
import addFormatsImport from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

/**
 * Zoom's published OpenAPI files, vendored in test/contracts/zoom (cut down to the operations phonebot
 * uses by scripts/vendor-contract-data.ts; provenance in test/contracts/README.md). ZOOM_REFERENCE_DATA
 * overrides the location with a directory of the same layout, e.g. the full files.
 */
export const REFERENCE_DIR =
  process.env.ZOOM_REFERENCE_DATA ?? resolve(dirname(fileURLToPath(import.meta.url)), '../contracts/zoom');

type Json = Record<string, unknown>;

const cache = new Map<string, Json>();

export function readSpec(file: string): Json {
  let spec = cache.get(file);
  if (!spec) {
    const path = join(REFERENCE_DIR, file);
    if (!existsSync(path)) throw new Error(`Zoom reference data not found at ${path}; set ZOOM_REFERENCE_DATA`);
    spec = JSON.parse(readFileSync(path, 'utf8')) as Json;
    cache.set(file, spec);
  }
  return spec;
}

export const SPEC_FILES = {
  phone: 'zoom-phone-api-openapi.json',
  numberManagement: 'zoom-phone-number-management-openapi.json',
  users: 'zoom-users-api-endpoints.json',
  usersWebhooks: 'zoom-users-webhooks.json',
} as const;

export function specFileFor(pattern: string): string {
  if (pattern.startsWith('/phone/')) return SPEC_FILES.phone;
  if (pattern.startsWith('/number_management/')) return SPEC_FILES.numberManagement;
  return SPEC_FILES.users;
}

export function operation(method: string, pattern: string): Json {
  const spec = readSpec(specFileFor(pattern));
  const paths = spec.paths as Record<string, Record<string, Json>>;
  const op = paths[pattern]?.[method.toLowerCase()];
  if (!op)
    throw new Error(
      `${method} ${pattern} is not in ${join(REFERENCE_DIR, specFileFor(pattern))} (a new route? re-run scripts/vendor-contract-data.ts)`,
    );
  return op;
}

/** The `Rate Limit Label` printed in an operation's description, normalised to Light/Medium/Heavy/Resource-intensive. */
export function specRateLimitLabel(method: string, pattern: string): string {
  const description = String(operation(method, pattern).description ?? '');
  const m = /Rate Limit Label\]\([^)]*\):\*\*\s*`([^`]+)`/.exec(description);
  if (!m?.[1]) throw new Error(`no Rate Limit Label in ${method} ${pattern}`);
  const raw = m[1].toLowerCase();
  return raw === 'resource-intensive' || raw === 'resource_intensive'
    ? 'Resource-intensive'
    : raw.charAt(0).toUpperCase() + raw.slice(1);
}

/**
 * Adapts Zoom's OpenAPI 3.0 schemas to JSON Schema 2019-09:
 * - `nullable: true` becomes a `null` alternative;
 * - `oneOf` becomes `anyOf`, because Zoom's branches are not mutually exclusive (the user-settings
 *   branches have no `required`, so any object matches several and `oneOf` would reject every body);
 * - every object that declares properties gets `unevaluatedProperties: false` (on the schema that owns
 *   the combinator, not on its branches), so the emulator cannot invent or misspell fields.
 */
function adapt(node: unknown, isBranch = false): unknown {
  if (Array.isArray(node)) return node.map((n) => adapt(n));
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, adapt(s)]));
    } else if (k === 'oneOf' || k === 'anyOf' || k === 'allOf') {
      const branches = (v as unknown[]).map((b) => adapt(b, true));
      out[k === 'oneOf' ? 'anyOf' : k] =
        k === 'oneOf' && out.anyOf ? [...(out.anyOf as unknown[]), ...branches] : branches;
    } else if (k === 'items') {
      out.items = adapt(v);
    } else if (k !== 'example' && k !== 'examples' && k !== 'nullable') {
      out[k] = v;
    }
  }
  if (src.nullable === true && typeof src.type === 'string') out.type = [src.type, 'null'];
  const hasShape = out.properties !== undefined || out.allOf !== undefined || out.anyOf !== undefined;
  if (!isBranch && hasShape && (out.type === undefined || out.type === 'object')) out.unevaluatedProperties = false;
  return out;
}

// Both packages are CommonJS that also set `module.exports.default`; under NodeNext that is the typed entry.
const AjvClass = Ajv2019Import.default;
const addFormats = addFormatsImport.default;
const ajv = new AjvClass({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
ajv.addFormat('password', true);

/** What Zoom's `{code, message}` error body looks like ([D-ERR]); used where a status declares no schema. */
export const GENERIC_ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'integer' },
    message: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
        additionalProperties: false,
      },
    },
  },
  additionalProperties: false,
};

const compiled = new Map<string, ValidateFunction>();

function compile(key: string, schema: unknown): ValidateFunction {
  const cached = compiled.get(key);
  if (cached) return cached;
  const v = ajv.compile(adapt(schema) as object);
  compiled.set(key, v);
  return v;
}

export type ResponseExpectation = { kind: 'schema'; schema: unknown } | { kind: 'no-body' } | { kind: 'generic-error' };

/** What the spec declares for (method, path, status): a JSON schema, an empty body, or nothing (→ generic error). */
export function declaredResponse(method: string, pattern: string, status: number): ResponseExpectation {
  const responses = operation(method, pattern).responses as Record<string, Json>;
  const declared = responses[String(status)];
  const schema = (declared?.content as Record<string, Json> | undefined)?.['application/json']?.schema;
  if (schema) return { kind: 'schema', schema };
  if (status >= 400) return { kind: 'generic-error' };
  if (declared) return { kind: 'no-body' };
  throw new Error(`${method} ${pattern} declares no ${status} response`);
}

function formatErrors(v: ValidateFunction): string[] {
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** [] when `body` is what Zoom's spec declares for this response; otherwise readable validation errors. */
export function validateZoomResponse(method: string, pattern: string, status: number, body: unknown): string[] {
  const expectation = declaredResponse(method, pattern, status);
  if (expectation.kind === 'no-body')
    return body === undefined ? [] : [`expected no body for ${status}, got ${JSON.stringify(body)}`];
  const v =
    expectation.kind === 'schema'
      ? compile(`${method} ${pattern} ${status}`, expectation.schema)
      : compile('generic-error', GENERIC_ERROR_SCHEMA);
  return v(body) ? [] : formatErrors(v);
}

/** Validates a webhook body against the event's request schema in zoom-users-webhooks.json. */
export function validateUserWebhook(event: string, body: unknown): string[] {
  const spec = readSpec(SPEC_FILES.usersWebhooks);
  const hook = (spec.webhooks as Record<string, Json>)[event];
  const schema = ((hook?.post as Json | undefined)?.requestBody as Json | undefined)?.content as
    Record<string, Json> | undefined;
  const s = schema?.['application/json']?.schema;
  if (!s)
    throw new Error(
      `no webhook schema for ${event} in ${join(REFERENCE_DIR, SPEC_FILES.usersWebhooks)} (a new event? re-run scripts/vendor-contract-data.ts)`,
    );
  const v = compile(`webhook ${event}`, s);
  return v(body) ? [] : formatErrors(v);
}
