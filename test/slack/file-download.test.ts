// downloadSlackFile against a real HTTP server that streams without a Content-Length (as a proxy or a
// chunked response would): the size cap holds while bytes arrive, and a login page is never taken for a file.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedFileHosts, downloadSlackFile, FileRefused } from '../../src/slack/files.js';

let server: Server;
let base: string;
let bytesSent = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.headers.authorization !== 'Bearer xoxb-right') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in</html>');
      return;
    }
    if (req.url === '/endless.csv') {
      res.writeHead(200, { 'content-type': 'text/csv', 'transfer-encoding': 'chunked' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (!res.destroyed && bytesSent < 50 * 1024 * 1024) {
          bytesSent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/csv' }).end('Email\nx@example.com\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function collect(url: string, token = 'xoxb-right', maxBytes = 1024 * 1024) {
  let size = 0;
  for await (const b of downloadSlackFile(url, { token, maxBytes, allowedHosts: allowedFileHosts(`${base}/api/`) }))
    size += b.length;
  return size;
}

describe('file download', () => {
  it('reads an allowed file', async () => {
    expect(await collect(`${base}/ok.csv`)).toBe('Email\nx@example.com\n'.length);
  });

  it('stops an undeclared stream at the cap instead of reading it all', async () => {
    await expect(collect(`${base}/endless.csv`)).rejects.toThrow(/larger than 1048576 bytes/);
    // The server may have buffered ahead a little, but nowhere near the 50 MB it would send.
    expect(bytesSent).toBeLessThan(10 * 1024 * 1024);
  });

  it("takes Slack's login page for what it is", async () => {
    await expect(collect(`${base}/ok.csv`, 'xoxb-wrong')).rejects.toThrow(/login page/);
  });

  it('refuses hosts other than the Slack file host before connecting', async () => {
    await expect(collect('https://files.slack.com.evil.example/x.csv')).rejects.toBeInstanceOf(FileRefused);
    await expect(collect('file:///etc/passwd')).rejects.toBeInstanceOf(FileRefused);
  });
});
