import type { ServerResponse } from 'node:http';
import { replyJson, replyText } from './http-reply.js';
import type { Json } from './types.js';
import { RESPONSE_URL_MAX_POSTS, RESPONSE_URL_TTL_MS, type Workspace } from './workspace.js';

function parseBody(raw: Buffer): Json {
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    const payload = new URLSearchParams(text).get('payload');
    if (payload !== null) {
      try {
        return JSON.parse(payload);
      } catch {
        // fall through to the raw text
      }
    }
    return text;
  }
}

/**
 * `POST /response/<id>`. Ids this fake never issued are accepted too (tests may build their own);
 * each id takes 5 posts within 30 minutes, after which Slack's limits apply: 404 with
 * `used_url` / `expired_url`.
 */
export function acceptResponsePost(res: ServerResponse, path: string, raw: Buffer, ws: Workspace): void {
  const id = decodeURIComponent(path.slice('/response/'.length));
  const now = Date.now();
  let entry = ws.responseUrls.get(id);
  if (!entry) {
    entry = { createdAt: now, posts: 0 };
    ws.responseUrls.set(id, entry);
  }
  const body = parseBody(raw);
  let status = 200;
  let error: string | undefined;
  if (now - entry.createdAt > RESPONSE_URL_TTL_MS) error = 'expired_url';
  else if (entry.posts >= RESPONSE_URL_MAX_POSTS) error = 'used_url';
  if (error) status = 404;
  else entry.posts += 1;
  ws.responsePosts.push({ id, body, at: new Date(now), status });
  if (error) replyJson(res, status, { ok: false, error });
  else replyText(res, 200, 'ok');
}
