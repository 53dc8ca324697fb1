import type { IncomingMessage } from 'node:http';
import type { Json } from './types.js';

/** Arguments @slack/web-api JSON-stringifies into a single form field. */
const JSON_FIELDS = ['blocks', 'view', 'files', 'attachments', 'metadata'] as const;

export class BodyError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Multipart parsing via undici's Response#formData, so no parser of our own is needed. */
export async function parseMultipart(req: IncomingMessage, raw: Buffer): Promise<Map<string, string | Buffer>> {
  const form = await new Response(raw, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
  const out = new Map<string, string | Buffer>();
  for (const [key, value] of form.entries()) {
    out.set(key, typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer()));
  }
  return out;
}

/**
 * Web API arguments from a form-urlencoded (what WebClient sends), JSON or multipart body, plus
 * query parameters. JSON-valued fields are parsed; a field that is not valid JSON stays a string
 * so the method can answer the way Slack does (e.g. invalid_blocks_format).
 */
export async function parseApiArgs(
  req: IncomingMessage,
  raw: Buffer,
  query: URLSearchParams,
): Promise<Record<string, Json>> {
  const args: Record<string, Json> = {};
  for (const [k, v] of query) args[k] = v;
  const type = mediaType(req);
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new BodyError('invalid_json');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new BodyError('json_not_object');
    Object.assign(args, parsed);
    return args;
  } else if (type === 'multipart/form-data') {
    try {
      for (const [k, v] of await parseMultipart(req, raw)) args[k] = v;
    } catch {
      throw new BodyError('invalid_form_data');
    }
  } else {
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) args[k] = v;
  }
  for (const field of JSON_FIELDS) {
    const value: unknown = args[field];
    if (typeof value !== 'string') continue;
    try {
      args[field] = JSON.parse(value);
    } catch {
      // left as the raw string on purpose
    }
  }
  return args;
}
