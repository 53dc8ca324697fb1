// Runs `prisma generate` on install. Prisma's CLI insists that its native schema engine exists before
// generating, and downloads it when missing; generating does not use that engine in Prisma 7, and the
// download host is unreachable offline. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips
// the download (migrations use the WebAssembly engine instead, see src/db/schema-engine.ts).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const result = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate'], {
  stdio: 'inherit',
  env,
});
process.exit(result.status ?? 1);
