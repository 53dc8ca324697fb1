// Direct numbers: everything an admin might paste (or Excel might mangle) normalised to E.164, with the
// fix shown rather than applied silently.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type NumberParse = { ok: true; e164: string; fixed?: string } | { ok: false; error: string };

export function normalisePhoneNumber(raw: string, defaultCountry: string): NumberParse {
  const input = raw.trim();
  if (!input) return { ok: false, error: 'is empty' };
  // Excel shows long numbers in scientific notation and keeps only ~15 significant digits: the real
  // number cannot be recovered, so guessing would assign somebody else's number.
  if (/^[+-]?\d+([.,]\d+)?e\+?\d+$/i.test(input)) {
    return {
      ok: false,
      error: `looks like Excel scientific notation (${input}): the digits are lost. Format the column as Text in Excel and re-enter the numbers with + and country code, e.g. +14155550100`,
    };
  }
  if (/[a-z]/i.test(input.replace(/^tel:/i, '').replace(/\s*(ext|x)\.?\s*\d+$/i, ''))) {
    return { ok: false, error: `"${input}" is not a phone number` };
  }
  const parsed = parsePhoneNumberFromString(input.replace(/^tel:/i, ''), defaultCountry as CountryCode);
  if (!parsed || !parsed.isValid()) {
    return {
      ok: false,
      error: `"${input}" is not a valid phone number; write it in E.164 form with + and country code, e.g. +14155550100`,
    };
  }
  if (parsed.ext) return { ok: false, error: `"${input}" has an extension part; a direct number cannot` };
  const e164 = parsed.number;
  return e164 === input ? { ok: true, e164 } : { ok: true, e164, fixed: `${input} → ${e164}` };
}
