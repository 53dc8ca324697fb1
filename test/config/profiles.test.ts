import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/env.js';
import { loadProfiles, parseProfiles } from '../../src/config/profiles.js';

function problems(text: string): string[] {
  try {
    parseProfiles(text, 'profiles.yaml');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the file to be refused');
}

describe('profiles file', () => {
  it('reads the shipped example with every key', () => {
    const [p, ...rest] = parseProfiles(readFileSync('profiles.example.yaml', 'utf8'), 'profiles.example.yaml');
    expect(rest).toEqual([]);
    expect(p).toEqual({
      name: 'NYC Sales',
      site: 'New York',
      template: 'Sales',
      callingPlans: ['US/CA Unlimited', 'Power Pack'],
      extensionRange: { from: 2000, to: 2999, digits: 4 },
      number: { kind: 'auto' },
      callQueues: ['NYC Sales Queue'],
      sharedLineGroups: [],
      deskPhone: { brand: 'Poly', model: 'VVX 450', provisionTemplate: 'Sales desk phones' },
      callerId: { kind: 'own_number' },
      emergencyAddress: 'site_default',
      line: 5,
    });
  });

  it('fills defaults for a minimal profile (no number → caller ID hidden) and reads prefixes and queue caller IDs', () => {
    const [min, prefixed] = parseProfiles(
      [
        'profiles:',
        '  Lobby:',
        '    site: Main Office',
        '  Support:',
        '    site: Main Office',
        '    number: "+1415555"',
        '    call_queues: [Support Queue]',
        '    caller_id: "queue:Support Queue"',
      ].join('\n'),
      'p.yaml',
    );
    expect(min).toMatchObject({
      name: 'Lobby',
      callingPlans: [],
      number: { kind: 'none' },
      callQueues: [],
      callerId: { kind: 'hidden' },
      emergencyAddress: 'site_default',
      line: 2,
    });
    expect(prefixed).toMatchObject({
      number: { kind: 'prefix', prefix: '+1415555' },
      callerId: { kind: 'queue', queue: 'Support Queue' },
      line: 4,
    });
  });

  it('names every bad profile with its line and what to fix, all at once', () => {
    const text = [
      'profiles:', // 1
      '  Good:', // 2
      '    site: Main Office', // 3
      '  Two Groups:', // 4
      '    site: Main Office', // 5
      '    shared_line_groups: [Front Desk, Back Desk]', // 6
      '  Typos:', // 7
      '    site: Main Office', // 8
      '    calling_plan: [Pro]', // 9
      '    extension_range: 2000-299', // 10
      '    number: sometimes', // 11
      '  No Site:', // 12
      '    caller_id: own_number', // 13
      '    emergency_address: somewhere', // 14
    ].join('\n');
    const list = problems(text);
    expect(list).toContain(
      'profiles.yaml line 6: profile "Two Groups": shared_line_groups lists more than one group: Zoom allows a user in only one shared line group',
    );
    expect(list.find((p) => p.includes('"Typos"') && p.includes('unknown key calling_plan'))).toMatch(
      /^profiles\.yaml line 9: .*allowed: site, template, calling_plans/,
    );
    expect(list).toContain(
      'profiles.yaml line 10: profile "Typos": extension_range must look like 2000-2999 (two numbers of 3 to 6 digits, same length, low-high)',
    );
    expect(list).toContain(
      'profiles.yaml line 11: profile "Typos": number must be none, auto, or a quoted number prefix such as "+1212555"',
    );
    expect(list.some((p) => p.startsWith('profiles.yaml line 12: profile "No Site": site'))).toBe(true);
    expect(list).toContain(
      'profiles.yaml line 14: profile "No Site": emergency_address must be site_default or personal_required',
    );
    expect(list.some((p) => p.includes('"Good"'))).toBe(false);
  });

  it('refuses own_number caller ID without a number, duplicate names and invalid YAML', () => {
    expect(problems('profiles:\n  A:\n    site: X\n    caller_id: own_number\n')).toEqual([
      'profiles.yaml line 4: profile "A": caller_id is own_number but the profile gives no number: set number to auto or a prefix, or caller_id to hidden',
    ]);
    expect(problems('profiles:\n  Sales:\n    site: X\n  sales :\n    site: Y\n')).toEqual([
      'profiles.yaml line 4: profile "sales" is defined twice (also line 2; names are case-insensitive): rename or merge one',
    ]);
    expect(problems('profiles:\n  A:\n    site: [unclosed\n')[0]).toMatch(/^profiles\.yaml line \d+: .*not valid YAML/);
    expect(problems('people: []\n')).toEqual([
      'profiles.yaml: must have a top-level "profiles:" map of profile name → settings (see profiles.example.yaml)',
    ]);
  });

  it('no file at the default path = no profiles; a missing explicit path is a configuration problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'profiles-'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(loadProfiles(undefined)).toEqual({ path: './profiles.yaml', profiles: [] });
    } finally {
      process.chdir(cwd);
    }
    expect(() => loadProfiles(join(dir, 'nope.yaml'))).toThrow(
      /PHONEBOT_PROFILES names .*nope\.yaml, which does not exist/,
    );
    const file = join(dir, 'p.yaml');
    writeFileSync(file, 'profiles:\n  A:\n    site: Main Office\n');
    expect(loadProfiles(file).profiles.map((p) => p.name)).toEqual(['A']);
  });
});
