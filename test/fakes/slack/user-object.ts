import type { FakeUser, Json } from './types.js';

const DEFAULT_TZ = 'America/Los_Angeles';
const UPDATED_EPOCH = 1_700_000_000;

function offsetSeconds(tz: string): number {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part ?? '');
  if (!m) return 0;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 3600 + Number(m[3]) * 60);
}

function tzLabel(tz: string): string {
  return (
    new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value ?? tz
  );
}

function images(seed: string): Record<string, string> {
  const base = `https://avatars.example.invalid/${seed}`;
  const out: Record<string, string> = {};
  for (const size of [24, 32, 48, 72, 192, 512, 1024]) out[`image_${size}`] = `${base}_${size}.png`;
  out.image_original = `${base}_original.png`;
  return out;
}

/**
 * The `user` object of users.info / users.lookupByEmail, with the field set of Slack's
 * responses (java-slack-sdk samples) minus Enterprise Grid, guest and Slack Connect extras.
 */
export function buildUserObject(
  user: FakeUser,
  ctx: { teamId: string; botId: string; appId: string; botUserId: string; includeLocale?: boolean },
): Json {
  const tz = user.tz ?? DEFAULT_TZ;
  const realName = user.real_name ?? user.name;
  const [firstName = '', ...rest] = realName.split(' ');
  const isBot = user.is_bot === true || user.id === ctx.botUserId;
  const profile: Record<string, Json> = {
    title: '',
    phone: '',
    skype: '',
    real_name: realName,
    real_name_normalized: realName,
    display_name: user.name,
    display_name_normalized: user.name,
    fields: {},
    status_text: '',
    status_emoji: '',
    status_emoji_display_info: [],
    status_expiration: 0,
    avatar_hash: `g${user.id.toLowerCase().slice(0, 11)}`,
    is_custom_image: false,
    first_name: firstName,
    last_name: rest.join(' '),
    status_text_canonical: '',
    team: ctx.teamId,
    pronouns: '',
    huddle_state: 'default_unset',
    huddle_state_expiration_ts: 0,
    start_date: '',
    status_emoji_url: '',
    ...images(user.id),
  };
  // Slack only returns profile.email with users:read.email and when the user has one.
  if (user.email !== undefined) profile.email = user.email;
  if (isBot) {
    profile.bot_id = user.id === ctx.botUserId ? ctx.botId : `B${user.id.slice(1)}`;
    profile.api_app_id = user.id === ctx.botUserId ? ctx.appId : '';
    profile.always_active = true;
  }
  const obj: Record<string, Json> = {
    id: user.id,
    team_id: ctx.teamId,
    name: user.name,
    deleted: user.deleted === true,
    color: '9f69e7',
    real_name: realName,
    tz,
    tz_label: tzLabel(tz),
    tz_offset: offsetSeconds(tz),
    profile,
    is_admin: user.is_admin === true,
    is_owner: user.is_owner === true,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: isBot,
    is_app_user: false,
    updated: UPDATED_EPOCH,
    is_email_confirmed: user.email !== undefined,
    has_2fa: false,
    who_can_share_contact_card: 'EVERYONE',
    is_workflow_bot: false,
    is_invited_user: false,
    is_connector_bot: false,
  };
  if (ctx.includeLocale) obj.locale = 'en-US';
  return obj;
}
