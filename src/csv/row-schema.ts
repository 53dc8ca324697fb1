// What one data row may contain, per row kind. These two schemas are the only place a row's cells are
// validated and normalised; AddRow and UpdateRow are their outputs. Blank cells never reach them (the caller
// leaves those keys out), so a present key always means the admin wrote something.
//
// "-" means "remove" and only in update rows, where it is allowed for what Zoom can take away: the calling
// plan(s) and the direct number(s). An extension can only be changed, every phone user belongs to a site,
// and Zoom has no "no template", so "-" there is an error that says so.
import { z } from 'zod';
import { addArgsSchema, emailSchema } from '../domain/command-grammar.js';
import { EXTENSION_DIGITS, extensionSchema } from '../domain/extension-rule.js';
import { normalisePhoneNumber } from '../domain/phone-number.js';
import { normaliseMac } from '../domain/mac-address.js';
import { parseEmergencyAddress, type EmergencyAddressInput } from '../domain/emergency-address.js';
import { emailCharProblem, nameProblem, plainTextProblem } from './cell-text.js';
import { fastE164 } from './phone-fast-path.js';

const REMOVE = '-';
const MAX_CELL_LENGTH = 256;

const REMOVE_IN_ADD = 'is "-", which means "remove" and only works in update rows; leave the cell blank instead';
const NO_NAME_CHANGE =
  'cannot be changed by an update row (names belong to the Zoom user profile); leave the cell blank';

type Check = (value: string) => string | undefined;

/** What a cell parser returns instead of a value when the cell is wrong. */
class Problem {
  constructor(readonly message: string) {}
}
type CellParser<T> = (value: string) => T | Problem;

const plain: Check = plainTextProblem;

// Per-field memory of recent answers for columns whose values repeat down the file (plan, site, names):
// the answer depends only on the text, and a lookup is far cheaper than the checks. Bounded, so a file of
// unique values cannot grow it without limit.
const MEMO_LIMIT = 4096;

/**
 * One cell: trimmed, then the checks every cell gets, then `parse`. Each field is one string schema with one
 * check that validates and replaces the value (domain schemas are called inside it): zod's transform/pipe
 * costs several times more per cell, which a 100k-row file cannot afford.
 */
function cell<T = string>(
  check: Check = plain,
  parse?: CellParser<T>,
  opts: { repeats?: boolean } = {},
): z.ZodType<T, string> {
  const evaluate = (value: string): T | Problem => {
    const problem = value.length > MAX_CELL_LENGTH ? `is longer than ${MAX_CELL_LENGTH} characters` : check(value);
    return problem !== undefined ? new Problem(problem) : parse ? parse(value) : (value as T);
  };
  const memo = opts.repeats ? new Map<string, T | Problem>() : undefined;
  const schema = z.string({ error: 'is missing' }).check((payload) => {
    const value = payload.value.trim();
    let out = memo?.get(value);
    if (out === undefined) {
      out = evaluate(value);
      if (memo) {
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(value, out);
      }
    }
    if (out instanceof Problem) payload.issues.push({ code: 'custom', message: out.message, input: payload.value });
    else (payload as { value: unknown }).value = out;
  });
  // The check replaces the string with the parsed value, so the schema's output is T.
  return schema as unknown as z.ZodType<T, string>;
}

/** Runs a domain schema on the cell and keeps its first message on failure. */
function via<T>(schema: z.ZodType<T, string>): CellParser<T> {
  return (value) => {
    const r = schema.safeParse(value);
    return r.success ? r.data : new Problem(r.error.issues[0]?.message ?? 'is not valid');
  };
}

const unless =
  (bad: string, message: string, then: Check = plain): Check =>
  (v) =>
    v === bad ? message : then(v);

// Reused from /phone add so a name accepted there is accepted here (length limit, "is too long").
const catalogName = via(addArgsSchema.shape.plan.unwrap());

// Printable ASCII has no control characters, so the ASCII check covers the plain one.
const email = cell(emailCharProblem, via(emailSchema));

// Excel turns 4021 into "4021.0" (or "4021,0") when the column was numeric; an apostrophe forces text.
// Plain digits of an allowed length pass the extension rule as they are; anything else is asked of it.
const extensionRule = via(extensionSchema);
const PLAIN_EXTENSION = new RegExp(`^\\d{${EXTENSION_DIGITS.min},${EXTENSION_DIGITS.max}}$`);
const extension = (check: Check) =>
  cell(check, (v) => (PLAIN_EXTENSION.test(v) ? v : extensionRule(v.replace(/^'/, '').replace(/^(\d+)[.,]0+$/, '$1'))));

function isValidAsIs(e164: string, defaultCountry: string): boolean {
  if (fastE164(e164, defaultCountry) === e164) return true;
  const parsed = normalisePhoneNumber(e164, defaultCountry);
  return parsed.ok && parsed.e164 === e164;
}

function phoneNumber(defaultCountry: string, allowAuto: boolean): CellParser<string> {
  return (value) => {
    if (/^auto$/i.test(value)) {
      return allowAuto
        ? 'auto'
        : new Problem(
            'is "auto", which only works when adding a user; give the number as +<country code><number>, or "-" to remove it',
          );
    }
    const text = value.replace(/^'\s*/, '');
    const fast = fastE164(text, defaultCountry);
    if (fast) return fast;
    const parsed = normalisePhoneNumber(text, defaultCountry);
    if (parsed.ok) return parsed.e164;
    // Excel drops the + of an international number typed as digits; if the digits only make sense with it,
    // put it back (the preview shows the fix, so the admin confirms it).
    if (/^[1-9]\d{7,14}$/.test(text) && isValidAsIs(`+${text}`, defaultCountry)) return `+${text}`;
    return new Problem(parsed.error);
  };
}

const REPEATS = { repeats: true };

/**
 * Update rows may list several plans or numbers in one cell, separated by ";" (an export writes a user's
 * plans and numbers that way). Each part is checked on its own and the list is rejoined with "; "; the live
 * check accepts such a list only when it is exactly what the user has (an update row sets one of each).
 */
function several<T extends string>(parse: CellParser<T>): CellParser<string> {
  return (value) => {
    if (!value.includes(';')) return parse(value);
    const parts: string[] = [];
    for (const part of value.split(';')) {
      const text = part.trim();
      if (text === '') continue;
      const one = parse(text);
      if (one instanceof Problem) return one;
      parts.push(one);
    }
    return parts.join('; ');
  };
}

/** 00:11:22:33:44:55, 00-11-…, 0011.2233.4455 or bare: kept as the 12 hex digits Zoom takes. */
const macCell: CellParser<string> = (v) => {
  const r = normaliseMac(v);
  return r.ok
    ? r.mac
    : new Problem(
        `"${v}" is not a MAC address; write it as 00:11:22:33:44:55, 00-11-22-33-44-55, 0011.2233.4455 or 001122334455`,
      );
};
const addressCell: CellParser<EmergencyAddressInput> = (v) => {
  const r = parseEmergencyAddress(v);
  return r.ok ? r.address : new Problem(r.error);
};
const READY_NO_REMOVE =
  'cannot be removed by an update row; leave the cell blank (soft delete takes a user out of queues and off desk phones)';

function addShape(defaultCountry: string) {
  return {
    email,
    firstName: cell(unless(REMOVE, REMOVE_IN_ADD, nameProblem), undefined, REPEATS).optional(),
    lastName: cell(unless(REMOVE, REMOVE_IN_ADD, nameProblem), undefined, REPEATS).optional(),
    extension: extension(unless(REMOVE, REMOVE_IN_ADD)).optional(),
    plan: cell(unless(REMOVE, REMOVE_IN_ADD), catalogName, REPEATS).optional(),
    number: cell(unless(REMOVE, REMOVE_IN_ADD), phoneNumber(defaultCountry, true)).optional(),
    site: cell(unless(REMOVE, REMOVE_IN_ADD), catalogName, REPEATS).optional(),
    template: cell(unless(REMOVE, REMOVE_IN_ADD), catalogName, REPEATS).optional(),
    profile: cell(unless(REMOVE, REMOVE_IN_ADD), catalogName, REPEATS).optional(),
    mac: cell(unless(REMOVE, REMOVE_IN_ADD), macCell).optional(),
    deskPhoneModel: cell(unless(REMOVE, REMOVE_IN_ADD), catalogName, REPEATS).optional(),
    emergencyAddress: cell(unless(REMOVE, REMOVE_IN_ADD), addressCell).optional(),
  };
}

function updateShape(defaultCountry: string) {
  const number = phoneNumber(defaultCountry, false);
  return {
    email,
    // Present only to refuse them with a reason; an update row cannot rename anyone.
    firstName: z.never({ error: NO_NAME_CHANGE }).optional(),
    lastName: z.never({ error: NO_NAME_CHANGE }).optional(),
    extension: extension(
      unless(REMOVE, 'cannot be removed, only changed; give the new extension, or leave the cell blank to keep it'),
    ).optional(),
    plan: cell(plain, (v) => (v === REMOVE ? null : several(catalogName)(v)), REPEATS).optional(),
    number: cell(plain, (v) => (v === REMOVE ? null : several(number)(v))).optional(),
    site: cell(
      unless(
        REMOVE,
        'cannot be removed: every phone user belongs to a site; give the site to move them to, or leave the cell blank',
      ),
      catalogName,
      REPEATS,
    ).optional(),
    template: cell(
      unless(REMOVE, 'cannot be removed (Zoom has no "no template"); give another template, or leave the cell blank'),
      catalogName,
      REPEATS,
    ).optional(),
    // A profile in an update row adds its ready parts to an existing phone user (domain/bulk/live-check.ts);
    // nothing of these can be "removed" from a row: soft delete takes a user out of queues and off a phone.
    profile: cell(unless(REMOVE, READY_NO_REMOVE), catalogName, REPEATS).optional(),
    mac: cell(unless(REMOVE, READY_NO_REMOVE), macCell).optional(),
    deskPhoneModel: cell(unless(REMOVE, READY_NO_REMOVE), catalogName, REPEATS).optional(),
    emergencyAddress: cell(unless(REMOVE, READY_NO_REMOVE), addressCell).optional(),
  };
}

export function buildRowSchemas(defaultCountry: string) {
  const add = addShape(defaultCountry);
  const update = updateShape(defaultCountry);
  return {
    addShape: add,
    updateShape: update,
    add: z.object(add),
    /** For a row whose Mode cell is invalid: only its email can be checked. */
    emailOnly: z.object({ email }),
    // A row with only an email asks for no change: it is valid and ends as "unchanged" in the result, so
    // that every row of the file is accounted for (an update file is often a full export of the users).
    update: z.object(update),
  };
}

export type RowSchemas = ReturnType<typeof buildRowSchemas>;
export type AddRow = z.output<RowSchemas['add']>;
/** In update rows a missing key leaves the value unchanged and null removes it (names are always refused). */
export type UpdateRow = Omit<z.output<RowSchemas['update']>, 'firstName' | 'lastName'>;

export const modeSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['add', 'update'], { error: 'must be "add" or "update"' }));
