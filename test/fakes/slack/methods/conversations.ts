import { bool, fail, str, type MethodHandler } from './method-context.js';

const open: MethodHandler = ({ ws, args }) => {
  const channelId = str(args, 'channel');
  if (channelId !== undefined) {
    const channel = ws.channels.get(channelId);
    if (!channel || !channel.is_im) return fail('channel_not_found');
    return { ok: true, no_op: true, already_open: true, channel: { id: channel.id } };
  }
  const users = (str(args, 'users') ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  if (users.length === 0) return fail('users_list_not_supplied');
  // Group DMs (several users) are out of scope for this bot; Slack would create an mpim.
  if (users.length > 1) return fail('method_not_supported_for_channel_type');
  const [userId = ''] = users;
  const user = ws.users.get(userId);
  if (!user) return fail('user_not_found');
  if (user.deleted) return fail('user_disabled');
  const alreadyOpen = ws.hasDm(userId);
  const id = ws.dmChannelId(userId);
  const channel = bool(args, 'return_im')
    ? {
        id,
        created: 1_700_000_000,
        is_im: true,
        is_org_shared: false,
        user: userId,
        is_user_deleted: false,
        priority: 0,
      }
    : { id };
  return alreadyOpen ? { ok: true, no_op: true, already_open: true, channel } : { ok: true, channel };
};

export const conversationMethods: Record<string, MethodHandler> = {
  'conversations.open': open,
};
