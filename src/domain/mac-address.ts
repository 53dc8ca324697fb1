// Desk phone MAC addresses come in many notations (labels, spreadsheets, Cisco's CLI). Zoom stores and
// accepts 12 hex digits without separators (its own example: 543968a78ee7), so that is what phonebot keeps.

export type MacResult = { ok: true; mac: string } | { ok: false; error: string };

const FORMATS = [
  /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, // 00:11:22:33:44:55
  /^[0-9a-f]{2}(-[0-9a-f]{2}){5}$/, // 00-11-22-33-44-55
  /^[0-9a-f]{4}(\.[0-9a-f]{4}){2}$/, // Cisco 0011.2233.4455
  /^[0-9a-f]{12}$/, // 001122334455
];

export function normaliseMac(raw: string): MacResult {
  const v = raw.trim().toLowerCase();
  if (!FORMATS.some((f) => f.test(v))) {
    return {
      ok: false,
      error: `"${raw.trim()}" is not a MAC address; write it as 00:11:22:33:44:55, 00-11-22-33-44-55, 0011.2233.4455 or 001122334455`,
    };
  }
  const mac = v.replace(/[:.-]/g, '');
  if (mac === '000000000000' || mac === 'ffffffffffff')
    return { ok: false, error: `${raw.trim()} is not a device's MAC address (all zeros or broadcast)` };
  return { ok: true, mac };
}

/** 00:11:22:33:44:55, for people to read. */
export function formatMac(mac: string): string {
  return mac.match(/.{2}/g)?.join(':') ?? mac;
}
