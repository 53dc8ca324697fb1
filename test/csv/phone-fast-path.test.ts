// The fast path must never disagree with libphonenumber (through normalisePhoneNumber): whenever it answers,
// the library gives the same E.164 number; when in doubt it must stay silent.
import { getCountries, getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { fastE164 } from '../../src/csv/phone-fast-path.js';
import { normalisePhoneNumber } from '../../src/domain/phone-number.js';

// Deterministic pseudo-random digits, so a failure can be reproduced.
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function samples(): string[] {
  const rand = rng(7);
  const out: string[] = [];
  for (const country of getCountries()) {
    const example = getExampleNumber(country, examples);
    if (!example) continue;
    out.push(example.number, example.formatInternational(), example.formatNational(), example.nationalNumber);
    // Neighbours of a valid number: some valid, some not, some for another country of the calling code.
    for (let k = 0; k < 4; k++) {
      const digits = example.number.split('');
      const at = 2 + Math.floor(rand() * (digits.length - 2));
      digits[at] = String(Math.floor(rand() * 10));
      const mutated = digits.join('');
      out.push(mutated);
      const parsed = parsePhoneNumberFromString(mutated);
      if (parsed)
        out.push(parsed.formatNational(), `(${parsed.nationalNumber.slice(0, 3)}) ${parsed.nationalNumber.slice(3)}`);
    }
  }
  // Non-geographic calling codes and random digit strings.
  for (const code of ['800', '808', '870', '881', '882', '883', '888', '979']) out.push(`+${code}123456789`);
  for (let i = 0; i < 800; i++) out.push(`+${Math.floor(rand() * 999) + 1}${Math.floor(rand() * 1e9)}`);
  return out;
}

describe('fastE164', () => {
  const all = samples();

  // US and Jamaica share +1 (country picked by leading digits), GB has a national prefix, RU an "8" prefix.
  it.each(['US', 'JM', 'GB', 'RU', 'DE'] as CountryCode[])(
    'agrees with normalisePhoneNumber (default country %s)',
    (country) => {
      let answered = 0;
      let valid = 0;
      const disagreements: string[] = [];
      for (const value of all) {
        const fast = fastE164(value, country);
        const slow = normalisePhoneNumber(value, country);
        if (slow.ok) valid++;
        if (fast === undefined) continue;
        answered++;
        if (!slow.ok || slow.e164 !== fast)
          disagreements.push(`${value}: fast ${fast}, library ${slow.ok ? slow.e164 : slow.error}`);
      }
      expect(disagreements).toEqual([]);
      // It is only worth having if it answers for most valid numbers.
      expect(answered / valid).toBeGreaterThan(0.6);
    },
  );

  it('answers for the common shapes of a US number', () => {
    for (const value of ['+14155550123', '+1 415 555 0123', '(415) 555-0123', '415.555.0123', '4155550123'])
      expect(fastE164(value, 'US')).toBe('+14155550123');
  });

  it('leaves national prefixes, call prefixes and letters to the library', () => {
    for (const value of [
      '14155550123',
      '011 44 20 7946 0000',
      '+44 (0) 20 7946 0000',
      '415-555-0123 x12',
      'tel:+14155550123',
    ])
      expect(fastE164(value, 'US')).toBeUndefined();
  });
});
