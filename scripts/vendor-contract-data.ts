// Developer tool: regenerates the vendored contract data under test/contracts/zoom/ and test/contracts/slack/
// from the project's shared reference material (which CI does not have). The large OpenAPI files are cut
// down to what the tests use: the Zoom operations the emulator implements (ROUTES, RATE_LIMIT_LABELS) and
// phonebot's client paces (ROUTE_LABELS), the Users webhook events the emulator emits (UserEvent), and the
// Slack Web API methods the fake implements (METHODS); plus every definition/component those entries
// `$ref`, transitively. Kept entries are copied unchanged, in the source's key order. The java-slack-sdk
// samples are copied byte for byte. Fails if the source lacks anything needed.
// Usage: npx tsx scripts/vendor-contract-data.ts [sourceDir]   (default /work/shared/reference)
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RATE_LIMIT_LABELS, ROUTES } from '../src/zoom/emulator/index.js';
import { ROUTE_LABELS } from '../src/zoom/rate-limits.js';
import { METHODS } from '../test/fakes/slack/methods/index.js';
import { SPEC_FILES, specFileFor } from '../test/zoom-emulator/openapi.js';

type Json = Record<string, unknown>;

const root = path.resolve(import.meta.dirname, '..');
const sourceDir = path.resolve(process.argv[2] ?? '/work/shared/reference');
const zoomSource = path.join(sourceDir, 'zoom/data');
const slackSource = path.join(sourceDir, 'slack/data');
const zoomOut = path.join(root, 'test/contracts/zoom');
const slackOut = path.join(root, 'test/contracts/slack');
const SAMPLES_DIR = 'java-slack-sdk-samples';

/**
 * Fake methods that the Oct 2020 Slack spec predates (test/fakes/slack/tests/web-api-contract.test.ts lists
 * the same ones in NOT_IN_SPEC). Any other method missing from the spec is an error.
 */
const SLACK_METHODS_NOT_IN_SPEC = new Set([
  'apps.connections.open',
  'files.getUploadURLExternal',
  'files.completeUploadExternal',
  'functions.completeSuccess',
  'functions.completeError',
]);

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

class VendorError extends Error {}

function fail(message: string): never {
  throw new VendorError(message);
}

function readJson(file: string): Json {
  if (!existsSync(file)) fail(`source file missing: ${file}`);
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

function asObject(value: unknown, what: string): Json {
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail(`${what} is not an object`);
  return value as Json;
}

/** Keeps the entries of `obj` whose key is in `keep`, in the source's order. */
function pick(obj: Json, keep: ReadonlySet<string>): Json {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => keep.has(k)));
}

function collectRefs(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectRefs(n, out);
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.add(v);
      else collectRefs(v, out);
    }
  }
}

function resolvePointer(doc: Json, ref: string, file: string): unknown {
  if (!ref.startsWith('#/')) fail(`${file}: external $ref ${ref} is not supported`);
  let cur: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!cur || typeof cur !== 'object' || !(seg in cur)) fail(`${file}: $ref ${ref} does not resolve`);
    cur = (cur as Json)[seg];
  }
  return cur;
}

/** The reusable entry a `$ref` lives in: [section, name], e.g. ['components/schemas', 'User'] or ['definitions', 'objs_user']. */
function owningEntry(ref: string, file: string): [string, string] {
  const segs = ref
    .slice(2)
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
  if (segs[0] === 'components' && segs.length >= 3) return [`components/${segs[1]}`, segs[2] as string];
  if (segs[0] === 'definitions' && segs.length >= 2) return ['definitions', segs[1] as string];
  return fail(`${file}: $ref ${ref} points outside components/definitions`);
}

/** Every reusable entry reachable from `roots` through `$ref`s, as section → names. */
function refClosure(doc: Json, roots: unknown[], file: string): Map<string, Set<string>> {
  const kept = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const queue = new Set<string>();
  for (const r of roots) collectRefs(r, queue);
  while (queue.size > 0) {
    const [ref] = queue;
    queue.delete(ref as string);
    if (seen.has(ref as string)) continue;
    seen.add(ref as string);
    resolvePointer(doc, ref as string, file);
    const [section, name] = owningEntry(ref as string, file);
    const names = kept.get(section) ?? new Set<string>();
    if (!names.has(name)) {
      names.add(name);
      kept.set(section, names);
      const entry =
        section === 'definitions'
          ? asObject(doc.definitions, 'definitions')[name]
          : asObject(asObject(doc.components, 'components')[section.slice('components/'.length)], section)[name];
      const more = new Set<string>();
      collectRefs(entry, more);
      for (const m of more) if (!seen.has(m)) queue.add(m);
    }
  }
  return kept;
}

/** Security scheme names the kept operations (and the document) require; each must be declared. */
function checkSecurity(doc: Json, roots: unknown[], file: string): void {
  const declared = new Set(
    Object.keys(
      asObject(
        (doc.components as Json | undefined)?.securitySchemes ?? doc.securityDefinitions ?? {},
        'security schemes',
      ),
    ),
  );
  const requirements: unknown[] = [...((doc.security as unknown[] | undefined) ?? [])];
  for (const r of roots)
    for (const op of Object.values(asObject(r, 'path item')))
      requirements.push(...(((op as Json | undefined)?.security as unknown[] | undefined) ?? []));
  for (const req of requirements)
    for (const name of Object.keys(asObject(req, 'security requirement')))
      if (!declared.has(name)) fail(`${file}: security scheme ${name} is not declared`);
}

interface CutOptions {
  file: string;
  /** path → HTTP methods to keep (undefined: the whole path item) */
  paths?: Map<string, Set<string> | undefined>;
  webhooks?: Set<string>;
}

/**
 * The source document with `paths`/`webhooks` cut to the wanted entries and `definitions`/`components`
 * cut to what those entries reference (security schemes are referenced by name, not `$ref`, and kept whole).
 * Everything else at the top level is kept as is, in the source's order.
 */
function cut(doc: Json, { file, paths, webhooks }: CutOptions): Json {
  const roots: unknown[] = [];
  const keptPaths: Json = {};
  if (paths) {
    const src = asObject(doc.paths, `${file} paths`);
    const missing: string[] = [];
    for (const [p, item] of Object.entries(src)) {
      if (!paths.has(p)) continue;
      const methods = paths.get(p);
      const keptItem = methods
        ? Object.fromEntries(Object.entries(asObject(item, p)).filter(([k]) => !HTTP_METHODS.has(k) || methods.has(k)))
        : item;
      keptPaths[p] = keptItem;
      roots.push(keptItem);
    }
    for (const [p, methods] of paths) {
      const item = src[p] as Json | undefined;
      if (!item) missing.push(p);
      else for (const m of methods ?? []) if (!item[m]) missing.push(`${m.toUpperCase()} ${p}`);
    }
    if (missing.length > 0) fail(`${file} lacks ${missing.join(', ')}`);
  }
  const keptHooks: Json = {};
  if (webhooks) {
    const src = asObject(doc.webhooks, `${file} webhooks`);
    const missing = [...webhooks].filter((w) => !(w in src));
    if (missing.length > 0) fail(`${file} lacks webhooks ${missing.join(', ')}`);
    for (const [w, item] of Object.entries(src)) {
      if (!webhooks.has(w)) continue;
      keptHooks[w] = item;
      roots.push(item);
    }
  }
  const closure = refClosure(doc, roots, file);
  checkSecurity(doc, roots, file);

  const out: Json = {};
  for (const [k, v] of Object.entries(doc)) {
    if (k === 'paths' && paths) out.paths = keptPaths;
    else if (k === 'webhooks' && webhooks) out.webhooks = keptHooks;
    else if (k === 'definitions')
      out.definitions = pick(asObject(v, 'definitions'), closure.get('definitions') ?? new Set());
    else if (k === 'components') {
      out.components = Object.fromEntries(
        Object.entries(asObject(v, 'components')).map(([section, entries]) =>
          section === 'securitySchemes'
            ? [section, entries]
            : [section, pick(asObject(entries, section), closure.get(`components/${section}`) ?? new Set())],
        ),
      );
    } else out[k] = v;
  }
  return out;
}

/** Fails unless every `$ref` in the cut document resolves inside it and every kept entry equals its source. */
function verify(cutDoc: Json, source: Json, file: string): void {
  const refs = new Set<string>();
  collectRefs(cutDoc, refs);
  for (const ref of refs) resolvePointer(cutDoc, ref, `${file} (cut)`);
  const same = (a: unknown, b: unknown, where: string) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) fail(`${file}: ${where} differs from the source`);
  };
  for (const [k, v] of Object.entries(cutDoc)) {
    if (k === 'paths' || k === 'webhooks' || k === 'definitions') {
      for (const [name, entry] of Object.entries(asObject(v, k))) {
        const srcEntry = asObject(source[k], k)[name];
        if (k === 'paths')
          for (const [m, op] of Object.entries(asObject(entry, name))) same(op, (srcEntry as Json)[m], `${name} ${m}`);
        else same(entry, srcEntry, `${k}.${name}`);
      }
    } else if (k === 'components') {
      for (const [section, entries] of Object.entries(asObject(v, k))) {
        for (const [name, entry] of Object.entries(asObject(entries, section)))
          same(
            entry,
            asObject(asObject(source.components, k)[section], section)[name],
            `components.${section}.${name}`,
          );
      }
    } else same(v, source[k], k);
  }
}

/** Everything to write; nothing is written (or deleted) until every file has been produced and checked. */
const staged: Array<{ file: string; content: string | Buffer; sourceBytes: number }> = [];

function writeOut(file: string, content: string | Buffer, sourceBytes: number): void {
  staged.push({ file, content, sourceBytes });
}

function vendorCut(sourceFile: string, outFile: string, options: Omit<CutOptions, 'file'>): void {
  const name = path.basename(sourceFile);
  const source = readJson(sourceFile);
  const cutDoc = cut(source, { file: name, ...options });
  verify(cutDoc, source, name);
  // Compact, deterministic: JSON.stringify keeps the parsed (= source) key order.
  writeOut(outFile, `${JSON.stringify(cutDoc)}\n`, statSync(sourceFile).size);
}

function copyTree(from: string, to: string): void {
  if (!existsSync(from)) fail(`source directory missing: ${from}`);
  for (const entry of readdirSync(from, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(src, dst);
    else if (entry.isFile()) {
      const bytes = readFileSync(src);
      writeOut(dst, bytes, bytes.length);
    }
  }
}

/** The Users webhook events the emulator can emit: the members of its `UserEvent` union type. */
function emulatorUserEvents(): Set<string> {
  const file = path.join(root, 'src/zoom/emulator/user-events.ts');
  const m = /export type UserEvent\s*=([^;]+);/.exec(readFileSync(file, 'utf8'));
  const events = new Set([...(m?.[1] ?? '').matchAll(/'([^']+)'/g)].map((x) => x[1] as string));
  if (events.size === 0) fail(`no UserEvent union found in ${file}`);
  return events;
}

function zoomPaths(): Map<string, Map<string, Set<string>>> {
  const keys = new Set([
    ...ROUTES.map((r) => `${r.method} ${r.pattern}`),
    ...Object.keys(RATE_LIMIT_LABELS),
    ...ROUTE_LABELS.map((r) => `${r.method} ${r.pattern}`),
  ]);
  const byFile = new Map<string, Map<string, Set<string>>>();
  for (const key of keys) {
    const [method, pattern] = key.split(' ') as [string, string];
    const file = specFileFor(pattern);
    const paths = byFile.get(file) ?? new Map<string, Set<string>>();
    byFile.set(file, paths);
    const methods = paths.get(pattern) ?? new Set<string>();
    paths.set(pattern, methods);
    methods.add(method.toLowerCase());
  }
  return byFile;
}

function main(): void {
  for (const dir of [zoomSource, slackSource]) if (!existsSync(dir)) fail(`source directory missing: ${dir}`);

  // Zoom: each spec cut to the routes; the webhook document to the events the emulator emits.
  const byFile = zoomPaths();
  for (const file of [SPEC_FILES.phone, SPEC_FILES.numberManagement, SPEC_FILES.users]) {
    const paths = byFile.get(file);
    if (!paths) fail(`no emulator route maps to ${file}`);
    vendorCut(path.join(zoomSource, file), path.join(zoomOut, file), { paths });
  }
  const unknownFiles = [...byFile.keys()].filter(
    (f) => f !== SPEC_FILES.phone && f !== SPEC_FILES.numberManagement && f !== SPEC_FILES.users,
  );
  if (unknownFiles.length > 0) fail(`routes map to unexpected spec files: ${unknownFiles.join(', ')}`);
  vendorCut(path.join(zoomSource, SPEC_FILES.usersWebhooks), path.join(zoomOut, SPEC_FILES.usersWebhooks), {
    webhooks: emulatorUserEvents(),
  });

  // Slack: the Web API spec cut to the fake's methods (whole path items: the contract test reads every
  // operation of a method's path); the java-slack-sdk samples verbatim.
  const slackSpecFile = path.join(slackSource, 'slack_web_openapi_v2.json');
  const specPaths = asObject(readJson(slackSpecFile).paths, 'slack paths');
  const slackPaths = new Map<string, undefined>();
  const unexpected: string[] = [];
  for (const method of Object.keys(METHODS)) {
    if (`/${method}` in specPaths) slackPaths.set(`/${method}`, undefined);
    else if (!SLACK_METHODS_NOT_IN_SPEC.has(method)) unexpected.push(method);
  }
  for (const method of SLACK_METHODS_NOT_IN_SPEC)
    if (`/${method}` in specPaths) unexpected.push(`${method} (listed as not in the spec, but it is)`);
  if (unexpected.length > 0) fail(`slack_web_openapi_v2.json lacks fake methods: ${unexpected.join(', ')}`);
  vendorCut(slackSpecFile, path.join(slackOut, 'slack_web_openapi_v2.json'), { paths: slackPaths });
  copyTree(path.join(slackSource, SAMPLES_DIR), path.join(slackOut, SAMPLES_DIR));

  // Replace the generated trees wholesale so files dropped upstream do not linger (the rest of
  // test/contracts/slack, e.g. the manifest schema, is not generated here and is left alone).
  rmSync(zoomOut, { recursive: true, force: true });
  rmSync(path.join(slackOut, SAMPLES_DIR), { recursive: true, force: true });
  let total = 0;
  for (const { file, content, sourceBytes } of staged) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    const bytes = Buffer.byteLength(content);
    total += bytes;
    console.log(
      `${path.relative(root, file)}  ${bytes.toLocaleString('en')} bytes${bytes === sourceBytes ? '' : ` (source ${sourceBytes.toLocaleString('en')})`}`,
    );
  }
  console.log(`total ${total.toLocaleString('en')} bytes in ${staged.length} files`);
}

try {
  main();
} catch (err) {
  if (!(err instanceof VendorError)) throw err;
  console.error(`vendor-contract-data: ${err.message}`);
  process.exit(1);
}
