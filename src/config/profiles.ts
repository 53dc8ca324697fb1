// PHONEBOT_PROFILES: the role-profile file (issue 15). One zod schema for the file; every bad profile is
// reported with its line and what to fix, all at once, before phonebot starts. No file at the default
// path = no profiles (everything else works as before); a path set explicitly must exist.
import { existsSync, readFileSync } from 'node:fs';
import { LineCounter, isMap, isScalar, parseDocument, type Node } from 'yaml';
import { z } from 'zod';
import type { RoleProfile } from '../domain/profiles/profile.js';
import { ConfigError } from './env.js';
import { SANDBOX_PROFILES } from './sandbox-profiles.js';

export const DEFAULT_PROFILES_PATH = './profiles.yaml';

const nameField = z.string().trim().min(1, 'must not be empty').max(100, 'is too long (100 characters at most)');

const extensionRange = z.string().transform((v, ctx) => {
  const m = /^(\d{3,6})-(\d{3,6})$/.exec(v.trim());
  if (!m || m[1]!.length !== m[2]!.length || Number(m[1]) > Number(m[2])) {
    ctx.addIssue({
      code: 'custom',
      message: 'must look like 2000-2999 (two numbers of 3 to 6 digits, same length, low-high)',
    });
    return z.NEVER;
  }
  return { from: Number(m[1]), to: Number(m[2]), digits: m[1]!.length };
});

const numberSource = z.union([z.string(), z.number()]).transform((raw, ctx): RoleProfile['number'] => {
  const v = String(raw).trim();
  if (v === 'none') return { kind: 'none' };
  if (v === 'auto') return { kind: 'auto' };
  const digits = v.replace(/[\s()-]/g, '');
  if (/^\+[1-9]\d{0,14}$/.test(digits)) return { kind: 'prefix', prefix: digits };
  ctx.addIssue({ code: 'custom', message: 'must be none, auto, or a quoted number prefix such as "+1212555"' });
  return z.NEVER;
});

const callerId = z.string().transform((raw, ctx): RoleProfile['callerId'] => {
  const v = raw.trim();
  if (v === 'own_number') return { kind: 'own_number' };
  if (v === 'hidden') return { kind: 'hidden' };
  const m = /^queue:\s*(.+)$/.exec(v);
  if (m) return { kind: 'queue', queue: m[1]!.trim() };
  ctx.addIssue({ code: 'custom', message: 'must be own_number, hidden, or "queue:<call queue name>"' });
  return z.NEVER;
});

const names = z.array(nameField, { error: 'must be a list, e.g. [Sales Queue]' });

/** One profile, keys exactly as the file format (an interface: keep them). */
export const profileSchema = z
  .strictObject({
    site: nameField,
    template: nameField.optional(),
    calling_plans: names.default([]),
    extension_range: extensionRange.optional(),
    number: numberSource.prefault('none'),
    call_queues: names.default([]),
    shared_line_groups: names
      .max(1, 'lists more than one group: Zoom allows a user in only one shared line group')
      .default([]),
    desk_phone: z
      .strictObject({ brand: nameField, model: nameField, provision_template: nameField.optional() })
      .optional(),
    // Unset: own number when the profile gives one, else hidden.
    caller_id: callerId.optional(),
    emergency_address: z
      .enum(['site_default', 'personal_required'], { error: 'must be site_default or personal_required' })
      .default('site_default'),
  })
  .superRefine((p, ctx) => {
    if (p.caller_id?.kind === 'own_number' && p.number.kind === 'none') {
      ctx.addIssue({
        code: 'custom',
        path: ['caller_id'],
        message:
          'is own_number but the profile gives no number: set number to auto or a prefix, or caller_id to hidden',
      });
    }
    const lower = p.call_queues.map((q) => q.toLowerCase());
    if (new Set(lower).size !== lower.length)
      ctx.addIssue({ code: 'custom', path: ['call_queues'], message: 'lists a queue twice' });
  });

export const profilesFileSchema = z.strictObject({ profiles: z.record(z.string(), z.unknown()) });

export interface LoadedProfiles {
  path: string;
  profiles: RoleProfile[];
}

function lineOf(node: Node | null | undefined, lines: LineCounter): number | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : lines.linePos(start).line;
}

function issueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.join('.') : '';
  const msg = issue.message.replace(/^Invalid input: /, '');
  if (issue.code === 'unrecognized_keys')
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (allowed: ${Object.keys(profileSchema.shape).join(', ')})`;
  return where ? `${where} ${msg}` : msg;
}

/** Parses the file's text; `file` names it in messages. Throws ConfigError listing every problem. */
export function parseProfiles(text: string, file: string): RoleProfile[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    throw new ConfigError(
      doc.errors.map(
        (e) => `${file} line ${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]} (the file is not valid YAML)`,
      ),
    );
  }
  const top = profilesFileSchema.safeParse(doc.toJS());
  if (!top.success)
    throw new ConfigError([
      `${file}: must have a top-level "profiles:" map of profile name → settings (see profiles.example.yaml)`,
    ]);
  const problems: string[] = [];
  const profiles: RoleProfile[] = [];
  const profilesNode = doc.get('profiles', true);
  const seen = new Map<string, number>();
  for (const [rawName, value] of Object.entries(top.data.profiles)) {
    const name = rawName.trim();
    const pair = isMap(profilesNode)
      ? profilesNode.items.find((it) => isScalar(it.key) && String(it.key.value) === rawName)
      : undefined;
    const line = lineOf(pair?.key as Node | undefined, lines) ?? 0;
    const at = (issue: z.core.$ZodIssue) => {
      // An unknown key is pointed at itself; a problem of the whole profile at its name.
      const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
      return path.length === 0
        ? line
        : (lineOf(doc.getIn(['profiles', rawName, ...path], true) as Node | undefined, lines) ?? line);
    };
    if (name === '' || name.length > 100) {
      problems.push(`${file} line ${line}: a profile name must be 1 to 100 characters`);
      continue;
    }
    const dup = seen.get(name.toLowerCase());
    if (dup !== undefined)
      problems.push(
        `${file} line ${line}: profile "${name}" is defined twice (also line ${dup}; names are case-insensitive): rename or merge one`,
      );
    seen.set(name.toLowerCase(), line);
    const parsed = profileSchema.safeParse(value ?? {});
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${file} line ${at(issue)}: profile "${name}": ${issueText(issue)}`);
      continue;
    }
    const p = parsed.data;
    profiles.push({
      name,
      site: p.site,
      template: p.template,
      callingPlans: p.calling_plans,
      extensionRange: p.extension_range,
      number: p.number,
      callQueues: p.call_queues,
      sharedLineGroups: p.shared_line_groups,
      deskPhone: p.desk_phone
        ? { brand: p.desk_phone.brand, model: p.desk_phone.model, provisionTemplate: p.desk_phone.provision_template }
        : undefined,
      callerId: p.caller_id ?? (p.number.kind === 'none' ? { kind: 'hidden' } : { kind: 'own_number' }),
      emergencyAddress: p.emergency_address,
      line,
    });
  }
  if (problems.length) throw new ConfigError(problems);
  return profiles;
}

/** Reads PHONEBOT_PROFILES (unset = ./profiles.yaml, where a missing file just means no profiles). */
export function loadProfiles(configured: string | undefined, sandbox = false): LoadedProfiles {
  const path = configured ?? DEFAULT_PROFILES_PATH;
  if (!existsSync(path)) {
    // The sandbox account ships its own profiles, so a new user can try a full one at once.
    if (configured === undefined && sandbox)
      return { path: 'the sandbox profiles', profiles: parseProfiles(SANDBOX_PROFILES, 'the sandbox profiles') };
    if (configured === undefined) return { path, profiles: [] };
    throw new ConfigError([
      `PHONEBOT_PROFILES names ${path}, which does not exist: fix the path, or unset it to run without role profiles`,
    ]);
  }
  return { path, profiles: parseProfiles(readFileSync(path, 'utf8'), path) };
}
