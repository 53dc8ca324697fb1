// Downloading an uploaded file from Slack: only from Slack's own file host (or the host of SLACK_API_URL
// when an emulator stands in for Slack), only with the bot token in the Authorization header, streamed
// with the size cap enforced as bytes arrive, and never accepting Slack's HTML login page as a file.
// Every way the download can go wrong ends in a FileRefused that says what happened and what the
// uploader can do about it: the caller shows both in Slack.
import { Readable } from 'node:stream';

export class FileRefused extends Error {
  constructor(
    message: string,
    /** What the uploader can do about it, in one sentence. */
    readonly whatToDo = 'Fix the file and upload it again; `/phone csv template` sends a template.',
    /** The file itself may be fine: sharing it again can work (a network error, a timeout, Slack refusing). */
    readonly retryable = false,
  ) {
    super(message);
  }
}

const SHARE_AGAIN =
  'Nothing was changed. Share the same file again in a minute or two; if it keeps failing, check https://slack-status.com and tell whoever runs phonebot.';

export function allowedFileHosts(slackApiUrl: string | undefined): Set<string> {
  const hosts = new Set(['files.slack.com']);
  if (slackApiUrl) hosts.add(new URL(slackApiUrl).host);
  return hosts;
}

/** A fetch or body-read error in the uploader's words: a timeout, or the connection failing. */
function downloadError(err: unknown, timeoutMs: number): FileRefused {
  if (err instanceof FileRefused) return err;
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return new FileRefused(
      `Slack did not send the whole file within ${Math.round(timeoutMs / 1000)} s (PHONEBOT_CSV_DOWNLOAD_TIMEOUT_MS)`,
      SHARE_AGAIN,
      true,
    );
  }
  const detail = e.cause?.code ?? e.cause?.message ?? e.message ?? 'unknown error';
  return new FileRefused(`the download from Slack failed (${detail})`, SHARE_AGAIN, true);
}

export async function* downloadSlackFile(
  url: string,
  opts: { token: string; maxBytes: number; allowedHosts: Set<string>; timeoutMs?: number; fetchImpl?: typeof fetch },
): AsyncGenerator<Buffer> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FileRefused('the file link Slack gave is not a URL');
  }
  if (
    !opts.allowedHosts.has(parsed.host) ||
    !/^https?:$/.test(parsed.protocol) ||
    (parsed.protocol === 'http:' && !/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(parsed.host))
  ) {
    throw new FileRefused(`refusing to download from ${parsed.host}: files are only fetched from Slack's file host`);
  }
  const timeoutMs = opts.timeoutMs ?? 60_000;
  let res: Response;
  try {
    res = await (opts.fetchImpl ?? fetch)(parsed, {
      headers: { authorization: `Bearer ${opts.token}` },
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw downloadError(err, timeoutMs);
  }
  if (!res.ok || !res.body) {
    const gone = res.status === 404 || res.status === 410;
    throw new FileRefused(
      `Slack answered HTTP ${res.status} for the file`,
      gone ? 'The file may have been deleted; upload it again.' : SHARE_AGAIN,
      !gone,
    );
  }
  if ((res.headers.get('content-type') ?? '').includes('text/html')) {
    await res.body.cancel().catch(() => undefined);
    throw new FileRefused(
      'Slack sent a login page instead of the file: the bot token lacks files:read, or the file is not shared with phonebot',
      'Nothing was changed. Share the file in a channel phonebot is a member of (or invite phonebot), then share it again; if that does not help, whoever runs phonebot must reinstall it with the files:read scope.',
      true,
    );
  }
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > opts.maxBytes)
    throw new FileRefused(
      `the file is ${declared} bytes; the limit is ${opts.maxBytes} (PHONEBOT_CSV_MAX_BYTES)`,
      'Split it into smaller files and upload them one by one.',
    );
  let seen = 0;
  try {
    for await (const chunk of Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>)) {
      const buf = Buffer.from(chunk as Uint8Array);
      seen += buf.length;
      if (seen > opts.maxBytes)
        throw new FileRefused(
          `the file is larger than ${opts.maxBytes} bytes (PHONEBOT_CSV_MAX_BYTES)`,
          'Split it into smaller files and upload them one by one.',
        );
      yield buf;
    }
  } catch (err) {
    throw downloadError(err, timeoutMs);
  }
}
