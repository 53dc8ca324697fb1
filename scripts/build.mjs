// Builds what `npm start` runs, so a start neither compiles TypeScript (tsx) nor creates a database cluster:
//  1. dist/main.js: esbuild bundles phonebot's own code (src/, the generated Prisma client included) into one
//     file — one module to load instead of ~150 — and leaves every npm package external, so PGlite finds its
//     .wasm/.data files and Prisma its query-compiler wasm next to their own modules in node_modules, as in
//     development. esbuild only strips types; type checking stays with `npm run typecheck`.
//  2. dist/pglite-template/: an embedded cluster with every migration applied, which a first start on an
//     empty DATA_DIR copies (src/db/pglite-setup.ts) instead of running initdb and the migrations.
// Run by `npm install` (postinstall, after prisma generate) and, with --if-stale, by `npm start` (prestart)
// and the built-start test, so a checkout edited since the last install never starts old code.
//   node scripts/build.mjs             build both
//   node scripts/build.mjs --if-stale  build only what is missing or older than its sources
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const bundle = {
  output: path.join(dist, 'main.js'),
  inputs: ['src', 'package.json', 'package-lock.json', 'scripts/build.mjs'],
};
const template = {
  // A stamp written when the template is complete: the cluster's own files carry the second-truncated
  // times of the tar PGlite extracts them from, too coarse to compare with the sources.
  output: path.join(dist, 'pglite-template.built'),
  // The PGlite version (lock file) decides the on-disk format, the migrations decide the schema.
  inputs: [
    'prisma/migrations',
    'package-lock.json',
    'src/db/build-template.ts',
    'src/db/pglite-setup.ts',
    'src/db/migrate.ts',
    'scripts/build.mjs',
  ],
};

function newestMtime(p) {
  let stat;
  try {
    stat = statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

function stale({ output, inputs }) {
  let built;
  try {
    built = statSync(output).mtimeMs;
  } catch {
    return true;
  }
  return inputs.some((input) => newestMtime(path.join(root, input)) > built);
}

export function isStale() {
  return stale(bundle) || templateStale();
}

async function buildBundle() {
  // Loaded only when something is built: `npm start` on an up-to-date checkout pays for the stat calls alone.
  const { build } = await import('esbuild');
  // Chunk names carry a hash: without a clean directory old chunks would pile up.
  for (const entry of ['main.js', 'main.js.map', 'build-template.js', 'build-template.js.map', 'chunks'])
    rmSync(path.join(dist, entry), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: [
      { in: 'src/main.ts', out: 'main' },
      { in: 'src/db/build-template.ts', out: 'build-template' },
    ],
    outdir: dist,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Code reached only through `await import()` — the sandbox's Zoom emulator — goes to its own chunk,
    // read from disk only when ZOOM_MODE=sandbox asks for it.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

function buildTemplate() {
  const result = spawnSync(
    process.execPath,
    [path.join(dist, 'build-template.js'), path.join(dist, 'pglite-template')],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error(`building the embedded database template failed (exit ${result.status})`);
  writeFileSync(template.output, `${new Date().toISOString()}\n`);
}

const templateStale = () => stale(template) || !existsSync(path.join(dist, 'pglite-template', 'PG_VERSION'));

/** Builds what is stale (everything unless `onlyStale`); returns what it built, with the time taken. */
export async function buildBot({ onlyStale = false } = {}) {
  const done = [];
  if (!onlyStale || stale(bundle)) {
    const started = performance.now();
    await buildBundle();
    done.push(`dist/main.js in ${Math.round(performance.now() - started)} ms`);
  }
  if (!onlyStale || templateStale()) {
    const started = performance.now();
    buildTemplate();
    done.push(`dist/pglite-template in ${Math.round(performance.now() - started)} ms`);
  }
  return done;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const done = await buildBot({ onlyStale: process.argv.includes('--if-stale') });
  if (done.length) process.stdout.write(`phonebot: built ${done.join(', ')}\n`);
}
