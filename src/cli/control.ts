// The running bot's control socket: a Unix socket in DATA_DIR (mode 0600, so only the account that runs
// phonebot can use it) through which `npm run phonebot -- …` asks the bot to run a command while the bot
// owns the embedded database. PGlite allows one process per data directory; this keeps it that way.
import { rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import path from 'node:path';
import type { Core } from '../core.js';
import { withRequestId } from '../log.js';
import { runCliCommand, UsageError } from './commands.js';

export function controlSocketPath(dataDir: string): string {
  return path.resolve(dataDir, 'phonebot.sock');
}

export async function startControlServer(core: Core, dataDir: string): Promise<Server> {
  const socket = controlSocketPath(dataDir);
  rmSync(socket, { force: true });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void withRequestId(
        async () => {
          let output = '';
          let exitCode = 0;
          try {
            const { args } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { args: string[] };
            core.log.info({ args }, 'CLI command via control socket');
            exitCode = await runCliCommand({ core, inBot: true }, args, { write: (t) => (output += t) });
          } catch (err) {
            exitCode = err instanceof UsageError ? 64 : 1;
            output += `${err instanceof UsageError ? 'usage' : 'error'}: ${(err as Error).message}\n`;
          }
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ exitCode, output }));
        },
        `cli-${Date.now().toString(36)}`,
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    listenPrivately(server, socket, resolve);
  });
  return server;
}

/**
 * Binds the socket with mode 0600 from its first moment: a chmod after listen() would leave it open to the
 * umask's mode until then. bind() happens synchronously inside listen(), so the restrictive umask is in
 * force for exactly that call and restored before any other JavaScript runs.
 */
export function listenPrivately(server: Server, socket: string, onListening: () => void): void {
  const previous = process.umask(0o177);
  try {
    server.listen(socket, onListening);
  } finally {
    process.umask(previous);
  }
}

export function askRunningBot(
  dataDir: string,
  args: string[],
  timeoutMs = 10 * 60_000,
): Promise<{ exitCode: number; output: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath: controlSocketPath(dataDir),
        path: '/run',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { exitCode: number; output: string });
          } catch (err) {
            reject(err);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('the bot did not answer in time')));
    req.on('error', reject);
    req.end(JSON.stringify({ args }));
  });
}
