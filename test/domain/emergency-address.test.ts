import { describe, expect, it } from 'vitest';
import { formatEmergencyAddress, parseEmergencyAddress } from '../../src/domain/emergency-address.js';

describe('parseEmergencyAddress', () => {
  it('reads street, city, state zip, country', () => {
    expect(parseEmergencyAddress('1 Main St, Springfield, IL 62701, US')).toEqual({
      ok: true,
      address: { addressLine1: '1 Main St', city: 'Springfield', stateCode: 'IL', zip: '62701', country: 'US' },
    });
  });

  it('takes a second address line, lower-case codes and ZIP+4 / Canadian postal codes', () => {
    expect(parseEmergencyAddress('1 Main St, Suite 200, Springfield, il 62701-1234, us')).toEqual({
      ok: true,
      address: {
        addressLine1: '1 Main St',
        addressLine2: 'Suite 200',
        city: 'Springfield',
        stateCode: 'IL',
        zip: '62701-1234',
        country: 'US',
      },
    });
    expect(parseEmergencyAddress('100 King St W, Toronto, ON M5X 1A9, CA')).toMatchObject({
      ok: true,
      address: { stateCode: 'ON', zip: 'M5X 1A9', country: 'CA' },
    });
  });

  it.each([
    ['1 Main St, Springfield, IL 62701', '4 or 5'],
    ['1 Main St, Springfield, IL 62701, USA', 'two-letter country'],
    ['1 Main St, Springfield, 62701, US', 'state code and a postal code'],
    ['1 Main St, , IL 62701, US', 'empty part'],
    ['a, b, c, d, IL 1, US', '4 or 5'],
  ])('refuses %j saying what to fix', (raw, why) => {
    const r = parseEmergencyAddress(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain(why);
      expect(r.error).toContain('1 Main St, Springfield, IL 62701, US');
    }
  });

  it('formats back to the same line', () => {
    const line = '1 Main St, Suite 200, Springfield, IL 62701, US';
    const r = parseEmergencyAddress(line);
    expect(r.ok && formatEmergencyAddress(r.address)).toBe(line);
  });
});
