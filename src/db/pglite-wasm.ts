// PGlite's PostgreSQL is a 9 MB WebAssembly module that V8 compiles at every start. Compiled here, on V8's
// background threads, from the first line of `npm start`, it overlaps with loading the bot's JavaScript
// instead of following it; the module is then handed to PGlite (its `pgliteWasmModule` option).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export function compilePgliteWasm(): Promise<WebAssembly.Module | undefined> {
  const file = path.join(path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), 'pglite.wasm');
  // On any failure PGlite compiles it itself, as it does without this.
  return readFile(file)
    .then(
      (bytes) => WebAssembly.compile(bytes),
      () => undefined,
    )
    .catch(() => undefined);
}
