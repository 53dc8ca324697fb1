// Everything checked before an add changes anything: every problem is collected and reported together,
// each tagged with the field it belongs to (a modal shows it under that input, a message lists it).
import type { Db } from '../db/database.js';
import { extensionTaken, heldFor, type HeldKind, takenMessage } from './availability.js';
import type { ZoomDirectoryUser, ZoomPort } from './ports.js';
import { isZoomError } from './zoom-errors.js';
import { type CatalogCache, describePlans, findByName, findPlan, type PlanRef } from './catalog.js';
import type { AddArgs } from './command-grammar.js';
import type { ExtensionRange } from './extension-rule.js';
import { nextFreeExtension, nextFreeNumber } from './free-values.js';
import { normalisePhoneNumber } from './phone-number.js';
import type { AddDesired } from './stored/request-desired.js';
import { type SeatPolicy, seatsPromised, seatVerdict } from './seats.js';
import type { RoleProfile } from './profiles/profile.js';
import type { ResolvedProfile } from './profiles/resolve.js';
import { checkReady, profileFor, type ReadyField } from './validate-ready.js';

export type Field = 'email' | 'extension' | 'plan' | 'number' | 'site' | 'template' | ReadyField | 'general';

export interface Problem {
  field: Field;
  message: string;
}

/** What `add` will store (AddDesired), plus what Zoom said about the user while validating. */
export type ResolvedAdd = AddDesired & {
  /** The first provisioning step reuses it. */
  zoomUser?: { id: string; status: string };
};

/** `warnings`: what the approver must hear about even when the add goes ahead (seats others were promised). */
export type Validation =
  { ok: true; resolved: ResolvedAdd; notes: string[]; warnings: string[] } | { ok: false; problems: Problem[] };

export interface ValidationContext {
  db: Db;
  zoom: ZoomPort;
  catalog: CatalogCache;
  extensionRange: ExtensionRange;
  defaultCountry: string;
  /** The request being re-validated (an approver editing it) may keep what it already holds. */
  ownRequestId?: number;
  /** How promised seats count (seats.ts); strict unless an approver's add runs now. */
  seats?: SeatPolicy;
  /** Role profiles (PHONEBOT_PROFILES); none = `profile` is refused. */
  profiles?: readonly RoleProfile[];
  profilesFile?: string;
}

function zoomProblem(field: Field, what: string, err: unknown): Problem {
  const detail = isZoomError(err) ? err.describe() : (err as Error).message;
  return { field, message: `could not check ${what} in Zoom (${detail}); try again in a minute` };
}

const heldByOther = (ctx: ValidationContext, kind: HeldKind, value: string) =>
  heldFor(ctx.db, kind, value, ctx.ownRequestId);

async function checkUser(
  ctx: ValidationContext,
  email: string,
  problems: Problem[],
): Promise<ZoomDirectoryUser | undefined> {
  const held = await heldByOther(ctx, 'email', email);
  if (held) problems.push({ field: 'email', message: `${email} already has ${held} in progress` });
  try {
    const [user, phone] = await Promise.all([ctx.zoom.findUser(email), ctx.zoom.findPhoneUser(email)]);
    if (phone) {
      problems.push({
        field: 'email',
        message: `${email} already has Zoom Phone (extension ${phone.extensionNumber ?? 'none'}); use /phone status ${email} or /phone ext to change it`,
      });
    } else if (user?.status === 'inactive') {
      problems.push({
        field: 'email',
        message: `${email} is deactivated in Zoom; reactivate the user in Zoom (or /phone restore if phonebot removed them) first`,
      });
    }
    return user;
  } catch (err) {
    problems.push(zoomProblem('email', 'the user', err));
    return undefined;
  }
}

async function checkExtension(
  ctx: ValidationContext,
  wanted: string | undefined,
  problems: Problem[],
  range: ExtensionRange = ctx.extensionRange,
): Promise<{ extension?: string; auto: boolean }> {
  if (wanted) {
    try {
      const taken = await extensionTaken(ctx, wanted, { ownRequestId: ctx.ownRequestId });
      if (taken)
        problems.push({
          field: 'extension',
          message:
            taken.by === 'zoom'
              ? `${takenMessage(`extension ${wanted}`, taken)}; pick another or leave it out to get the next free one`
              : takenMessage(`extension ${wanted}`, taken),
        });
    } catch (err) {
      problems.push(zoomProblem('extension', `extension ${wanted}`, err));
    }
    return { extension: wanted, auto: false };
  }
  try {
    const free = await nextFreeExtension(ctx.db, ctx.zoom, range);
    if (free) return { extension: free, auto: true };
  } catch (err) {
    problems.push(zoomProblem('extension', 'free extensions', err));
    return { auto: true };
  }
  const r = range;
  problems.push({
    field: 'extension',
    message: `no free extension found in ${r.from}-${r.to} (${r === ctx.extensionRange ? 'PHONEBOT_EXTENSION_RANGE' : "the profile's extension_range"}); give one with ext <digits>`,
  });
  return { auto: true };
}

async function checkNumber(
  ctx: ValidationContext,
  wanted: string | undefined,
  hasPlan: boolean,
  problems: Problem[],
  notes: string[],
  pool: NumberPool = {},
): Promise<{ number?: string; auto: boolean }> {
  if (!wanted) return { auto: false };
  if (!hasPlan) {
    problems.push({
      field: 'number',
      message:
        'a direct number needs a calling plan: add plan <name> (Zoom only assigns numbers to users with a calling plan)',
    });
    return { auto: wanted.toLowerCase() === 'auto' };
  }
  if (wanted.toLowerCase() === 'auto') {
    try {
      const free = await nextFreeNumber(ctx.db, ctx.zoom, new Set(), pool);
      if (free) return { number: free, auto: true };
      const where = [pool.siteName && `in site ${pool.siteName}`, pool.prefix && `starting ${pool.prefix}`]
        .filter(Boolean)
        .join(' ');
      problems.push({
        field: 'number',
        message: `no unassigned direct number is left ${where || 'in the Zoom account'}; buy or port numbers, or leave number out`,
      });
    } catch (err) {
      problems.push(zoomProblem('number', 'unassigned numbers', err));
    }
    return { auto: true };
  }
  const parsed = normalisePhoneNumber(wanted, ctx.defaultCountry);
  if (!parsed.ok) {
    problems.push({ field: 'number', message: `number ${parsed.error}` });
    return { auto: false };
  }
  if (parsed.fixed) notes.push(`Number written as ${parsed.fixed}`);
  const held = await heldByOther(ctx, 'number', parsed.e164);
  if (held) {
    problems.push({ field: 'number', message: `${parsed.e164} is held for ${held}` });
    return { number: parsed.e164, auto: false };
  }
  try {
    const found = await ctx.zoom.findPhoneNumber(parsed.e164);
    if (!found)
      problems.push({
        field: 'number',
        message: `${parsed.e164} is not a number of this Zoom account; use number auto or a number from Phone System Management > Phone Numbers`,
      });
    else if (found.assignee?.id || found.assignee?.name)
      problems.push({
        field: 'number',
        message: `${parsed.e164} is already assigned to ${found.assignee.name ?? found.assignee.id}`,
      });
  } catch (err) {
    problems.push(zoomProblem('number', parsed.e164, err));
  }
  return { number: parsed.e164, auto: false };
}

/** Where an automatic number comes from: a role profile narrows it to its site or a prefix. */
export interface NumberPool {
  siteId?: string;
  siteName?: string;
  prefix?: string;
}

/**
 * The checks on the values that did read when the command itself did not (a bad e-mail address): run so
 * one reply lists every problem. No user to look up, no extension to pick: only what was given is checked.
 */
export async function checkGivenValues(
  ctx: ValidationContext,
  args: Omit<Partial<AddArgs>, 'email'>,
): Promise<Problem[]> {
  const v = await validateAdd(ctx, { ...args, email: '' }, { given: true });
  return v.ok ? [] : v.problems;
}

export async function validateAdd(
  ctx: ValidationContext,
  args: AddArgs,
  opts: { given?: boolean } = {},
): Promise<Validation> {
  const problems: Problem[] = [];
  const notes: string[] = [];
  const warnings: string[] = [];
  let catalog;
  try {
    catalog = await ctx.catalog.get();
  } catch (err) {
    return { ok: false, problems: [zoomProblem('general', 'calling plans, sites and templates', err)] };
  }

  let profile: ResolvedProfile | undefined;
  if (args.profile) profile = await profileFor(ctx, args.profile, catalog, problems);
  // The profile's base plan unless the command names another; a plan of the profile is known to exist.
  const planQuery = args.plan ?? (profile?.plans[0] ? String(profile.plans[0].type) : undefined);

  let plan: PlanRef | undefined;
  if (planQuery) {
    const found = findPlan(catalog.plans, planQuery);
    if (!found) {
      problems.push({
        field: 'plan',
        message: `calling plan "${planQuery}" does not exist; available: ${describePlans(catalog.plans)}`,
      });
    } else {
      plan = { type: found.type, name: found.name };
      const seats = seatVerdict(
        found,
        await seatsPromised(ctx.db, found.type, ctx.ownRequestId),
        ctx.seats ?? 'strict',
      );
      if (!seats.ok) problems.push({ field: 'plan', message: seats.message });
      else if (seats.warning) warnings.push(seats.warning);
    }
  } else if (!opts.given && !args.profile) {
    notes.push(
      'No calling plan: the user can only receive calls to the extension (no outbound calls, no direct number).',
    );
  }

  // Add-on plans need seats too, each checked like the base plan.
  for (const addOn of profile?.plans.slice(1) ?? []) {
    const found = catalog.plans.find((p) => p.type === addOn.type);
    if (!found) continue;
    const seats = seatVerdict(found, await seatsPromised(ctx.db, found.type, ctx.ownRequestId), ctx.seats ?? 'strict');
    if (!seats.ok) problems.push({ field: 'plan', message: seats.message });
    else if (seats.warning) warnings.push(seats.warning);
  }

  let site: ResolvedAdd['site'] = args.site ? undefined : profile?.site;
  if (args.site) {
    const found = findByName(catalog.sites, args.site);
    if (!found)
      problems.push({
        field: 'site',
        message: `site "${args.site}" does not exist; sites: ${catalog.sites.map((s) => s.name).join(', ') || 'none (multiple sites is off)'}`,
      });
    else site = { id: found.id, name: found.name };
  }
  let template: ResolvedAdd['template'] = args.template ? undefined : profile?.template;
  if (args.template) {
    const found = findByName(catalog.templates, args.template);
    if (!found)
      problems.push({
        field: 'template',
        message: `template "${args.template}" does not exist; user templates: ${catalog.templates.map((t) => t.name).join(', ') || 'none'}`,
      });
    else template = { id: found.id, name: found.name };
  }

  // A profile's number rule applies when the command does not name a number.
  const profileNumber = profile && profile.number.kind !== 'none' ? 'auto' : undefined;
  const pool: NumberPool =
    args.number === undefined && profile
      ? {
          siteId: profile.number.kind === 'auto' ? site?.id : undefined,
          siteName: profile.number.kind === 'auto' ? site?.name : undefined,
          prefix: profile.number.kind === 'prefix' ? profile.number.prefix : undefined,
        }
      : {};
  const [user, ext, num] = await Promise.all([
    opts.given ? undefined : checkUser(ctx, args.email, problems),
    opts.given && !args.extension
      ? { extension: undefined, auto: false }
      : checkExtension(ctx, args.extension, problems, profile?.extensionRange ?? ctx.extensionRange),
    checkNumber(ctx, args.number ?? profileNumber, Boolean(plan ?? planQuery), problems, notes, pool),
  ]);
  const ready = await checkReady(
    ctx,
    {
      profile,
      mac: args.mac,
      address: args.address,
      site,
      getsNumber: Boolean(num.number ?? args.number ?? profileNumber),
      deskPhoneModel: args.deskPhoneModel,
    },
    problems,
  );

  if (problems.length || !ext.extension) return { ok: false, problems };
  if (opts.given) return { ok: false, problems };
  return {
    ok: true,
    notes,
    warnings,
    resolved: {
      email: args.email,
      firstName: args.firstName,
      lastName: args.lastName,
      extension: ext.extension,
      extensionAuto: ext.auto,
      plan,
      number: num.number,
      numberAuto: num.auto,
      site,
      template,
      ready,
      zoomUser: user ? { id: user.id, status: user.status ?? 'active' } : undefined,
    },
  };
}
