import { messageBlockErrors } from '../block-limits.js';
import type { FakeMessage, Json } from '../types.js';
import type { Workspace } from '../workspace.js';
import { arrayArg, fail, str, type ApiResponse, type MethodContext, type MethodHandler } from './method-context.js';

const MAX_SCHEDULE_AHEAD_SECONDS = 120 * 24 * 3600;

function botProfile(ws: Workspace): Json {
  const icon = (size: number) => `https://avatars.example.invalid/${ws.botId}_${size}.png`;
  return {
    id: ws.botId,
    app_id: ws.appId,
    name: 'phonebot',
    icons: { image_36: icon(36), image_48: icon(48), image_72: icon(72) },
    deleted: false,
    updated: 1_700_000_000,
    team_id: ws.teamId,
  };
}

/** The `message` object Slack echoes back for a bot post. */
function messageJson(
  ws: Workspace,
  m: Pick<FakeMessage, 'text' | 'ts' | 'user' | 'blocks' | 'attachments' | 'thread_ts'>,
): Json {
  const out: Record<string, Json> = {
    type: 'message',
    text: m.text,
    user: m.user,
    ts: m.ts,
    team: ws.teamId,
  };
  if (m.user === ws.botUserId) {
    out.bot_id = ws.botId;
    out.app_id = ws.appId;
    out.bot_profile = botProfile(ws);
  }
  if (m.blocks !== undefined) out.blocks = m.blocks;
  if (m.attachments !== undefined) out.attachments = m.attachments;
  if (m.thread_ts !== undefined) out.thread_ts = m.thread_ts;
  return out;
}

interface Content {
  text: string | undefined;
  blocks: Json[] | undefined;
  attachments: Json[] | undefined;
}

/** Shared argument checks of the posting methods: blocks must parse and fit Block Kit limits. */
function readContent(args: Record<string, Json>): Content | ApiResponse {
  if (args.blocks !== undefined && !Array.isArray(args.blocks)) return fail('invalid_blocks_format');
  const blocks = arrayArg(args, 'blocks');
  const errors = messageBlockErrors(blocks);
  if (errors.length > 0) return fail('invalid_blocks', errors);
  if (args.attachments !== undefined && !Array.isArray(args.attachments)) return fail('invalid_attachments');
  return { text: str(args, 'text'), blocks, attachments: arrayArg(args, 'attachments') };
}

function isFailure(v: Content | ApiResponse): v is ApiResponse {
  return 'ok' in v;
}

function hasContent(c: Content): boolean {
  return (c.text !== undefined && c.text !== '') || (c.blocks?.length ?? 0) > 0 || (c.attachments?.length ?? 0) > 0;
}

const postMessage: MethodHandler = ({ ws, args }) => {
  const target = ws.checkBotCanPost(str(args, 'channel'));
  if ('error' in target) return fail(target.error);
  const content = readContent(args);
  if (isFailure(content)) return content;
  if (!hasContent(content)) return fail('no_text');
  const threadTs = str(args, 'thread_ts');
  const message = ws.addMessage({
    channel: target.channel.id,
    user: ws.botUserId,
    text: content.text ?? '',
    ...(content.blocks !== undefined ? { blocks: content.blocks } : {}),
    ...(content.attachments !== undefined ? { attachments: content.attachments } : {}),
    ...(args.metadata !== undefined ? { metadata: args.metadata } : {}),
    ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
  });
  return { ok: true, channel: message.channel, ts: message.ts, message: messageJson(ws, message) };
};

function locateMessage(ctx: MethodContext, notOwn: string): { message: FakeMessage } | ApiResponse {
  const { ws, args } = ctx;
  const channelRef = str(args, 'channel');
  const ts = str(args, 'ts');
  const channel = channelRef === undefined ? undefined : ws.findChannel(channelRef);
  if (!channel) return fail('channel_not_found');
  const message = ts === undefined ? undefined : ws.findMessage(channel.id, ts);
  if (!message) return fail('message_not_found');
  // Bots can only edit or delete what the same bot posted.
  if (message.user !== ws.botUserId) return fail(notOwn);
  return { message };
}

const update: MethodHandler = (ctx) => {
  const found = locateMessage(ctx, 'cant_update_message');
  if ('ok' in found) return found;
  const content = readContent(ctx.args);
  if (isFailure(content)) return content;
  if (content.text === undefined && content.blocks === undefined && content.attachments === undefined)
    return fail('no_text');
  const { message } = found;
  ctx.ws.updateMessage(message, {
    ...(content.text !== undefined ? { text: content.text } : {}),
    ...(content.blocks !== undefined ? { blocks: content.blocks } : {}),
    ...(content.attachments !== undefined ? { attachments: content.attachments } : {}),
  });
  return {
    ok: true,
    channel: message.channel,
    ts: message.ts,
    text: message.text,
    message: messageJson(ctx.ws, message),
  };
};

const del: MethodHandler = (ctx) => {
  const found = locateMessage(ctx, 'cant_delete_message');
  if ('ok' in found) return found;
  ctx.ws.deleteMessage(found.message);
  return { ok: true, channel: found.message.channel, ts: found.message.ts };
};

const postEphemeral: MethodHandler = ({ ws, args }) => {
  const target = ws.checkBotCanPost(str(args, 'channel'));
  if ('error' in target) return fail(target.error);
  const user = str(args, 'user');
  if (user === undefined || !ws.isMember(target.channel, user)) return fail('user_not_in_channel');
  const content = readContent(args);
  if (isFailure(content)) return content;
  if (!hasContent(content)) return fail('no_text');
  const messageTs = ws.ts.next();
  const threadTs = str(args, 'thread_ts');
  ws.ephemerals.push({
    channel: target.channel.id,
    user,
    text: content.text ?? '',
    message_ts: messageTs,
    ...(content.blocks !== undefined ? { blocks: content.blocks } : {}),
    ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
  });
  return { ok: true, message_ts: messageTs };
};

const scheduleMessage: MethodHandler = ({ ws, args, now }) => {
  const target = ws.checkBotCanPost(str(args, 'channel'));
  if ('error' in target) return fail(target.error);
  const postAt = Number(str(args, 'post_at'));
  if (!Number.isFinite(postAt)) return fail('invalid_time');
  const nowSec = Math.floor(now / 1000);
  if (postAt < nowSec) return fail('time_in_past');
  if (postAt > nowSec + MAX_SCHEDULE_AHEAD_SECONDS) return fail('time_too_far');
  const content = readContent(args);
  if (isFailure(content)) return content;
  if (!hasContent(content)) return fail('no_text');
  const id = ws.scheduledIds.next();
  const threadTs = str(args, 'thread_ts');
  ws.scheduled.set(id, {
    id,
    channel: target.channel.id,
    post_at: Math.floor(postAt),
    text: content.text ?? '',
    date_created: nowSec,
    ...(content.blocks !== undefined ? { blocks: content.blocks } : {}),
    ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
  });
  return {
    ok: true,
    channel: target.channel.id,
    scheduled_message_id: id,
    post_at: Math.floor(postAt),
    message: messageJson(ws, {
      text: content.text ?? '',
      ts: '',
      user: ws.botUserId,
      blocks: content.blocks,
      attachments: content.attachments,
      thread_ts: threadTs,
    }),
  };
};

const deleteScheduledMessage: MethodHandler = ({ ws, args }) => {
  const id = str(args, 'scheduled_message_id');
  const channel = ws.findChannel(str(args, 'channel') ?? '');
  if (!channel) return fail('channel_not_found');
  const scheduled = id === undefined ? undefined : ws.scheduled.get(id);
  if (!scheduled || scheduled.channel !== channel.id) return fail('invalid_scheduled_message_id');
  ws.scheduled.delete(scheduled.id);
  return { ok: true };
};

const scheduledMessagesList: MethodHandler = ({ ws, args }) => {
  const channel = str(args, 'channel');
  const list = [...ws.scheduled.values()]
    .filter((s) => channel === undefined || s.channel === channel)
    .map((s) => ({ id: s.id, channel_id: s.channel, post_at: s.post_at, date_created: s.date_created, text: s.text }));
  return { ok: true, scheduled_messages: list, response_metadata: { next_cursor: '' } };
};

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.delete': del,
  'chat.postEphemeral': postEphemeral,
  'chat.scheduleMessage': scheduleMessage,
  'chat.deleteScheduledMessage': deleteScheduledMessage,
  'chat.scheduledMessages.list': scheduledMessagesList,
};
