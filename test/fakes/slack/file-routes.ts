import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, reply, replyText } from './http-reply.js';
import { mediaType, parseMultipart } from './request-body.js';
import type { DownloadRecord } from './types.js';
import type { Workspace } from './workspace.js';

/** What Slack serves instead of the file when the request lacks a valid token: a 200 HTML page. */
export const LOGIN_PAGE = `<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="utf-8"><title>Slack</title></head>
<body><h1>Sign in to your workspace</h1><form action="/signin" method="post"><input name="email"></form></body>
</html>
`;

/** `/files-pri/<team>-<file id>/<name>` and `/files-pri/<team>-<file id>/download/<name>`. */
export function serveDownload(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  ws: Workspace,
  botToken: string,
  downloads: DownloadRecord[],
): void {
  const m = /^\/files-pri\/([^/-]+)-([^/]+)\/(download\/)?[^/]+$/.exec(path);
  const fileId = m?.[2] ?? '';
  const authorized = bearerToken(req.headers.authorization) === botToken;
  downloads.push({ fileId, authorized, at: new Date() });
  if (!authorized) {
    reply(res, 200, { 'content-type': 'text/html; charset=utf-8' }, LOGIN_PAGE);
    return;
  }
  const stored = ws.files.get(fileId);
  if (!m || m[1] !== ws.teamId || !stored) {
    reply(
      res,
      404,
      { 'content-type': 'text/html; charset=utf-8' },
      '<!DOCTYPE html><html><body>File not found</body></html>',
    );
    return;
  }
  const headers: Record<string, string> = { 'content-type': stored.file.mimetype };
  if (m[3]) headers['content-disposition'] = `attachment; filename="${stored.file.name.replaceAll('"', '')}"`;
  reply(res, 200, headers, stored.content);
}

/** The upload_url of files.getUploadURLExternal: raw bytes, or multipart (the SDK sends field `body`). */
export async function acceptUpload(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  raw: Buffer,
  ws: Workspace,
): Promise<void> {
  const fileId = decodeURIComponent(path.slice('/upload/'.length));
  const pending = ws.pendingUploads.get(fileId);
  if (!pending || pending.completed) {
    replyText(res, 404, 'file not found');
    return;
  }
  let content = raw;
  if (mediaType(req) === 'multipart/form-data') {
    const parts = await parseMultipart(req, raw);
    const chosen = parts.get('body') ?? parts.get('file') ?? [...parts.values()].find((v) => Buffer.isBuffer(v));
    if (chosen === undefined) {
      replyText(res, 400, 'no file content in multipart body');
      return;
    }
    content = Buffer.isBuffer(chosen) ? chosen : Buffer.from(chosen, 'utf8');
  }
  pending.content = content;
  replyText(res, 200, `OK - ${content.length}`);
}
