// Character-level checks on cells. Emails must be plain ASCII: a Cyrillic "а" or a zero-width space copied
// from a web page gives an address that looks right and reaches nobody (or somebody else). Names end up in
// Zoom, in Slack messages and in the report CSV an admin opens in Excel, so anything that could act as a
// formula, a Slack mention or hidden text is refused rather than quietly altered.

// C0/C1 controls (tab and newline included: a name never spans lines), line/paragraph separators, and the
// bidirectional overrides used to make text display differently from what it is.
const CONTROL = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
const PLAIN_SUSPECT = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffd]/u;
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff]/;
const FORMULA_START = /^[=+\-@]/;

// The usual look-alikes; anything else non-ASCII is named by its code point.
const LOOK_ALIKES: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ӏ: 'l',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  α: 'a',
  ο: 'o',
  ν: 'v',
  ι: 'i',
  κ: 'k',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2018': "'",
  '\u2019': "'",
};

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Control characters and U+FFFD, for cells with no stricter rule. */
export function plainTextProblem(value: string): string | undefined {
  return PLAIN_SUSPECT.test(value) ? (unreadableProblem(value) ?? controlCharProblem(value)) : undefined;
}

export function controlCharProblem(value: string): string | undefined {
  const m = CONTROL.exec(value);
  if (!m) return undefined;
  const ch = m[0];
  if (ch === '\n' || ch === '\r') return 'contains a line break';
  return `contains an invisible control character (${codePoint(ch)})`;
}

export function unreadableProblem(value: string): string | undefined {
  return value.includes('\uFFFD')
    ? 'contains a character that could not be read (the file is not valid UTF-8); in Excel use Save As → "CSV UTF-8"'
    : undefined;
}

const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;
// Everything nameProblem looks for, in one test: most names have none of it.
const NAME_SUSPECT = /^[=+\-@]|[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069\u00ad\u200b-\u200f\u2060\ufeff\ufffd<>]/u;

/** Emails: only printable ASCII, with the offending character named and its look-alike shown. */
export function emailCharProblem(value: string): string | undefined {
  if (PRINTABLE_ASCII.test(value)) return undefined;
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (code > 0x20 && code < 0x7f) continue;
    if (ch === '\uFFFD') return unreadableProblem(value);
    if (INVISIBLE.test(ch) || CONTROL.test(ch) || /\s/u.test(ch))
      return `contains ${ch === ' ' ? 'a space' : `an invisible character (${codePoint(ch)})`}; retype the address`;
    const plain =
      LOOK_ALIKES[ch] ??
      (ch.normalize('NFKC') !== ch && /^[\x21-\x7e]$/.test(ch.normalize('NFKC')) ? ch.normalize('NFKC') : undefined);
    if (plain)
      return `contains "${ch}" (${codePoint(ch)}), which looks like "${plain}" but is a different character; retype the address using plain letters`;
    return `contains "${ch}" (${codePoint(ch)}); only plain ASCII email addresses are accepted`;
  }
  return undefined;
}

/** First and last names. */
export function nameProblem(value: string): string | undefined {
  if (!NAME_SUSPECT.test(value)) return value.length > 64 ? 'is longer than 64 characters' : undefined;
  const unreadable = unreadableProblem(value);
  if (unreadable) return unreadable;
  const control = controlCharProblem(value);
  if (control) return control;
  if (INVISIBLE.test(value)) return `contains an invisible character (${codePoint(INVISIBLE.exec(value)![0])})`;
  if (FORMULA_START.test(value))
    return `starts with "${value[0]}", which a spreadsheet would run as a formula; remove it`;
  if (/[<>]/.test(value))
    return 'contains < or >, which Slack reads as a mention or link (like <!channel>); remove them';
  if (value.length > 64) return 'is longer than 64 characters';
  return undefined;
}
