// E-mail addresses in a Slack message, for the "Provision phone for…" shortcut (issue 12 point 3).
// Slack formats a typed address as <mailto:a@b|a@b>; the link target is what Slack parsed, so it is what is
// read (the label could differ if someone pasted a disguised link). Lower-cased, deduplicated, message order.

const MAILTO = /<mailto:([^|>\s]+)(?:\|[^>]*)?>/gi;
// Same shape the command grammar accepts: something@domain.tld, no spaces or angle brackets.
const EMAIL = /^[^\s@<>|]+@[^\s@<>|]+\.[^\s@<>|]+$/;

/** At most `max` addresses: a message listing hundreds is a CSV's job, not a form's. */
export function emailsInMessage(text: string, max = 10): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(MAILTO)) {
    const email = decode(m[1]!).trim().toLowerCase();
    if (EMAIL.test(email) && !found.includes(email)) found.push(email);
    if (found.length >= max) break;
  }
  return found;
}

// A malformed %-escape in a pasted link is not an address, not an exception.
function decode(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return '';
  }
}
