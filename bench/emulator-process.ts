// The Zoom emulator in its own process for benchmarks, so its CPU does not compete with phonebot's:
// seeded with N active users without Zoom Phone (and/or M soft-deletable inactive users, and/or P phone
// users with extension 100000+i and the US/CA Unlimited plan), Business+ limits, 50–150 ms latency. Prints
// its URLs as one JSON line, then serves until killed.
// With --site-codes the two sites use site codes (Main Office 1, London 2; four-digit short extensions), so
// a full extension is 1xxxx or 2xxxx.
//   npx tsx bench/emulator-process.ts --active 1000 --inactive 0 --phone 0 [--site-codes]
import { defaultSeed, type SeedUser, startZoomEmulator } from '../src/zoom/emulator/index.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(name);
  return i === -1 ? def : Number(process.argv[i + 1]);
};
const active = arg('--active', 0);
const inactive = arg('--inactive', 0);
const phone = arg('--phone', 0);
// Licences beyond the seeded users (e.g. for people a benchmark invites).
const extraSeats = arg('--seats', 0);
const siteCodes = process.argv.includes('--site-codes');
const users: SeedUser[] = [
  ...Array.from({ length: active }, (_, i): SeedUser => ({
    id: `Bench${String(i).padStart(6, '0')}AAAAAAAAAAA`,
    email: `user${i}@bench.example`,
    firstName: 'Bench',
    lastName: String(i),
    type: 2,
    status: 'active',
  })),
  ...Array.from({ length: inactive }, (_, i): SeedUser => ({
    id: `Gone${String(i).padStart(7, '0')}AAAAAAAAAAA`,
    email: `gone${i}@bench.example`,
    firstName: 'Gone',
    lastName: String(i),
    type: 1,
    status: 'inactive',
  })),
  ...Array.from({ length: phone }, (_, i): SeedUser => ({
    id: `Phone${String(i).padStart(6, '0')}AAAAAAAAAAA`,
    email: `phone${i}@bench.example`,
    firstName: 'Phone',
    lastName: String(i),
    type: 2,
    status: 'active',
    phone: { extensionNumber: String(100000 + i), callingPlans: [200] },
  })),
];
const seats = active + inactive + phone + extraSeats + 100;
const zoom = await startZoomEmulator({
  plan: 'business',
  latencyMs: { min: 50, max: 150 },
  seed: {
    ...defaultSeed,
    ...(siteCodes
      ? { sites: defaultSeed.sites.map((x, i) => ({ ...x, siteCode: i + 1, shortExtensionLength: 4 })) }
      : {}),
    // With site codes the rows' short extensions are 0000–4999; Zoom's own picks (the baseline) come from 9000 up.
    account: {
      ...defaultSeed.account,
      phoneLicenses: seats,
      licensedSeats: seats,
      ...(siteCodes ? { extensionRange: { min: 9000, max: 9999 } } : {}),
    },
    callingPlans: defaultSeed.callingPlans.map((p) => (p.type === 200 ? { ...p, subscribed: seats } : p)),
    users: [...defaultSeed.users, ...users],
  },
});
process.stdout.write(`${JSON.stringify({ apiUrl: zoom.apiUrl, oauthUrl: zoom.oauthUrl, baseUrl: zoom.baseUrl })}\n`);
process.on('SIGTERM', () => void zoom.close().then(() => process.exit(0)));
