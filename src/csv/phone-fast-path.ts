// A fast yes for the numbers a bulk file mostly holds: valid E.164, and plainly formatted numbers such as
// "(415) 555-0100". libphonenumber rebuilds every pattern with `new RegExp` on each call (~15 µs a number on a
// small server, most of the time a 100k-row check takes). This replays the library's own decision — calling
// code, national-prefix and IDD handling, country choice for shared calling codes, number-type patterns — on
// the same "max" metadata, with each pattern compiled once. It only ever answers "valid, and this is the
// E.164 form"; anything it is not certain of (a national prefix, an IDD prefix, a non-geographic code, an
// invalid number) goes to normalisePhoneNumber, so errors and edge cases are always the library's.
// test/csv/phone-fast-path.test.ts checks the two agree on tens of thousands of numbers.
import { Metadata } from 'libphonenumber-js/max';

// The parts of libphonenumber's Metadata class this needs; its published typings only declare a few.
interface NumberType {
  pattern(): string;
  possibleLengths(): number[] | undefined;
}
interface NumberingPlan {
  callingCode(): string;
  IDDPrefix(): string | undefined;
  nationalNumberPattern(): string;
  nationalPrefixForParsing(): string | undefined;
  leadingDigits(): string | undefined;
  type(name: string): NumberType | undefined;
}
interface MetadataApi {
  hasCallingCode(callingCode: string): boolean | undefined;
  getCountryCodesForCallingCode(callingCode: string): string[] | undefined;
  selectNumberingPlan(countryOrCallingCode: string): unknown;
  numberingPlan?: NumberingPlan;
}

// Same order as libphonenumber's getNumberType: a number is valid when it matches any of them.
const TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'PREMIUM_RATE',
  'TOLL_FREE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
];
const E164 = /^\+[1-9]\d{6,14}$/;
// Punctuation libphonenumber drops when it reads a number; letters (extensions, "tel:") go the slow way.
const FORMATTED_INTERNATIONAL = /^\+[\d ().\-/]+$/;
const FORMATTED_NATIONAL = /^[\d ().\-/]+$/;
const MIN_NSN = 2;
const MAX_NSN = 17;

interface CompiledPlan {
  callingCode: string;
  idd?: RegExp;
  national: RegExp;
  leading?: RegExp;
  nationalPrefix?: RegExp;
  types: { re: RegExp; lengths?: number[] }[];
}

const metadata = new Metadata() as unknown as MetadataApi;
const plans = new Map<string, CompiledPlan>();
const callingCodes = new Map<string, string[] | null>();

function compile(country: string): CompiledPlan {
  let plan = plans.get(country);
  if (plan) return plan;
  metadata.selectNumberingPlan(country);
  const np = metadata.numberingPlan!;
  const types: CompiledPlan['types'] = [];
  for (const name of TYPES) {
    const t = np.type(name);
    const pattern = t?.pattern();
    if (t && pattern) types.push({ re: new RegExp(`^(?:${pattern})$`), lengths: t.possibleLengths() });
  }
  const leading = np.leadingDigits();
  const prefix = np.nationalPrefixForParsing();
  const idd = np.IDDPrefix();
  plan = {
    callingCode: np.callingCode(),
    idd: idd ? new RegExp(`^(?:${idd})`) : undefined,
    national: new RegExp(`^(?:${np.nationalNumberPattern()})$`),
    leading: leading ? new RegExp(`^(?:${leading})`) : undefined,
    nationalPrefix: prefix ? new RegExp(`^(?:${prefix})`) : undefined,
    types,
  };
  plans.set(country, plan);
  return plan;
}

function countriesFor(callingCode: string): string[] | null {
  let countries = callingCodes.get(callingCode);
  if (countries === undefined) {
    countries = metadata.hasCallingCode(callingCode)
      ? (metadata.getCountryCodesForCallingCode(callingCode) ?? [])
      : null;
    callingCodes.set(callingCode, countries);
  }
  return countries;
}

function hasType(nationalNumber: string, plan: CompiledPlan): boolean {
  if (!plan.national.test(nationalNumber)) return false;
  for (const t of plan.types) {
    if (t.lengths && !t.lengths.includes(nationalNumber.length)) continue;
    if (t.re.test(nationalNumber)) return true;
  }
  return false;
}

/** The library strips a national prefix (or applies a transform rule) when this matches: not handled here. */
function hasNationalPrefix(nationalNumber: string, plan: CompiledPlan): boolean {
  const m = plan.nationalPrefix?.exec(nationalNumber);
  return !!m && (m[0] !== '' || m.slice(1).some(Boolean));
}

/**
 * Whether the number is valid for the country libphonenumber picks among those sharing the calling code
 * (NANP, +44, +7 …): the first whose leading digits match, or else the first the number is valid for;
 * `fallback` when none is picked.
 */
function validForPickedCountry(countries: string[], nationalNumber: string, fallback: CompiledPlan): boolean {
  if (countries.length === 1) return hasType(nationalNumber, compile(countries[0]!));
  for (const candidate of countries) {
    const plan = compile(candidate);
    if (plan.leading) {
      if (plan.leading.test(nationalNumber)) return hasType(nationalNumber, plan);
    } else if (hasType(nationalNumber, plan)) return true;
  }
  return hasType(nationalNumber, fallback);
}

/** True only when libphonenumber would parse `value` as a valid number whose E.164 form is `value` itself. */
export function isCertainlyValidE164(value: string): boolean {
  if (!E164.test(value)) return false;
  for (let len = 1; len <= 3; len++) {
    const countries = countriesFor(value.slice(1, 1 + len));
    if (countries === null) continue;
    // Non-geographic codes (+800, +882 …) have no countries: leave them to the library.
    if (countries.length === 0) return false;
    const nationalNumber = value.slice(1 + len);
    if (nationalNumber.length < MIN_NSN || nationalNumber.length > MAX_NSN) return false;
    const main = compile(countries[0]!);
    if (hasNationalPrefix(nationalNumber, main)) return false;
    return validForPickedCountry(countries, nationalNumber, main);
  }
  return false;
}

/**
 * The E.164 form normalisePhoneNumber(value, defaultCountry) would return, when this is certain of it;
 * undefined means "ask the library". `defaultCountry` must be a supported ISO country code.
 */
export function fastE164(value: string, defaultCountry: string): string | undefined {
  if (value.startsWith('+')) {
    if (isCertainlyValidE164(value)) return value;
    if (!FORMATTED_INTERNATIONAL.test(value)) return undefined;
    const digits = `+${value.replace(/\D/g, '')}`;
    return isCertainlyValidE164(digits) ? digits : undefined;
  }
  if (!FORMATTED_NATIONAL.test(value)) return undefined;
  const nationalNumber = value.replace(/\D/g, '');
  if (nationalNumber.length < MIN_NSN || nationalNumber.length > MAX_NSN) return undefined;
  const home = compile(defaultCountry);
  // An international call prefix (011, 00 …) or the calling code without its + change how the library
  // reads the digits; so does a national prefix.
  if (
    home.idd?.test(nationalNumber) ||
    nationalNumber.startsWith(home.callingCode) ||
    hasNationalPrefix(nationalNumber, home)
  )
    return undefined;
  const countries = countriesFor(home.callingCode);
  if (!countries || countries.length === 0) return undefined;
  return validForPickedCountry(countries, nationalNumber, home) ? `+${home.callingCode}${nationalNumber}` : undefined;
}
