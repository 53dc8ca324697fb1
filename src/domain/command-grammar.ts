// The `/phone` command language. Text arrives as Slack sends it, less its &amp;/&lt;/&gt; escapes (emails may be wrapped as
// <mailto:a@b|a@b>, quotes may be "smart"), keywords come in any order and any case, and multi-word names
// may be quoted or simply written out up to the next keyword. Parsing reports every problem at once.
import { z } from 'zod';
import { extensionSchema } from './extension-rule.js';
import { parseEmergencyAddress } from './emergency-address.js';
import { normaliseMac } from './mac-address.js';

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(128, 'is longer than Zoom allows (128 characters)')
  .pipe(z.email({ message: 'is not an email address' }));

const name = z.string().trim().min(1).max(100, 'is too long');

export const addArgsSchema = z.object({
  email: emailSchema,
  extension: extensionSchema.optional(),
  plan: name.optional(),
  number: z.string().trim().min(1).optional(),
  site: name.optional(),
  template: name.optional(),
  firstName: z.string().trim().max(64).optional(),
  lastName: z.string().trim().max(64).optional(),
  /** A role profile's name (issue 15): what the other keywords do not say comes from it. */
  profile: name.optional(),
  /** The desk phone's MAC, any common notation; kept as 12 hex digits. */
  mac: z
    .string()
    .transform((v, ctx) => {
      const r = normaliseMac(v);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.error.replace(/^"[^"]*" /, '') });
        return z.NEVER;
      }
      return r.mac;
    })
    .optional(),
  /** CSV "Desk Phone Model": checked against the profile's model. */
  deskPhoneModel: name.optional(),
  /** A personal emergency address on one line. */
  address: z
    .string()
    .transform((v, ctx) => {
      const r = parseEmergencyAddress(v);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.error });
        return z.NEVER;
      }
      return r.address;
    })
    .optional(),
});
export type AddArgs = z.output<typeof addArgsSchema>;

export type Command =
  | { kind: 'help' }
  | { kind: 'add'; args: AddArgs }
  | { kind: 'status'; email: string }
  | { kind: 'request' }
  | { kind: 'requests' }
  | { kind: 'cancel'; requestId: number }
  | { kind: 'audit'; email?: string; days: number }
  | { kind: 'ext'; email: string; extension: string }
  | { kind: 'resend'; email: string }
  | { kind: 'remove-package'; email: string; plan?: string }
  | { kind: 'remove'; email: string }
  | { kind: 'restore'; email: string }
  | { kind: 'trash' }
  | { kind: 'pending' }
  | { kind: 'drift' }
  | { kind: 'export'; site?: string }
  | { kind: 'csv-template' }
  | { kind: 'profiles' }
  | { kind: 'ready'; email: string; profile: string; mac?: string; address?: AddArgs['address'] };

/**
 * `partialAdd`: the add arguments that did read, when others did not — the listener still checks them against
 * Zoom so one reply lists every problem (a bad e-mail does not hide a taken extension).
 */
export type ParseResult =
  | { ok: true; command: Command }
  | { ok: false; errors: string[]; usage?: string; partialAdd?: Omit<Partial<AddArgs>, 'email'> };

export const USAGE: Record<string, string> = {
  add: '/phone add <email> [profile "<name>"] [mac <MAC>] [address "<street, city, ST zip, CC>"] [ext <digits>] [plan <name|code>] [number <+E.164>|auto] [site <name>] [template <name>]',
  profiles: '/phone profiles',
  ready: '/phone ready <email> profile "<name>" [mac <MAC>] [address "<street, city, ST zip, CC>"]',
  status: '/phone status <email>',
  request: '/phone request',
  requests: '/phone requests',
  cancel: '/phone cancel <request#>',
  audit: '/phone audit [email] [--days N]',
  ext: '/phone ext <email> <digits>',
  resend: '/phone resend <email>',
  'remove-package': '/phone remove-package <email> [plan]',
  remove: '/phone remove <email>',
  restore: '/phone restore <email>',
  trash: '/phone trash',
  pending: '/phone pending',
  drift: '/phone drift',
  export: '/phone export [site <name>]',
  csv: '/phone csv template',
  help: '/phone help',
};

/** Splits on whitespace, keeping "quoted phrases" (straight or smart quotes) together. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /"([^"]*)"|“([^”]*)”|'([^']*)'|‘([^’]*)’|(\S+)/g;
  for (const m of text.matchAll(re)) tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '');
  return tokens;
}

/** Slack may send `<mailto:jane@corp.com|jane@corp.com>`; an admin may paste `<jane@corp.com>`. */
export function unwrapSlackEmail(token: string): string {
  const m = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/i.exec(token) ?? /^<([^|>@\s]+@[^|>\s]+)>$/.exec(token);
  return m ? m[1]! : token;
}

const ADD_KEYWORDS: Record<string, keyof AddArgs> = {
  ext: 'extension',
  extension: 'extension',
  plan: 'plan',
  package: 'plan',
  'calling-plan': 'plan',
  number: 'number',
  num: 'number',
  did: 'number',
  site: 'site',
  template: 'template',
  first: 'firstName',
  last: 'lastName',
  profile: 'profile',
  role: 'profile',
  mac: 'mac',
  address: 'address',
  e911: 'address',
};

/** One problem that quotes the value back: `Email "not-an-email" is not an email address`. */
const quoted = (label: string, value: string, error: z.ZodError) =>
  `${label} "${value}" ${error.issues[0]?.message ?? 'is not valid'}`;

/** Each problem quotes the value back: `Email "not-an-email" is not an email address`. */
function issuesToText(error: z.ZodError, labels: Record<string, string>, input: Record<string, string>): string[] {
  return error.issues.map((i) => {
    const key = String(i.path[0] ?? '');
    const value = input[key];
    return `${labels[key] ?? key}${value ? ` "${value}"` : ''} ${i.message}`.trim();
  });
}

const ADD_LABELS: Record<string, string> = {
  email: 'Email',
  extension: 'Extension',
  plan: 'Calling plan',
  number: 'Number',
  site: 'Site',
  template: 'Template',
  firstName: 'First name',
  lastName: 'Last name',
  profile: 'Profile',
  mac: 'Desk phone MAC',
  address: 'Emergency address',
};

function parseAdd(tokens: string[]): ParseResult {
  const errors: string[] = [];
  const raw: Record<string, string> = {};
  let email: string | undefined;
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    const key = ADD_KEYWORDS[token.toLowerCase()];
    if (key) {
      const values: string[] = [];
      i++;
      while (i < tokens.length && !ADD_KEYWORDS[tokens[i]!.toLowerCase()]) values.push(tokens[i++]!);
      if (values.length === 0) errors.push(`"${token}" needs a value`);
      else if (raw[key] !== undefined) errors.push(`${ADD_LABELS[key]} is given twice`);
      else raw[key] = values.join(' ');
      continue;
    }
    const candidate = unwrapSlackEmail(token);
    if (email === undefined) email = candidate;
    else
      errors.push(
        `I don't understand "${token}" (expected one of: profile, mac, address, ext, plan, number, site, template)`,
      );
    i++;
  }
  if (email === undefined) errors.push('Email is missing');
  const input = { ...raw, email: email ?? '' };
  const parsed = addArgsSchema.safeParse(input);
  if (!parsed.success)
    errors.push(
      ...issuesToText(parsed.error, ADD_LABELS, input).filter((e) => !(email === undefined && e.startsWith('Email'))),
    );
  if (errors.length || !parsed.success) {
    // The fields that did read, each on its own, for the Zoom-backed checks.
    const shape = addArgsSchema.shape;
    const partialAdd: Record<string, string> = {};
    for (const [key, value] of Object.entries(raw)) {
      const one = shape[key as keyof typeof shape].safeParse(value);
      if (one.success && typeof one.data === 'string') partialAdd[key] = one.data;
    }
    return { ok: false, errors, usage: USAGE.add, partialAdd };
  }
  return { ok: true, command: { kind: 'add', args: parsed.data } };
}

/** `ready`: the add grammar's email, profile, mac and address; nothing that belongs to /phone ext or an update row. */
function parseReady(rest: string[]): ParseResult {
  const usage = USAGE.ready;
  const add = parseAdd(rest);
  if (!add.ok) return { ok: false, errors: add.errors, usage };
  if (add.command.kind !== 'add') return { ok: false, errors: ['Email is missing'], usage };
  const { email, profile, mac, address, ...others } = add.command.args;
  const errors: string[] = [];
  if (!profile) errors.push("Profile is missing: /phone ready gives an existing phone user a profile's parts");
  const extra = Object.entries(others).filter(([, v]) => v !== undefined);
  if (extra.length)
    errors.push(
      `/phone ready takes only profile, mac and address (got ${extra.map(([k]) => ADD_LABELS[k]?.toLowerCase() ?? k).join(', ')}); change the others with /phone ext or a CSV update row`,
    );
  if (errors.length || !profile) return { ok: false, errors, usage };
  return { ok: true, command: { kind: 'ready', email, profile, mac, address } };
}

function parseEmailOnly(kind: 'status' | 'resend' | 'remove' | 'restore', rest: string[]): ParseResult {
  const usage = USAGE[kind];
  if (rest.length !== 1)
    return { ok: false, errors: [rest.length ? 'Give exactly one email address' : 'Email is missing'], usage };
  const email = emailSchema.safeParse(unwrapSlackEmail(rest[0]!));
  if (!email.success) return { ok: false, errors: [quoted('Email', rest[0]!, email.error)], usage };
  return { ok: true, command: { kind, email: email.data } };
}

export function parseCommand(text: string): ParseResult {
  const tokens = tokenize(text.trim());
  const verb = (tokens[0] ?? 'help').toLowerCase();
  const rest = tokens.slice(1);
  switch (verb) {
    case 'help':
    case '?':
      return { ok: true, command: { kind: 'help' } };
    case 'add':
      return parseAdd(rest);
    case 'status':
    case 'resend':
    case 'remove':
    case 'restore':
      return parseEmailOnly(verb, rest);
    case 'request':
      return { ok: true, command: { kind: 'request' } };
    case 'requests':
      return { ok: true, command: { kind: 'requests' } };
    case 'trash':
      return { ok: true, command: { kind: 'trash' } };
    case 'profiles':
      return { ok: true, command: { kind: 'profiles' } };
    case 'ready':
      return parseReady(rest);
    case 'pending':
      return { ok: true, command: { kind: 'pending' } };
    case 'drift':
      if (rest.length)
        return {
          ok: false,
          errors: [`/phone drift takes nothing after it (got "${rest.join(' ')}")`],
          usage: USAGE.drift,
        };
      return { ok: true, command: { kind: 'drift' } };
    case 'export': {
      if (rest.length === 0) return { ok: true, command: { kind: 'export' } };
      const what = rest[0]!.toLowerCase();
      const value = rest.slice(1).join(' ').trim();
      if (what === 'site' && value) return { ok: true, command: { kind: 'export', site: value } };
      // Profiles (src/config/profiles.ts) are not loaded by the bot yet, so there is nothing to filter by.
      if (what === 'profile')
        return {
          ok: false,
          errors: ['/phone export cannot filter by profile yet; export one site, or everyone'],
          usage: USAGE.export,
        };
      return {
        ok: false,
        errors: [
          what === 'site'
            ? '"site" needs a site name, e.g. /phone export site "Main Office"'
            : `I don't understand "${rest.join(' ')}" (expected nothing, or site <name>)`,
        ],
        usage: USAGE.export,
      };
    }
    case 'cancel': {
      const id = /^#?(\d{1,9})$/.exec(rest[0] ?? '');
      if (!id || rest.length !== 1)
        return { ok: false, errors: ['Give the request number, e.g. /phone cancel 42'], usage: USAGE.cancel };
      return { ok: true, command: { kind: 'cancel', requestId: Number(id[1]) } };
    }
    case 'audit': {
      let email: string | undefined;
      let days = 7;
      const errors: string[] = [];
      for (let i = 0; i < rest.length; i++) {
        const t = rest[i]!;
        if (t === '--days' || t === 'days') {
          const n = Number(rest[++i]);
          if (!Number.isInteger(n) || n < 1 || n > 3650)
            errors.push('--days needs a whole number of days between 1 and 3650');
          else days = n;
        } else if (email === undefined) {
          const parsed = emailSchema.safeParse(unwrapSlackEmail(t));
          if (parsed.success) email = parsed.data;
          else errors.push(`"${t}" is not an email address`);
        } else errors.push(`I don't understand "${t}"`);
      }
      if (errors.length) return { ok: false, errors, usage: USAGE.audit };
      return { ok: true, command: { kind: 'audit', email, days } };
    }
    case 'ext':
    case 'extension': {
      const errors: string[] = [];
      const email = emailSchema.safeParse(unwrapSlackEmail(rest[0] ?? ''));
      if (!email.success) errors.push(rest[0] ? quoted('Email', rest[0]!, email.error) : 'Email is missing');
      const ext = extensionSchema.safeParse(rest[1] ?? '');
      if (!ext.success) errors.push(rest[1] ? quoted('Extension', rest[1]!, ext.error) : 'Extension is missing');
      if (rest.length > 2) errors.push(`I don't understand "${rest.slice(2).join(' ')}"`);
      if (errors.length || !email.success || !ext.success) return { ok: false, errors, usage: USAGE.ext };
      return { ok: true, command: { kind: 'ext', email: email.data, extension: ext.data } };
    }
    case 'remove-package':
    case 'remove-plan': {
      const email = emailSchema.safeParse(unwrapSlackEmail(rest[0] ?? ''));
      if (!email.success)
        return {
          ok: false,
          errors: [rest[0] ? quoted('Email', rest[0]!, email.error) : 'Email is missing'],
          usage: USAGE['remove-package'],
        };
      const plan = rest.slice(1).join(' ').trim() || undefined;
      return { ok: true, command: { kind: 'remove-package', email: email.data, plan } };
    }
    case 'csv':
      if ((rest[0] ?? '').toLowerCase() === 'template' && rest.length === 1)
        return { ok: true, command: { kind: 'csv-template' } };
      return {
        ok: false,
        errors: ['Did you mean /phone csv template? To import users, upload a .csv file in a channel with phonebot.'],
        usage: USAGE.csv,
      };
    default: {
      const near = closestCommand(verb);
      const hint = near ? ` Did you mean /phone ${near}? (${USAGE[near]})` : ' /phone help lists them all.';
      return { ok: false, errors: [`Unknown command "${tokens[0]}".${hint}`], usage: near ? undefined : USAGE.help };
    }
  }
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The subcommand a typo most likely meant (`stauts` → status, `rm` no), or none when nothing is close. */
export function closestCommand(word: string): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of Object.keys(USAGE)) {
    const d = name.startsWith(word) && word.length >= 3 ? 0 : editDistance(word, name);
    if (!best || d < best.d) best = { name, d };
  }
  // A third of the word may be wrong (at least one edit, at most three): closer than that is a guess.
  return best && best.d <= Math.min(3, Math.max(1, Math.floor(best.name.length / 3))) ? best.name : undefined;
}
