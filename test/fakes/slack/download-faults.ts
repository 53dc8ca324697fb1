// Downloads that go wrong the ways real ones do, for testing what the app tells the uploader: the
// connection drops, the file stalls part-way (the client's timeout must fire), Slack serves its HTML login
// page instead of the file, or answers with an HTTP error. Set with `fake.failDownloads(...)`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { reply } from './http-reply.js';
import { LOGIN_PAGE } from './file-routes.js';
import type { DownloadFault } from './types.js';

export class DownloadFaults {
  private readonly pending: { fault: DownloadFault; remaining: number }[] = [];

  add(fault: DownloadFault): void {
    const times = fault.times ?? 1;
    if (times > 0) this.pending.push({ fault, remaining: times });
  }

  clear(): void {
    this.pending.length = 0;
  }

  /** The first fault for this file (or for any file), consumed. */
  take(fileId: string): DownloadFault | undefined {
    const i = this.pending.findIndex((p) => p.fault.fileId === undefined || p.fault.fileId === fileId);
    const entry = this.pending[i];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.pending.splice(i, 1);
    return entry.fault;
  }
}

/** The file id of a `/files-pri/<team>-<file id>/…` path. */
export function downloadFileId(path: string): string {
  return /^\/files-pri\/[^/-]+-([^/]+)\//.exec(path)?.[1] ?? '';
}

export function serveFaultyDownload(
  req: IncomingMessage,
  res: ServerResponse,
  fault: DownloadFault,
  content: Buffer | undefined,
): void {
  switch (fault.kind) {
    case 'network':
      // No answer at all: the client sees the connection reset.
      req.socket.destroy();
      return;
    case 'timeout': {
      // Headers and the first bytes, then nothing: only the client's own timeout ends the download.
      const body = content ?? Buffer.from('Email\n');
      res.writeHead(200, { 'content-type': 'text/csv', 'content-length': String(body.length + 1) });
      res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))));
      return;
    }
    case 'login-page':
      reply(res, 200, { 'content-type': 'text/html; charset=utf-8' }, LOGIN_PAGE);
      return;
    case 'http': {
      const status = fault.status ?? 500;
      reply(
        res,
        status,
        { 'content-type': 'text/html; charset=utf-8' },
        `<!DOCTYPE html><html><body>fake slack: injected HTTP ${status}</body></html>`,
      );
      return;
    }
  }
}
