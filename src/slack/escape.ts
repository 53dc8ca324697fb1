// Text from outside (emails, names, CSV cells, Zoom's error messages) is made inert before it is put into
// mrkdwn: Slack's control sequences (<!channel>, <@U…>, <http…|…>) need `<`, `>` and `&`, so escaping those
// three stops mentions, broadcasts and disguised links; control characters and bidi overrides are dropped
// and length is capped so nobody can push the real content out of view.

// C0/C1 controls (except tab/newline), zero-width and bidirectional override characters.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

export function clean(text: string, max = 300): string {
  const flat = text.replace(INVISIBLE, '');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** For mrkdwn fields. */
export function esc(text: string | number | null | undefined, max = 300): string {
  if (text === null || text === undefined) return '';
  return clean(String(text), max).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For plain_text fields: Slack does not parse them, only length and invisible characters matter. */
export function plain(text: string | number | null | undefined, max = 300): string {
  if (text === null || text === undefined) return '';
  return clean(String(text), max);
}

export const mention = (userId: string) => (/^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : esc(userId));

const SLACK_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/**
 * The reverse, for text Slack sends us: in slash-command text it escapes the `&`, `<` and `>` a person typed
 * (its own markup, `<mailto:…|…>`, keeps real brackets). Decoded once at the Slack boundary, in one pass so
 * a typed `&lt;` (sent as `&amp;lt;`) stays `&lt;`; nothing downstream ever sees an entity.
 */
export function unescapeSlack(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) => SLACK_ENTITIES[name]!);
}
