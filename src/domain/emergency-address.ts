// A personal emergency (E911) address typed on one line — in a command, a modal or a CSV cell — read into
// the fields `POST /phone/emergency_addresses` takes. The line is comma-separated, most specific first:
//   "1 Main St, Springfield, IL 62701, US"  or  "1 Main St, Suite 200, Springfield, IL 62701, US".

// A type, not an interface: it is stored as JSON (a CSV row's values), which needs an implicit index signature.
export type EmergencyAddressInput = {
  addressLine1: string;
  addressLine2?: string;
  city: string;
  stateCode: string;
  zip: string;
  /** Two-letter ISO code, upper case. */
  country: string;
};

export type AddressResult = { ok: true; address: EmergencyAddressInput } | { ok: false; error: string };

const EXAMPLE = 'write it as "street, city, state zip, country", e.g. "1 Main St, Springfield, IL 62701, US"';

export function parseEmergencyAddress(raw: string): AddressResult {
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) return { ok: false, error: `the address has an empty part; ${EXAMPLE}` };
  if (parts.length < 4 || parts.length > 5)
    return { ok: false, error: `the address needs 4 or 5 comma-separated parts, it has ${parts.length}; ${EXAMPLE}` };
  const country = parts[parts.length - 1]!.toUpperCase();
  if (!/^[A-Z]{2}$/.test(country))
    return {
      ok: false,
      error: `"${parts[parts.length - 1]}" is not a two-letter country code (such as US or CA); ${EXAMPLE}`,
    };
  // "IL 62701", "ON M5V 2T6": the state is the first word, the postal code the rest.
  const m = /^([A-Za-z]{2,3})\s+([A-Za-z0-9][A-Za-z0-9 -]{1,9})$/.exec(parts[parts.length - 2]!);
  if (!m)
    return {
      ok: false,
      error: `"${parts[parts.length - 2]}" should be a state code and a postal code, such as "IL 62701"; ${EXAMPLE}`,
    };
  const city = parts[parts.length - 3]!;
  const address: EmergencyAddressInput = {
    addressLine1: parts[0]!,
    city,
    stateCode: m[1]!.toUpperCase(),
    zip: m[2]!.toUpperCase(),
    country,
  };
  if (parts.length === 5) address.addressLine2 = parts[1];
  return { ok: true, address };
}

export function formatEmergencyAddress(a: EmergencyAddressInput): string {
  return [a.addressLine1, a.addressLine2, a.city, `${a.stateCode} ${a.zip}`, a.country].filter(Boolean).join(', ');
}
