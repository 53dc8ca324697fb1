// Downloading an uploaded file from Slack: only from Slack's own file host (or the host of SLACK_API_URL
// when an emulator stands in for Slack), only with the bot token in the Authorization header, streamed
// with the size cap enforced as bytes arrive, and never accepting Slack's HTML login page as a file.
import { Readable } from 'node:stream';

export class FileRefused extends Error {}

export function allowedFileHosts(slackApiUrl: string | undefined): Set<string> {
  const hosts = new Set(['files.slack.com']);
  if (slackApiUrl) hosts.add(new URL(slackApiUrl).host);
  return hosts;
}

export async function* downloadSlackFile(url: string, opts: { token: string; maxBytes: number; allowedHosts: Set<string>; fetchImpl?: typeof fetch }): AsyncGenerator<Buffer> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FileRefused('the file link Slack gave is not a URL');
  }
  if (!opts.allowedHosts.has(parsed.host) || !/^https?:$/.test(parsed.protocol) || (parsed.protocol === 'http:' && !/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(parsed.host))) {
    throw new FileRefused(`refusing to download from ${parsed.host}: files are only fetched from Slack's file host`);
  }
  const res = await (opts.fetchImpl ?? fetch)(parsed, { headers: { authorization: `Bearer ${opts.token}` }, redirect: 'error', signal: AbortSignal.timeout(60_000) });
  if (!res.ok || !res.body) throw new FileRefused(`Slack answered HTTP ${res.status} for the file`);
  if ((res.headers.get('content-type') ?? '').includes('text/html')) {
    throw new FileRefused("Slack sent a login page instead of the file: the bot token lacks files:read, or the file is not shared with phonebot");
  }
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > opts.maxBytes) throw new FileRefused(`the file is ${declared} bytes; the limit is ${opts.maxBytes} (PHONEBOT_CSV_MAX_BYTES)`);
  let seen = 0;
  for await (const chunk of Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>)) {
    const buf = Buffer.from(chunk as Uint8Array);
    seen += buf.length;
    if (seen > opts.maxBytes) throw new FileRefused(`the file is larger than ${opts.maxBytes} bytes (PHONEBOT_CSV_MAX_BYTES)`);
    yield buf;
  }
}
