// Modals: the request form (also the approver's edit form), the deny-reason form, the shared confirmation
// for destructive actions, and small status views.
import type { InputBlockElement, ModalView, PlainTextElement } from '@slack/types';
import type { Catalog } from '../../domain/catalog.js';
import type { AddDesired, RequestRow } from '../../domain/provisioning/types.js';
import { esc, mention, plain } from '../escape.js';
import { type Block, bullets, context, fields, section } from './blocks.js';
import { formatEmergencyAddress } from '../../domain/emergency-address.js';
import { formatMac } from '../../domain/mac-address.js';
import type { RoleProfile } from '../../domain/profiles/profile.js';
import { peekDesired } from '../../domain/stored/index.js';
import { describeReady } from '../../domain/validate-ready.js';
import { desiredFields } from './requests.js';

export const VIEW_REQUEST = 'request_modal';
export const VIEW_APPROVE = 'approve_modal';
export const VIEW_DENY = 'deny_modal';
export const VIEW_CONFIRM = 'confirm_modal';

export type View = ModalView;

const text = (t: string, max = 24): PlainTextElement => ({ type: 'plain_text', text: plain(t, max) });

function modal(
  callbackId: string,
  title: string,
  blocks: Block[],
  opts: { submit?: string; metadata?: object; close?: string } = {},
): View {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: text(title),
    ...(opts.submit ? { submit: text(opts.submit) } : {}),
    close: text(opts.close ?? 'Cancel'),
    private_metadata: JSON.stringify(opts.metadata ?? {}).slice(0, 3000),
    blocks: blocks.slice(0, 100),
  };
}

export function loadingModal(callbackId: string, title: string, metadata: object): View {
  return modal(callbackId, title, [section('⏳ Loading calling plans, sites and templates from Zoom…')], { metadata });
}

export function infoModal(title: string, body: string): View {
  return modal('phonebot_info', title, [section(body)], { close: 'Close' });
}

function option(label: string, value: string) {
  return { text: text(label, 75), value: value.slice(0, 75) };
}

/** An input block's element; the block id doubles as its action id. */
type InputElementWithoutId = InputBlockElement extends infer E
  ? E extends unknown
    ? Omit<E, 'action_id'>
    : never
  : never;

function input(
  blockId: string,
  label: string,
  element: InputElementWithoutId,
  opts: { optional?: boolean; hint?: string } = {},
): Block {
  return {
    type: 'input',
    block_id: blockId,
    optional: opts.optional ?? false,
    label: text(label, 2000),
    element: { action_id: blockId, ...element },
    ...(opts.hint ? { hint: text(opts.hint, 2000) } : {}),
  };
}

export interface FormValues {
  email?: string;
  extension?: string;
  planType?: number;
  numberMode?: 'none' | 'auto' | 'specific';
  number?: string;
  siteId?: string;
  templateId?: string;
  justification?: string;
  profile?: string;
  mac?: string;
  address?: string;
}

export function formValuesFrom(desired: AddDesired): FormValues {
  return {
    email: desired.email,
    extension: desired.extension,
    planType: desired.plan?.type,
    numberMode: desired.number ? (desired.numberAuto ? 'auto' : 'specific') : 'none',
    number: desired.numberAuto ? undefined : desired.number,
    siteId: desired.site?.id,
    templateId: desired.template?.id,
    profile: desired.ready?.profile,
    mac: desired.ready?.deskPhone ? formatMac(desired.ready.deskPhone.mac) : undefined,
    address:
      desired.ready?.emergencyAddress?.kind === 'personal'
        ? formatEmergencyAddress(desired.ready.emergencyAddress.address)
        : undefined,
  };
}

/** The role-profile picker and the person's own values (issue 15); the profile fills what the form leaves empty. */
function profileBlocks(profiles: readonly RoleProfile[], v: FormValues): Block[] {
  const blocks: Block[] = [];
  if (profiles.length) {
    const none = option('No profile', 'none');
    const options = [none, ...profiles.slice(0, 99).map((p) => option(p.name, p.name))];
    const selected = options.find((o) => o.value === v.profile) ?? none;
    blocks.push(
      input(
        'profile',
        'Role profile',
        { type: 'static_select', options, initial_option: selected },
        {
          optional: true,
          hint: 'Site, plans, number, queues, desk phone and caller ID of the role. Plan and number left at "none" here come from the profile.',
        },
      ),
    );
    if (profiles.some((p) => p.deskPhone))
      blocks.push(
        input(
          'mac',
          'Desk phone MAC',
          {
            type: 'plain_text_input',
            max_length: 17,
            ...(v.mac ? { initial_value: v.mac } : {}),
            placeholder: text('00:11:22:33:44:55 (profiles with a desk phone)', 150),
          },
          { optional: true },
        ),
      );
  }
  blocks.push(
    input(
      'address',
      'Personal emergency address',
      {
        type: 'plain_text_input',
        max_length: 250,
        ...(v.address ? { initial_value: v.address } : {}),
        placeholder: text('1 Main St, Springfield, IL 62701, US', 150),
      },
      { optional: true, hint: "For remote staff; otherwise the site's emergency address applies." },
    ),
  );
  return blocks;
}

/** The request form; with `approve` set it is the approver's copy, prefilled and with a template field. */
export function requestFormModal(
  catalog: Catalog,
  opts: { values?: FormValues; approve?: RequestRow; metadata: object; profiles?: readonly RoleProfile[] },
): View {
  const v = opts.values ?? {};
  const planOptions = catalog.plans
    .slice(0, 99)
    .map((p) => option(`${p.name} — ${p.available ?? '?'} free`, String(p.type)));
  const noPlan = option('No calling plan (receive calls to the extension only)', 'none');
  const selectedPlan = v.planType !== undefined ? planOptions.find((o) => o.value === String(v.planType)) : noPlan;
  const numberModes = [
    option('No direct number', 'none'),
    option('Next free number', 'auto'),
    option('This number:', 'specific'),
  ];
  const blocks: Block[] = [];
  if (opts.approve) {
    const r = opts.approve;
    blocks.push(
      section(
        `*Request #${r.id}* from ${mention(r.requestedBy)} for *${esc(r.email, 254)}*${r.justification ? `\n_${esc(r.justification, 500)}_` : ''}`,
      ),
    );
    // Everything the profile will do, before the approver says yes.
    const ready = describeReady(peekDesired(r, 'add')?.ready);
    if (ready.length) blocks.push(section(`*Also set up:*\n${bullets(ready.map((l) => esc(l)))}`));
  } else {
    blocks.push(
      input('email', 'Email of the person', {
        type: 'email_text_input',
        ...(v.email ? { initial_value: v.email } : {}),
      }),
    );
  }
  blocks.push(...profileBlocks(opts.profiles ?? [], v));
  blocks.push(
    input(
      'extension',
      'Extension',
      {
        type: 'plain_text_input',
        max_length: 6,
        ...(v.extension ? { initial_value: v.extension } : {}),
        placeholder: text('Leave empty for the next free one', 150),
      },
      { optional: true },
    ),
    input(
      'plan',
      'Calling plan',
      {
        type: 'static_select',
        options: [noPlan, ...planOptions],
        ...(selectedPlan ? { initial_option: selectedPlan } : {}),
      },
      { hint: 'Without a calling plan the user can only receive calls to the extension.' },
    ),
    input('number_mode', 'Direct number', {
      type: 'radio_buttons',
      options: numberModes,
      initial_option: numberModes.find((o) => o.value === (v.numberMode ?? 'none')),
    }),
    input(
      'number',
      'Number (when "This number")',
      {
        type: 'plain_text_input',
        ...(v.number ? { initial_value: v.number } : {}),
        placeholder: text('+14155550100', 150),
      },
      { optional: true },
    ),
  );
  if (catalog.sites.length) {
    const siteOptions = catalog.sites.slice(0, 100).map((s) => option(s.name, s.id));
    const selected = siteOptions.find((o) => o.value === v.siteId);
    blocks.push(
      input(
        'site',
        'Site',
        { type: 'static_select', options: siteOptions, ...(selected ? { initial_option: selected } : {}) },
        { optional: true },
      ),
    );
  }
  if (opts.approve && catalog.templates.length) {
    const templateOptions = catalog.templates.slice(0, 100).map((t) => option(t.name, t.id));
    const selected = templateOptions.find((o) => o.value === v.templateId);
    blocks.push(
      input(
        'template',
        'Setting template',
        { type: 'static_select', options: templateOptions, ...(selected ? { initial_option: selected } : {}) },
        { optional: true },
      ),
    );
  }
  if (!opts.approve) {
    blocks.push(
      input('justification', 'Why is it needed?', {
        type: 'plain_text_input',
        multiline: true,
        max_length: 1000,
        ...(v.justification ? { initial_value: v.justification } : {}),
      }),
    );
    blocks.push(context('An approver reviews the request; you get a DM at every step.'));
  }
  return opts.approve
    ? modal(VIEW_APPROVE, `Approve request #${opts.approve.id}`, blocks, { submit: 'Approve', metadata: opts.metadata })
    : modal(VIEW_REQUEST, 'Request a phone', blocks, { submit: 'Send request', metadata: opts.metadata });
}

export function denyModal(request: RequestRow): View {
  return modal(
    VIEW_DENY,
    `Deny request #${request.id}`,
    [
      section(`${mention(request.requestedBy)} asked for *${esc(request.email)}*`),
      fields(desiredFields(request)),
      input('reason', 'Reason (sent to the requester)', {
        type: 'plain_text_input',
        multiline: true,
        min_length: 3,
        max_length: 1000,
      }),
    ],
    { submit: 'Deny', metadata: { requestId: request.id } },
  );
}

/** The confirmation every destructive action goes through: says exactly what will happen. */
export function confirmModal(opts: {
  title: string;
  body: string[];
  confirm: string;
  metadata: { action: string; [k: string]: unknown };
}): View {
  return modal(
    VIEW_CONFIRM,
    opts.title,
    opts.body.map((b) => section(b)),
    { submit: opts.confirm, metadata: opts.metadata, close: 'Keep as is' },
  );
}

export const VIEW_PEOPLE = 'people_modal';

/**
 * The "Provision phone for…" form: one address field per person found in the message (clear one to leave
 * that person out) and one set of choices for all of them — each gets the next free extension, so there is
 * no extension field, and a specific number cannot be shared, so the number is none or the next free one.
 */
export function peopleFormModal(
  catalog: Catalog,
  opts: { emails: string[]; approver: boolean; metadata: object },
): View {
  const n = opts.emails.length;
  const planOptions = catalog.plans
    .slice(0, 99)
    .map((p) => option(`${p.name} — ${p.available ?? '?'} free`, String(p.type)));
  const noPlan = option('No calling plan (receive calls to the extension only)', 'none');
  const numberModes = [option('No direct number', 'none'), option('Next free number for each', 'auto')];
  const blocks: Block[] = [
    section(
      opts.approver
        ? `Phones for the ${n === 1 ? 'person' : `${n} people`} in the message, set up as soon as you submit. Clear an address to leave that person out.`
        : `Requests for the ${n === 1 ? 'person' : `${n} people`} in the message, one per person, for the approvers to decide. Clear an address to leave that person out.`,
    ),
    ...opts.emails.map((email, i) =>
      input(
        `email_${i}`,
        n === 1 ? 'Email of the person' : `Person ${i + 1}`,
        { type: 'email_text_input', initial_value: email },
        { optional: true },
      ),
    ),
    context('Each person gets the next free extension.'),
    input(
      'plan',
      'Calling plan',
      { type: 'static_select', options: [noPlan, ...planOptions], initial_option: noPlan },
      { hint: 'Without a calling plan the user can only receive calls to the extension.' },
    ),
    input('number_mode', 'Direct number', {
      type: 'radio_buttons',
      options: numberModes,
      initial_option: numberModes[0],
    }),
  ];
  if (catalog.sites.length) {
    const siteOptions = catalog.sites.slice(0, 100).map((s) => option(s.name, s.id));
    blocks.push(input('site', 'Site', { type: 'static_select', options: siteOptions }, { optional: true }));
  }
  if (opts.approver && catalog.templates.length) {
    const templateOptions = catalog.templates.slice(0, 100).map((t) => option(t.name, t.id));
    blocks.push(
      input('template', 'Setting template', { type: 'static_select', options: templateOptions }, { optional: true }),
    );
  }
  if (!opts.approver)
    blocks.push(
      input('justification', 'Why are they needed?', { type: 'plain_text_input', multiline: true, max_length: 1000 }),
    );
  return modal(VIEW_PEOPLE, opts.approver ? 'Provision phones' : 'Request phones', blocks, {
    submit: opts.approver ? 'Set up phones' : 'Send requests',
    metadata: opts.metadata,
  });
}

/** What became of each person of the form, shown in the modal when it is submitted. */
export function peopleOutcomeModal(lines: { email: string; text: string }[], approver: boolean): View {
  return infoModal(
    'Phones',
    `${lines.map((l) => `• *${esc(l.email, 254)}* — ${esc(l.text, 400)}`).join('\n')}\n\n${
      approver
        ? 'Each phone’s progress is posted in the thread of the message.'
        : 'You get a DM at every step; the thread of the message hears once an approver has decided.'
    }`,
  );
}
