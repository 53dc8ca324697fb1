import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApiCall, type ApiDeps } from './api-dispatch.js';
import { buildFileObject, kindFor } from './file-object.js';
import { acceptUpload, serveDownload } from './file-routes.js';
import { FaultQueue, faultReply } from './faults.js';
import { DownloadFaults, downloadFileId, serveFaultyDownload } from './download-faults.js';
import { bearerToken, reply, replyText } from './http-reply.js';
import { TierLimiter } from './rate-limits.js';
import { readBody } from './request-body.js';
import { acceptResponsePost } from './response-urls.js';
import { functionExecutedEnvelope } from './payloads.js';
import { randomHex } from './ids.js';
import type {
  AddFileInput,
  DownloadRecord,
  FakeFile,
  FakeMessage,
  RecordedCall,
  SlackFake,
  SlackFakeOptions,
} from './types.js';
import { pollUntil } from './wait-for.js';
import { Workspace } from './workspace.js';

export const DEFAULT_BOT_TOKEN = 'xoxb-test-token';
export const DEFAULT_APP_TOKEN = 'xapp-1-A0FAKEAPP-1-test';
const FAKE_APP_ID = 'A0FAKEAPP';

function routeKey(path: string): 'upload' | 'files-pri' | 'response' | undefined {
  if (path.startsWith('/upload/')) return 'upload';
  if (path.startsWith('/files-pri/')) return 'files-pri';
  if (path.startsWith('/response/')) return 'response';
  return undefined;
}

export async function startSlackFake(options: SlackFakeOptions = {}): Promise<SlackFake> {
  const botToken = options.botToken ?? DEFAULT_BOT_TOKEN;
  const ws = new Workspace({
    teamId: options.teamId ?? 'T0TEST',
    botUserId: options.botUserId ?? 'UBOT',
    botId: options.botId ?? 'BBOT',
    appId: FAKE_APP_ID,
    users: options.users ?? [],
    usergroups: options.usergroups ?? {},
    channels: options.channels ?? [],
    homeTabEnabled: options.homeTabEnabled ?? true,
  });
  const calls: RecordedCall[] = [];
  const downloads: DownloadRecord[] = [];
  const faults = new FaultQueue();
  const downloadFaults = new DownloadFaults();
  const deps: ApiDeps = {
    ws,
    calls,
    faults,
    limiter: options.tierRateLimits ? new TierLimiter() : undefined,
    botToken,
    appToken: options.appToken ?? DEFAULT_APP_TOKEN,
    socketModeUrl: options.socketModeUrl,
  };
  let baseUrl = '';

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const path = url.pathname;
    const raw = await readBody(req);
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));

    const apiMatch = /^\/api\/([A-Za-z0-9_.]+)$/.exec(path);
    if (apiMatch?.[1] && (req.method === 'POST' || req.method === 'GET')) {
      await handleApiCall(req, res, apiMatch[1], raw, url.searchParams, baseUrl, deps);
      return;
    }
    const key = routeKey(path);
    const fault = key ? faults.take(key, false) : undefined;
    if (fault) {
      const r = faultReply(fault);
      reply(res, r.status, r.headers, r.body);
      return;
    }
    if (key === 'files-pri' && req.method === 'GET') {
      const fileId = downloadFileId(path);
      const broken = downloadFaults.take(fileId);
      if (broken) {
        downloads.push({
          fileId,
          authorized: bearerToken(req.headers.authorization) === botToken,
          at: new Date(),
          fault: broken.kind,
        });
        serveFaultyDownload(req, res, broken, ws.files.get(fileId)?.content);
      } else serveDownload(req, res, path, ws, botToken, downloads);
    } else if (key === 'upload' && req.method === 'POST') await acceptUpload(req, res, path, raw, ws);
    else if (key === 'response' && req.method === 'POST') acceptResponsePost(res, path, raw, ws);
    else replyText(res, 404, `fake slack: no route for ${req.method ?? '?'} ${path}`);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      if (!res.headersSent) replyText(res, 500, `fake slack internal error: ${message}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  ws.baseUrl = baseUrl;

  const inChannel = (channel?: string) => (m: { channel: string }) => channel === undefined || m.channel === channel;

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    calls,
    messages: (channel) => ws.messages.filter(inChannel(channel)),
    ephemerals: (channel) => ws.ephemerals.filter(inChannel(channel)),
    responses: () => [...ws.responsePosts],
    responseUrl: () => ws.issueResponseUrl(),
    triggerId: (context) => ws.issueTrigger(context),
    views: () => [...ws.views.values()],
    homeView: (userId) => ws.homes.get(userId),
    dms: (userId) => (ws.hasDm(userId) ? ws.messages.filter(inChannel(ws.dmChannelId(userId))) : []),
    dmChannelId: (userId) => ws.dmChannelId(userId),
    addFile: (input) => addFile(ws, baseUrl, input),
    uploads: () => [...ws.completedUploads],
    downloads: () => [...downloads],
    injectFault: (fault) => faults.add(fault),
    failDownloads: (fault) => downloadFaults.add(fault),
    clearFaults: () => {
      faults.clear();
      downloadFaults.clear();
    },
    waitFor: (predicate, opts = {}) => pollUntil(predicate, opts, () => calls),
    postUserMessage: (msg) => {
      const channel = ws.findChannel(msg.channel);
      if (!channel) throw new Error(`postUserMessage: unknown channel ${msg.channel}`);
      return ws.addMessage({ ...msg, channel: channel.id });
    },
    startFunction: (input) => {
      const execution = {
        id: ws.functionExecutionIds.next(),
        workflowExecutionId: ws.workflowExecutionIds.next(),
        callbackId: input.callbackId,
        inputs: input.inputs,
        // Shaped like Slack's workflow tokens; valid for the app's calls while the fake runs.
        workflowToken: `xwfp-${randomHex(6)}-${randomHex(12)}`,
        ...(input.definition !== undefined ? { definition: input.definition } : {}),
        state: 'running' as const,
        startedAt: new Date(),
      };
      ws.functionExecutions.set(execution.id, execution);
      const envelope = functionExecutedEnvelope({
        callbackId: input.callbackId,
        inputs: input.inputs,
        functionExecutionId: execution.id,
        workflowExecutionId: execution.workflowExecutionId,
        botAccessToken: execution.workflowToken,
        teamId: ws.teamId,
        ...(input.definition !== undefined ? { definition: input.definition } : {}),
      });
      return { execution, envelope };
    },
    functionExecutions: () => [...ws.functionExecutions.values()],
    scheduledMessages: (channel) => [...ws.scheduled.values()].filter(inChannel(channel)),
    deliverDueScheduled: (at = new Date()) => {
      const due = [...ws.scheduled.values()].filter((s) => s.post_at <= Math.floor(at.getTime() / 1000));
      const posted: FakeMessage[] = [];
      for (const s of due.sort((a, b) => a.post_at - b.post_at)) {
        ws.scheduled.delete(s.id);
        posted.push(
          ws.addMessage({
            channel: s.channel,
            user: ws.botUserId,
            text: s.text,
            ...(s.blocks !== undefined ? { blocks: s.blocks } : {}),
            ...(s.thread_ts !== undefined ? { thread_ts: s.thread_ts } : {}),
          }),
        );
      }
      return posted;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

function addFile(ws: Workspace, baseUrl: string, input: AddFileInput): FakeFile {
  const id = ws.fileIds.next();
  const content = typeof input.content === 'string' ? Buffer.from(input.content, 'utf8') : input.content;
  const channel = input.channel === undefined ? undefined : ws.findChannel(input.channel);
  if (input.channel !== undefined && !channel) throw new Error(`addFile: unknown channel ${input.channel}`);
  const kind = kindFor(input.name, input.filetype);
  const file = buildFileObject({
    id,
    name: input.name,
    user: input.user,
    content,
    filetype: input.filetype ?? kind.filetype,
    created: Math.floor(Date.now() / 1000),
    baseUrl,
    teamId: ws.teamId,
    shares: channel
      ? [
          {
            channel: channel.id,
            channelName: channel.name,
            ts: ws.ts.next(),
            isPrivate: channel.is_private === true,
            isIm: channel.is_im === true,
          },
        ]
      : [],
    ...(input.title !== undefined ? { title: input.title } : {}),
    ...(input.mimetype !== undefined ? { mimetype: input.mimetype } : {}),
    ...(input.size !== undefined ? { size: input.size } : {}),
  });
  ws.files.set(id, { file, content });
  return file;
}
