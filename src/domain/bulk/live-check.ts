// The second half of a CSV dry run: every row the file check found valid is checked against the account
// (who exists, who has Zoom Phone, which extensions, numbers and seats are free, what phonebot holds) and
// against the other rows of the file. The result says, per row, what running it would do.
import type { AddRow, CellProblem, FileCheck, RowResult, UpdateRow } from '../../csv/index.js';
import { describePlans, findByName, findPlan, type PlanRef } from '../catalog.js';
import { type ExtensionRange, extensionCandidates } from '../extension-rule.js';
import type { AddDesired } from '../provisioning/types.js';
import type { ReadyDesired } from '../stored/request-desired.js';
import { readyFitsBatch } from '../provisioning/batch-add.js';
import type { UpdateDesired } from '../provisioning/steps-change.js';
import type { AccountSnapshot } from './account-snapshot.js';
import { takenBy, takenMessage } from '../availability.js';
import { describeReady, summarizeReady } from '../validate-ready.js';
import { rowProfile, rowReady } from './live-check-ready.js';

export type RowAction = 'create' | 'update' | 'unchanged' | 'error';

export interface RowPlan {
  row: number;
  mode: 'add' | 'update';
  email?: string;
  action: RowAction;
  errors: CellProblem[];
  fixes: RowResult['fixes'];
  notes: string[];
  /** What the request will be asked to do (add: AddDesired, update: UpdateDesired). */
  desired?: AddDesired | UpdateDesired;
  /** Add rows: the Zoom user as listed (absent = will be invited). */
  zoomUser?: { id?: string; status: string };
  /** Add rows for active Zoom users without Zoom Phone: eligible for POST /phone/users/batch. */
  batchable?: boolean;
}

export interface LiveCheck {
  rows: RowPlan[];
  /** Problems with the file as a whole (seats for all rows, daily invitation cap). */
  fileProblems: string[];
  counts: { create: number; update: number; unchanged: number; error: number; fixes: number; invites: number };
  /** What the valid rows set up besides the phone user (profiles, desk phones, queues…), counted per part. */
  readySummary: string[];
}

export interface LiveCheckOptions {
  extensionRange: ExtensionRange;
  /** Invitations Zoom still allows today (POST /users action=create daily cap minus today's). */
  invitesLeftToday: number;
}

/** A cell listing several plans or numbers ("a; b", as an export writes them), split; one value stays one. */
const listOf = (cell: string) => cell.split(';').map((x) => x.trim());
const sameSet = <T>(a: T[], b: T[]) => a.length === b.length && a.every((x) => b.includes(x));

function problem(field: CellProblem['field'], column: string, message: string): CellProblem {
  return { field, column, message };
}

export function liveCheck(file: FileCheck, snap: AccountSnapshot, opts: LiveCheckOptions): LiveCheck {
  const col = (field: string) => file.columns.find((c) => c.field === field)?.header ?? field;
  const usedExt = new Set<string>([...snap.extensionOwner.keys(), ...snap.knownExtensions]);
  for (const key of snap.held.keys()) if (key.startsWith('extension:')) usedExt.add(key.slice('extension:'.length));
  const usedNumbers = new Set<string>();
  const seatsLeft = new Map<number, number>(
    snap.catalog.plans.map((p) => [
      p.type,
      (p.available ?? Number.POSITIVE_INFINITY) - (snap.promisedSeats.get(p.type) ?? 0),
    ]),
  );
  const seatShort = new Map<number, number>();
  // Every explicit extension and number of the file is planned before any row gets an automatic one: an
  // auto row early in the file must not take what a later row asks for by name (both would then be
  // queued with the same value, and the later one fail or block the import). Valid or not, a value
  // written in the file is kept out of the automatic picks.
  const explicitExt = new Set<string>();
  const explicitNumbers = new Set<string>();
  for (const r of file.rows) {
    const v = r.values as Partial<AddRow & UpdateRow> | undefined;
    if (!v) continue;
    if (typeof v.extension === 'string') explicitExt.add(v.extension);
    if (typeof v.number === 'string' && v.number !== 'auto') for (const n of listOf(v.number)) explicitNumbers.add(n);
  }
  const autoExtensions = extensionCandidates(opts.extensionRange, {
    has: (ext) => usedExt.has(ext) || explicitExt.has(ext),
  });
  const freeNumbers = [...snap.numbers.entries()]
    .filter(([n, v]) => !v.assignee && !snap.held.has(`number:${n}`) && !explicitNumbers.has(n))
    .map(([n]) => n);
  // A role profile's own extension range: one sequence per range, stepping around everything taken.
  const rangeExtensions = new Map<string, Iterator<string>>();
  const autoExtensionIn = (range: ExtensionRange | undefined) => {
    if (!range) return autoExtensions.next();
    const key = `${range.from}-${range.to}`;
    let it = rangeExtensions.get(key);
    if (!it) {
      it = extensionCandidates(range, { has: (ext) => usedExt.has(ext) || explicitExt.has(ext) });
      rangeExtensions.set(key, it);
    }
    return it.next();
  };
  const macsInFile = new Map<string, string>();
  let invites = 0;

  const takeSeat = (plan: PlanRef, errors: CellProblem[]) => {
    const left = seatsLeft.get(plan.type) ?? 0;
    if (left <= 0) {
      seatShort.set(plan.type, (seatShort.get(plan.type) ?? 0) + 1);
      errors.push(
        problem('plan', col('plan'), `has no seat left for this row: ${plan.name} runs out within this file`),
      );
      return;
    }
    seatsLeft.set(plan.type, left - 1);
  };
  const resolvePlan = (name: string, errors: CellProblem[]): PlanRef | undefined => {
    const p = findPlan(snap.catalog.plans, name);
    if (!p)
      errors.push(
        problem(
          'plan',
          col('plan'),
          `"${name}" is not a calling plan of this account; plans: ${describePlans(snap.catalog.plans)}`,
        ),
      );
    return p ? { type: p.type, name: p.name } : undefined;
  };
  const resolveNamed = (field: 'site' | 'template', name: string, errors: CellProblem[]) => {
    const list = field === 'site' ? snap.catalog.sites : snap.catalog.templates;
    const found = findByName(list, name);
    if (!found)
      errors.push(
        problem(
          field,
          col(field),
          `"${name}" does not exist; ${field}s: ${list.map((x) => x.name).join(', ') || 'none'}`,
        ),
      );
    return found ? { id: found.id, name: found.name } : undefined;
  };
  const checkExtension = (ext: string, email: string, errors: CellProblem[]) => {
    const taken = takenBy(
      { zoomOwner: snap.extensionOwner.get(ext), heldFor: snap.held.get(`extension:${ext}`) },
      email,
    );
    if (taken) errors.push(problem('extension', col('extension'), takenMessage(ext, taken)));
    else usedExt.add(ext);
  };
  const checkNumber = (num: string, email: string, errors: CellProblem[]) => {
    const known = snap.numbers.get(num);
    const held = snap.held.get(`number:${num}`);
    if (!known) errors.push(problem('number', col('number'), `${num} is not a number of this Zoom account`));
    else if (known.assignee && snap.phones.get(email)?.numbers.includes(num) !== true)
      errors.push(problem('number', col('number'), `${num} is already assigned to ${known.assignee}`));
    else if (held) errors.push(problem('number', col('number'), `${num} is held for ${held}`));
    else if (usedNumbers.has(num))
      errors.push(problem('number', col('number'), `${num} is already given to an earlier row`));
    else usedNumbers.add(num);
  };

  const planAdd = (r: RowResult, v: AddRow): RowPlan => {
    const errors: CellProblem[] = [];
    const notes: string[] = [];
    const email = v.email;
    const user = snap.users.get(email);
    const phone = snap.phones.get(email);
    if (phone)
      errors.push(
        problem(
          'email',
          col('email'),
          `${email} already has Zoom Phone (extension ${phone.extension ?? 'none'}); use an update row to change it`,
        ),
      );
    if (user?.status === 'inactive') errors.push(problem('email', col('email'), `${email} is deactivated in Zoom`));
    const heldEmail = snap.held.get(`email:${email}`);
    if (heldEmail) errors.push(problem('email', col('email'), `${email} already has ${heldEmail} in progress`));
    let extension = v.extension;
    if (extension) checkExtension(extension, email, errors);
    const profile = v.profile
      ? rowProfile(snap, v.profile, (field, message) => errors.push(problem(field, col(field), message)))
      : undefined;
    // The row's own cells win; what they leave empty comes from the profile.
    const plan = v.plan ? resolvePlan(v.plan, errors) : profile?.plans[0];
    if (!plan && !profile) notes.push('no calling plan: can only receive calls to the extension');
    const profileNumber = !v.number && profile && profile.number.kind !== 'none' ? profile.number : undefined;
    let number = v.number ?? (profileNumber ? 'auto' : undefined);
    if (number && !plan)
      errors.push(
        problem(
          'number',
          col('number'),
          'needs a calling plan in the same row (Zoom only assigns numbers to users with a calling plan)',
        ),
      );
    else if (number === 'auto') {
      const prefix = profileNumber?.kind === 'prefix' ? profileNumber.prefix : undefined;
      const siteId = profileNumber?.kind === 'auto' ? profile?.site.id : undefined;
      number = freeNumbers.find(
        (n) =>
          !usedNumbers.has(n) &&
          (!prefix || n.startsWith(prefix)) &&
          (!siteId || snap.numbers.get(n)?.siteId === siteId),
      );
      const where = prefix ? ` starting ${prefix}` : siteId ? ` in site ${profile!.site.name}` : ' in the account';
      if (!number)
        errors.push(
          problem(
            'number',
            col('number'),
            `is ${profileNumber ? `the profile's "${profile!.name}" automatic number` : 'auto'}, but no unassigned number is left${where}`,
          ),
        );
      else usedNumbers.add(number);
    } else if (number) checkNumber(number, email, errors);
    // No site column (or an empty cell): the account's main site, which Zoom lists first and where Zoom
    // itself places a user given none. Named, the row can go through the batch call, which needs a site.
    const mainSite = snap.catalog.sites[0];
    const site = v.site
      ? resolveNamed('site', v.site, errors)
      : (profile?.site ?? (mainSite ? { id: mainSite.id, name: mainSite.name } : undefined));
    if (!v.site && !profile && mainSite && snap.catalog.sites.length > 1)
      notes.push(`no site given: the main site, ${mainSite.name}`);
    const template = v.template ? resolveNamed('template', v.template, errors) : profile?.template;
    const ready = rowReady(
      snap,
      {
        profile,
        mac: v.mac,
        deskPhoneModel: v.deskPhoneModel,
        address: v.emergencyAddress,
        site,
        getsNumber: Boolean(number),
        email,
      },
      macsInFile,
      (field, message) => errors.push(problem(field, col(field), message)),
    );
    // Only rows that can run take a seat: an invalid row must not push a valid one past the limit.
    if (plan && errors.length === 0) takeSeat(plan, errors);
    for (const addOn of ready?.addOns ?? []) if (errors.length === 0) takeSeat(addOn, errors);
    if (errors.length) return { row: r.row, mode: 'add', email, action: 'error', errors, fixes: r.fixes, notes };
    if (!extension) {
      const next = autoExtensionIn(profile?.extensionRange);
      if (next.done)
        return {
          row: r.row,
          mode: 'add',
          email,
          action: 'error',
          errors: [
            problem(
              'extension',
              col('extension'),
              `is empty and no free extension is left in ${(profile?.extensionRange ?? opts.extensionRange).from}-${(profile?.extensionRange ?? opts.extensionRange).to}`,
            ),
          ],
          fixes: r.fixes,
          notes,
        };
      extension = next.value;
      usedExt.add(extension);
      notes.push(`extension ${extension} (next free)`);
    }
    if (!user) {
      invites++;
      notes.push('not in Zoom yet: will be invited, phone set up when they accept');
    }
    const desired: AddDesired = {
      email,
      firstName: v.firstName,
      lastName: v.lastName,
      extension,
      extensionAuto: !v.extension,
      plan,
      number,
      numberAuto: v.number === 'auto' || profileNumber !== undefined,
      site,
      template,
      ready,
    };
    if (ready) notes.push(...describeReady(ready));
    // Zoom's batch call needs a site when the account has sites (rows without one were given the main site);
    // a profile's parts go with it where the call can carry them (provisioning/batch-add.ts readyFitsBatch).
    const batchable =
      (!ready || readyFitsBatch(ready)) &&
      user?.status === 'active' &&
      (site !== undefined || snap.catalog.sites.length === 0);
    return {
      row: r.row,
      mode: 'add',
      email,
      action: 'create',
      errors,
      fixes: r.fixes,
      notes,
      desired,
      zoomUser: user,
      batchable,
    };
  };

  /**
   * An update row's Profile / Desk Phone MAC / Emergency Address: the profile's ready parts (queues, group,
   * desk phone, caller ID) added to the existing phone user. Its plans, site, template, extension range and
   * number are not applied — those are the row's own cells, so nobody loses a plan or moves site by surprise
   * — and no emergency address is demanded: a user who has a number has one already.
   */
  const updateReady = (
    v: UpdateRow,
    email: string,
    zoomUserId: string,
    problem: (field: CellProblem['field'], message: string) => void,
  ): ReadyDesired | undefined => {
    if (!v.profile && !v.mac && !v.emergencyAddress && !v.deskPhoneModel) return undefined;
    const profile = v.profile ? rowProfile(snap, v.profile, problem) : undefined;
    if (v.profile && !profile) return undefined;
    return rowReady(
      snap,
      {
        profile,
        mac: v.mac,
        deskPhoneModel: v.deskPhoneModel,
        address: v.emergencyAddress,
        getsNumber: false,
        email,
        existingUserId: zoomUserId,
      },
      macsInFile,
      problem,
    );
  };

  const planUpdate = (r: RowResult, v: UpdateRow): RowPlan => {
    const errors: CellProblem[] = [];
    const email = v.email;
    const phone = snap.phones.get(email);
    if (!phone)
      return {
        row: r.row,
        mode: 'update',
        email,
        action: 'error',
        errors: [problem('email', col('email'), `${email} has no Zoom Phone; use an add row`)],
        fixes: r.fixes,
        notes: [],
      };
    const desired: UpdateDesired = {};
    if (v.extension && v.extension !== phone.extension) {
      checkExtension(v.extension, email, errors);
      desired.extension = v.extension;
    }
    if (v.plan === null) {
      if (phone.plans.length) desired.plan = null;
    } else if (v.plan?.includes(';')) {
      // Several plans: fine when they are the user's plans (an unedited export), else it cannot be done.
      const plans = listOf(v.plan).map((name) => resolvePlan(name, errors));
      if (
        plans.every((p) => p) &&
        !sameSet(
          plans.map((p) => p!.type),
          phone.plans,
        )
      )
        errors.push(
          problem(
            'plan',
            col('plan'),
            'lists several calling plans, which an update row cannot set: give one plan (it replaces the others), "-" to remove them, or the plans the user has now to leave them',
          ),
        );
    } else if (v.plan) {
      const plan = resolvePlan(v.plan, errors);
      if (plan && !(phone.plans.length === 1 && phone.plans[0] === plan.type)) desired.plan = plan;
    }
    if (v.number === null) {
      if (phone.numbers.length) desired.number = null;
    } else if (v.number?.includes(';')) {
      if (!sameSet(listOf(v.number), phone.numbers))
        errors.push(
          problem(
            'number',
            col('number'),
            'lists several numbers, which an update row cannot set: give one number (it replaces the others), "-" to remove them, or the numbers the user has now to leave them',
          ),
        );
    } else if (v.number && !(phone.numbers.length === 1 && phone.numbers[0] === v.number)) {
      const hasPlan = desired.plan ? true : desired.plan === null ? false : phone.plans.length > 0;
      if (!hasPlan)
        errors.push(
          problem('number', col('number'), 'needs a calling plan (Zoom only assigns numbers to users with one)'),
        );
      else if (v.number === 'auto')
        errors.push(problem('number', col('number'), 'auto only works in add rows; give the number'));
      else {
        checkNumber(v.number, email, errors);
        desired.number = v.number;
      }
    }
    if (v.site) {
      const site = resolveNamed('site', v.site, errors);
      if (site && site.id !== phone.siteId) desired.site = site;
    }
    if (v.template) {
      const template = resolveNamed('template', v.template, errors);
      // The template phonebot last applied is not applied again (an unedited export names it).
      if (template && template.id !== snap.templateOf.get(email)) desired.template = template;
    }
    const ready = updateReady(v, email, phone.id, (field, message) => errors.push(problem(field, col(field), message)));
    if (ready) desired.ready = ready;
    // Only a row that changes something needs the user to itself; one that asks for what Zoom has is unchanged.
    const heldEmail = snap.held.get(`email:${email}`);
    if (heldEmail && Object.keys(desired).length > 0)
      errors.push(problem('email', col('email'), `${email} already has ${heldEmail} in progress`));
    if (desired.plan && errors.length === 0 && !phone.plans.includes(desired.plan.type)) takeSeat(desired.plan, errors);
    if (errors.length) return { row: r.row, mode: 'update', email, action: 'error', errors, fixes: r.fixes, notes: [] };
    if (Object.keys(desired).length === 0) {
      const asked = Object.keys(v).some((k) => k !== 'email');
      return {
        row: r.row,
        mode: 'update',
        email,
        action: 'unchanged',
        errors,
        fixes: r.fixes,
        notes: [asked ? 'already as in the file' : 'asks for no change'],
      };
    }
    return { row: r.row, mode: 'update', email, action: 'update', errors, fixes: r.fixes, notes: [], desired };
  };

  const rows = file.rows.map((r): RowPlan => {
    if (!r.values || r.errors.length)
      return { row: r.row, mode: r.mode, email: r.email, action: 'error', errors: r.errors, fixes: r.fixes, notes: [] };
    return r.mode === 'add' ? planAdd(r, r.values as AddRow) : planUpdate(r, r.values as UpdateRow);
  });

  const fileProblems: string[] = [];
  for (const [type, short] of seatShort) {
    const plan = snap.catalog.plans.find((p) => p.type === type);
    fileProblems.push(
      `Not enough ${plan?.name ?? type} seats for the whole file: ${short} row(s) beyond the ${plan?.available ?? 0} seat(s) left are marked as errors. Free or buy seats, or run the valid rows only.`,
    );
  }
  if (invites > opts.invitesLeftToday) {
    fileProblems.push(
      `${invites} rows need a new Zoom user, but Zoom allows only ${opts.invitesLeftToday} more invitations today; the rest will be invited after Zoom's daily limit resets (00:00 UTC).`,
    );
  }
  const counts = { create: 0, update: 0, unchanged: 0, error: 0, fixes: 0, invites };
  for (const r of rows) {
    counts[r.action]++;
    counts.fixes += r.fixes.length;
  }
  const readySummary = summarizeReady(
    rows.map((r) =>
      r.action === 'create' || r.action === 'update'
        ? (r.desired as AddDesired | UpdateDesired | undefined)?.ready
        : undefined,
    ),
  );
  return { rows, fileProblems, counts, readySummary };
}
