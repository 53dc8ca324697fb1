// Every date or time phonebot shows goes through here: Slack's date token renders it in each reader's own
// timezone and locale; the fallback (clients that cannot render the token, and copied text) is UTC.
const fallback = (d: Date) => `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;

/** `<!date^…^{date_short_pretty} {time}|2027-01-05 22:43 UTC>` for mrkdwn. */
export function slackDate(d: Date | string | null | undefined): string {
  if (d === null || d === undefined) return '';
  const date = typeof d === 'string' ? new Date(d) : d;
  if (Number.isNaN(date.getTime())) return '';
  return `<!date^${Math.floor(date.getTime() / 1000)}^{date_short_pretty} {time}|${fallback(date)}>`;
}

/** The same moment for plain text (`text` fallbacks, CSV cells): Slack tokens are not rendered there. */
export function plainDate(d: Date | null | undefined): string {
  return d ? fallback(d) : '';
}
