// The `/phone` command language (src/domain/command-grammar.ts): what an admin types and what phonebot
// understands from it, or the problems it answers with (every one at once, with the usage line).
import { describe, expect, it } from 'vitest';
import { closestCommand, parseCommand, tokenize, USAGE } from '../../src/domain/command-grammar.js';

const ok = (text: string) => {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(`"${text}" did not parse: ${r.errors.join('; ')}`);
  return r.command;
};
const refused = (text: string) => {
  const r = parseCommand(text);
  if (r.ok) throw new Error(`"${text}" parsed as ${JSON.stringify(r.command)}`);
  return r;
};

describe('every subcommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['?', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['request', { kind: 'request' }],
    ['requests', { kind: 'requests' }],
    ['trash', { kind: 'trash' }],
    ['pending', { kind: 'pending' }],
    ['drift', { kind: 'drift' }],
    ['csv template', { kind: 'csv-template' }],
    ['csv TEMPLATE', { kind: 'csv-template' }],
    ['status Jane@Example.com', { kind: 'status', email: 'jane@example.com' }],
    ['resend jane@example.com', { kind: 'resend', email: 'jane@example.com' }],
    ['remove jane@example.com', { kind: 'remove', email: 'jane@example.com' }],
    ['restore jane@example.com', { kind: 'restore', email: 'jane@example.com' }],
    ['cancel 42', { kind: 'cancel', requestId: 42 }],
    ['cancel #42', { kind: 'cancel', requestId: 42 }],
    ['audit', { kind: 'audit', email: undefined, days: 7 }],
    ['audit jane@example.com --days 30', { kind: 'audit', email: 'jane@example.com', days: 30 }],
    ['audit days 2 jane@example.com', { kind: 'audit', email: 'jane@example.com', days: 2 }],
    ['ext jane@example.com 4021', { kind: 'ext', email: 'jane@example.com', extension: '4021' }],
    ['extension jane@example.com 4021', { kind: 'ext', email: 'jane@example.com', extension: '4021' }],
    ['remove-package jane@example.com', { kind: 'remove-package', email: 'jane@example.com', plan: undefined }],
    [
      'remove-plan jane@example.com US/CA Unlimited',
      { kind: 'remove-package', email: 'jane@example.com', plan: 'US/CA Unlimited' },
    ],
  ])('"%s"', (text, command) => {
    expect(ok(text)).toEqual(command);
  });

  it('reads an add with every keyword, in any order and case, with multi-word values up to the next keyword', () => {
    expect(
      ok(
        'add Jane@Example.com SITE New York Office plan US/CA Unlimited ext 4021 number +14155550100 template Sales first Jane last Doe',
      ),
    ).toEqual({
      kind: 'add',
      args: {
        email: 'jane@example.com',
        extension: '4021',
        plan: 'US/CA Unlimited',
        number: '+14155550100',
        site: 'New York Office',
        template: 'Sales',
        firstName: 'Jane',
        lastName: 'Doe',
      },
    });
  });

  it('knows the keywords by their other names (extension, package, calling-plan, num, did)', () => {
    expect(ok('add a@example.com extension 123 package Pro did auto')).toMatchObject({
      args: { extension: '123', plan: 'Pro', number: 'auto' },
    });
    expect(ok('add a@example.com calling-plan 200 num +14155550100')).toMatchObject({
      args: { plan: '200', number: '+14155550100' },
    });
  });

  it('keeps only the e-mail when nothing else is given', () => {
    expect(ok('add a@example.com')).toEqual({ kind: 'add', args: { email: 'a@example.com' } });
  });
});

describe('what Slack sends', () => {
  it('unwraps e-mails Slack turned into mailto links, or that were pasted in angle brackets', () => {
    expect(ok('status <mailto:jane@example.com|jane@example.com>')).toEqual({
      kind: 'status',
      email: 'jane@example.com',
    });
    expect(ok('add <jane@example.com> ext 4021')).toMatchObject({ args: { email: 'jane@example.com' } });
    expect(ok('audit <mailto:Jane@Example.com|Jane@Example.com>')).toMatchObject({ email: 'jane@example.com' });
  });

  it('keeps straight and smart-quoted phrases together, so a value may contain a keyword', () => {
    expect(tokenize(`a "b c" “d e” 'f g' ‘h i’ j`)).toEqual(['a', 'b c', 'd e', 'f g', 'h i', 'j']);
    expect(ok('add a@example.com site “Plan B Office” template "ext users"')).toMatchObject({
      args: { site: 'Plan B Office', template: 'ext users' },
    });
  });

  it('trims the text and ignores runs of spaces', () => {
    expect(ok('   status    jane@example.com   ')).toEqual({ kind: 'status', email: 'jane@example.com' });
  });
});

describe('problems', () => {
  it('lists every problem of an add at once, with the usage and the values that did read', () => {
    const r = refused('add not-an-email ext 12 plan');
    expect(r.errors).toEqual([
      '"plan" needs a value',
      'Email "not-an-email" is not an email address',
      'Extension "12" must be 3 to 6 digits',
    ]);
    expect(r.usage).toBe(USAGE.add);
    // The extension did not read, so nothing of it is passed on to the Zoom checks.
    expect(r.partialAdd).toEqual({});
  });

  it('passes on the add values that did read, so the Zoom checks can still answer about them', () => {
    const r = refused('add nobody ext 4021 site HQ');
    expect(r.errors).toEqual(['Email "nobody" is not an email address']);
    expect(r.partialAdd).toEqual({ extension: '4021', site: 'HQ' });
  });

  it('refuses an add without an e-mail, a value given twice, and a stray word', () => {
    expect(refused('add ext 4021').errors).toEqual(['Email is missing']);
    expect(refused('add a@example.com ext 4021 ext 4022').errors).toEqual(['Extension is given twice']);
    expect(refused('add a@example.com b@example.com').errors).toEqual([
      `I don't understand "b@example.com" (expected one of: profile, mac, address, ext, plan, number, site, template)`,
    ]);
    expect(refused('add a@example.com ext 40a1').errors).toEqual(['Extension "40a1" must be digits only']);
    expect(refused(`add ${'a'.repeat(120)}@example.com`).errors).toEqual([
      `Email "${'a'.repeat(120)}@example.com" is longer than Zoom allows (128 characters)`,
    ]);
  });

  it('asks for exactly one e-mail where a command takes one', () => {
    expect(refused('status')).toMatchObject({ errors: ['Email is missing'], usage: USAGE.status });
    expect(refused('remove a@example.com b@example.com')).toMatchObject({
      errors: ['Give exactly one email address'],
      usage: USAGE.remove,
    });
    expect(refused('restore jane')).toMatchObject({
      errors: ['Email "jane" is not an email address'],
      usage: USAGE.restore,
    });
  });

  it('checks ext, cancel, audit, drift, remove-package and csv arguments', () => {
    expect(refused('ext jane 12').errors).toEqual([
      'Email "jane" is not an email address',
      'Extension "12" must be 3 to 6 digits',
    ]);
    expect(refused('ext').errors).toEqual(['Email is missing', 'Extension is missing']);
    expect(refused('ext a@example.com 4021 now').errors).toEqual([`I don't understand "now"`]);
    expect(refused('cancel forty-two')).toMatchObject({
      errors: ['Give the request number, e.g. /phone cancel 42'],
      usage: USAGE.cancel,
    });
    expect(refused('cancel 1 2').errors).toEqual(['Give the request number, e.g. /phone cancel 42']);
    expect(refused('audit --days 0').errors).toEqual(['--days needs a whole number of days between 1 and 3650']);
    expect(refused('audit --days').errors).toEqual(['--days needs a whole number of days between 1 and 3650']);
    expect(refused('audit jane').errors).toEqual(['"jane" is not an email address']);
    expect(refused('audit a@example.com b@example.com').errors).toEqual([`I don't understand "b@example.com"`]);
    expect(refused('drift now please')).toMatchObject({
      errors: ['/phone drift takes nothing after it (got "now please")'],
      usage: USAGE.drift,
    });
    expect(refused('remove-package').errors).toEqual(['Email is missing']);
    expect(refused('csv import')).toMatchObject({
      errors: ['Did you mean /phone csv template? To import users, upload a .csv file in a channel with phonebot.'],
      usage: USAGE.csv,
    });
  });
});

describe('an unknown subcommand', () => {
  it('suggests the closest subcommand with its usage', () => {
    expect(refused('stauts jane@example.com')).toEqual({
      ok: false,
      errors: [`Unknown command "stauts". Did you mean /phone status? (${USAGE.status})`],
      usage: undefined,
    });
    expect(refused('Reqests').errors).toEqual([
      `Unknown command "Reqests". Did you mean /phone requests? (${USAGE.requests})`,
    ]);
  });

  it('completes a prefix of three letters or more', () => {
    expect(closestCommand('res')).toBe('resend');
    expect(closestCommand('remove-pack')).toBe('remove-package');
    expect(closestCommand('pend')).toBe('pending');
  });

  it('guesses nothing when no subcommand is close, and points to help instead', () => {
    expect(closestCommand('rm')).toBeUndefined();
    expect(closestCommand('provision')).toBeUndefined();
    expect(refused('frobnicate')).toEqual({
      ok: false,
      errors: ['Unknown command "frobnicate". /phone help lists them all.'],
      usage: USAGE.help,
    });
  });
});
