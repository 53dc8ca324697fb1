import { describe, expect, it } from 'vitest';
import { formatMac, normaliseMac } from '../../src/domain/mac-address.js';

describe('normaliseMac', () => {
  it.each([
    '00:11:22:33:44:55',
    '00-11-22-33-44-55',
    '001122334455',
    '0011.2233.4455',
    ' 00:11:22:33:44:55 ',
    '00:11:22:AA:bb:CC'.replace('AA:bb:CC', '33:44:55'),
  ])('reads %s as 001122334455', (raw) => {
    expect(normaliseMac(raw)).toEqual({ ok: true, mac: '001122334455' });
  });

  it('lower-cases hex digits', () => {
    expect(normaliseMac('A1:B2:C3:D4:E5:F6')).toEqual({ ok: true, mac: 'a1b2c3d4e5f6' });
    expect(normaliseMac('A1B2.C3D4.E5F6')).toEqual({ ok: true, mac: 'a1b2c3d4e5f6' });
  });

  it.each([
    '00:11:22:33:44',
    '00:11:22:33:44:55:66',
    '0011:2233:4455',
    '00:11-22:33:44:55',
    'gg:11:22:33:44:55',
    '',
    '00112233445',
    '00.11.22.33.44.55',
  ])('refuses %j with the notations it accepts', (raw) => {
    const r = normaliseMac(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('0011.2233.4455');
  });

  it('refuses all-zero and broadcast addresses', () => {
    expect(normaliseMac('00:00:00:00:00:00').ok).toBe(false);
    expect(normaliseMac('ff-ff-ff-ff-ff-ff').ok).toBe(false);
  });

  it('formats for people with colons', () => {
    expect(formatMac('001122334455')).toBe('00:11:22:33:44:55');
  });
});
