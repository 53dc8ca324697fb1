// Reads the request form out of a view_submission and maps problems back to its inputs, so errors show
// under the field they belong to (response_action: errors).
import { addArgsSchema, type AddArgs } from '../domain/command-grammar.js';
import type { Catalog } from '../domain/catalog.js';
import type { Problem } from '../domain/validate-add.js';

type StateValues = Record<
  string,
  Record<string, { type?: string; value?: string | null; selected_option?: { value: string } | null }>
>;

const pick = (values: StateValues, block: string) => values[block]?.[block];

export interface ParsedForm {
  args: AddArgs;
  justification?: string;
}

const FIELD_BLOCK: Record<Problem['field'], string> = {
  email: 'email',
  extension: 'extension',
  plan: 'plan',
  number: 'number',
  site: 'site',
  template: 'template',
  profile: 'profile',
  mac: 'mac',
  address: 'address',
  general: 'email',
};

export function parseRequestForm(
  values: StateValues,
  catalog: Catalog | undefined,
  opts: { needJustification: boolean; email?: string },
): { ok: true; form: ParsedForm } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const planValue = pick(values, 'plan')?.selected_option?.value;
  const mode = pick(values, 'number_mode')?.selected_option?.value ?? 'none';
  const numberText = pick(values, 'number')?.value?.trim() || undefined;
  if (mode === 'specific' && !numberText)
    errors.number = 'Type the number, e.g. +14155550100, or pick another option above.';
  if (mode !== 'specific' && numberText) errors.number = 'Choose "This number:" above to use it, or clear this field.';
  const siteId = pick(values, 'site')?.selected_option?.value;
  const templateId = pick(values, 'template')?.selected_option?.value;
  const raw = {
    email: opts.email ?? pick(values, 'email')?.value ?? '',
    extension: pick(values, 'extension')?.value?.trim() || undefined,
    // The form offers plans by code; the grammar accepts codes too.
    plan: planValue && planValue !== 'none' ? planValue : undefined,
    number: mode === 'auto' ? 'auto' : mode === 'specific' ? numberText : undefined,
    site: siteId ? (catalog?.sites.find((s) => s.id === siteId)?.name ?? siteId) : undefined,
    template: templateId ? (catalog?.templates.find((t) => t.id === templateId)?.name ?? templateId) : undefined,
    profile: ((v) => (v && v !== 'none' ? v : undefined))(pick(values, 'profile')?.selected_option?.value),
    mac: pick(values, 'mac')?.value?.trim() || undefined,
    address: pick(values, 'address')?.value?.trim() || undefined,
  };
  const parsed = addArgsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const block = String(issue.path[0] ?? 'email');
      errors[block] ??=
        `${block === 'email' ? 'Email' : block.charAt(0).toUpperCase() + block.slice(1)} ${issue.message}`;
    }
  }
  const justification = pick(values, 'justification')?.value?.trim() || undefined;
  if (opts.needJustification && !justification) errors.justification = 'Say briefly why the phone is needed.';
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors };
  return { ok: true, form: { args: parsed.data, justification } };
}

export function problemsToErrors(problems: Problem[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of problems) {
    const block = FIELD_BLOCK[p.field];
    errors[block] = errors[block]
      ? `${errors[block]}; ${p.message}`
      : p.message.charAt(0).toUpperCase() + p.message.slice(1);
  }
  return errors;
}
