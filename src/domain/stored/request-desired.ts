// ProvisioningRequest.desired: what the request asks for, one shape per kind. Written when the request is
// created (requests.ts, lifecycle.ts, bulk/batches.ts), read by the kind's step machine.
import { z } from 'zod';
import type { ProvisioningRequest } from '../../db/records.js';
import { describeIssues, StoredShapeError } from './json.js';
import { PhoneSnapshot } from './phone-snapshot.js';
import type { RequestKind } from './statuses.js';

const PlanRef = z.object({ type: z.number(), name: z.string() });
const Named = z.object({ id: z.string(), name: z.string() });

export const AddressInput = z.object({
  addressLine1: z.string(),
  addressLine2: z.string().optional(),
  city: z.string(),
  stateCode: z.string(),
  zip: z.string(),
  country: z.string(),
});

/**
 * What makes the user ready to take calls beyond extension, plan and number (issue 15), as a role profile
 * and the person's own values resolved it (domain/profiles/resolve.ts). Each part is one step of `add`.
 */
export const ReadyDesired = z.object({
  /** The role profile it came from, for cards and status. */
  profile: z.string().optional(),
  /** Add-on plans (Power Pack, International Calling) beside the base plan. */
  addOns: z.array(PlanRef).default([]),
  /** `site_default`: the site's address applies (nothing to write); `personal`: created for the user. */
  emergencyAddress: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('site_default'), id: z.string(), label: z.string() }),
      z.object({ kind: z.literal('personal'), address: AddressInput }),
    ])
    .optional(),
  deskPhone: z
    .object({
      /** 12 hex digits. */
      mac: z.string(),
      brand: z.string(),
      model: z.string(),
      provisionTemplate: Named.optional(),
      /** Already in the account, unassigned: assigned instead of added. */
      existingDeviceId: z.string().optional(),
    })
    .optional(),
  callQueues: z.array(Named).default([]),
  sharedLineGroup: Named.optional(),
  callerId: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('own_number') }),
      z.object({ kind: z.literal('hidden') }),
      z.object({ kind: z.literal('queue'), queue: Named, numberId: z.string(), number: z.string() }),
    ])
    .optional(),
});
export type ReadyDesired = z.infer<typeof ReadyDesired>;

/** `add`: a new phone user, as validate-add.ts resolved it. */
export const AddDesired = z.object({
  email: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  extension: z.string(),
  // Optional with a default: rows stored before these flags existed still read (an explicit value).
  extensionAuto: z.boolean().default(false),
  plan: PlanRef.optional(),
  number: z.string().optional(),
  numberAuto: z.boolean().default(false),
  site: Named.optional(),
  template: Named.optional(),
  ready: ReadyDesired.optional(),
});
export type AddDesired = z.infer<typeof AddDesired>;

/** `update` (/phone ext, CSV update rows). undefined = leave as is; null = remove. */
export const UpdateDesired = z.object({
  extension: z.string().optional(),
  plan: PlanRef.nullable().optional(),
  number: z.string().nullable().optional(),
  site: Named.optional(),
  template: Named.optional(),
  /** A profile's ready parts added to an existing phone user (CSV update rows); never its plans or site. */
  ready: ReadyDesired.optional(),
});
export type UpdateDesired = z.infer<typeof UpdateDesired>;

/** `remove-package`: the plans to remove; empty = all of the user's plans. */
export const RemovePackageDesired = z.object({ types: z.array(z.number()) });
export type RemovePackageDesired = z.infer<typeof RemovePackageDesired>;

/** `remove` (soft delete). */
export const RemoveDesired = z.object({
  phoneUserId: z.string(),
  softDeleteDays: z.number(),
  known: z.object({ templateId: z.string().nullish(), templateName: z.string().nullish() }),
});
export type RemoveDesired = z.infer<typeof RemoveDesired>;

/** `restore`: the snapshot taken at soft delete. */
export const RestoreDesired = z.object({ phoneUserId: z.string(), snapshot: PhoneSnapshot });
export type RestoreDesired = z.infer<typeof RestoreDesired>;

/** `purge`: the Zoom user to delete for good. */
export const PurgeDesired = z.object({ phoneUserId: z.string(), zoomUserId: z.string() });
export type PurgeDesired = z.infer<typeof PurgeDesired>;

/** `resend`: withdraw the pending user `oldZoomUserId` and invite again with these names. */
export const ResendDesired = z.object({
  oldZoomUserId: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
});
export type ResendDesired = z.infer<typeof ResendDesired>;

export const DESIRED = {
  add: AddDesired,
  update: UpdateDesired,
  'remove-package': RemovePackageDesired,
  remove: RemoveDesired,
  restore: RestoreDesired,
  purge: PurgeDesired,
  resend: ResendDesired,
} satisfies Record<RequestKind, z.ZodType>;

export type DesiredOf<K extends RequestKind> = z.infer<(typeof DESIRED)[K]>;

/** A kind with its desired state: what createRequest stores (one member per kind, so they cannot be mixed). */
export type KindAndDesired = { [K in RequestKind]: { kind: K; desired: DesiredOf<K> } }[RequestKind];

type Stored = Pick<ProvisioningRequest, 'id' | 'kind' | 'desired'>;

// A mapped type indexed by a generic key keeps the kind/shape correlation for the compiler (TypeScript
// 4.6 "correlated unions", https://github.com/microsoft/TypeScript/pull/47109).
type Parsers = { [K in RequestKind]: (value: unknown) => z.ZodSafeParseResult<DesiredOf<K>> };
const PARSERS: Parsers = {
  add: (v) => AddDesired.safeParse(v),
  update: (v) => UpdateDesired.safeParse(v),
  'remove-package': (v) => RemovePackageDesired.safeParse(v),
  remove: (v) => RemoveDesired.safeParse(v),
  restore: (v) => RestoreDesired.safeParse(v),
  purge: (v) => PurgeDesired.safeParse(v),
  resend: (v) => ResendDesired.safeParse(v),
};

/**
 * The request's desired state as a `kind` request; throws StoredShapeError naming the request when it is
 * another kind or was stored in a shape this version does not read.
 */
export function readDesired<K extends RequestKind>(request: Stored, kind: K): DesiredOf<K> {
  const row = `request #${request.id} (${request.kind})`;
  if (request.kind !== kind) throw new StoredShapeError(row, 'kind', `read as a ${kind} request`);
  const parser: Parsers[K] = PARSERS[kind];
  const parsed = parser(request.desired);
  if (!parsed.success) throw new StoredShapeError(row, 'desired', describeIssues(parsed.error));
  return parsed.data;
}

/** The desired state when the request is a `kind` request in a readable shape; else undefined (display only). */
export function peekDesired<K extends RequestKind>(
  request: Pick<Stored, 'kind' | 'desired'>,
  kind: K,
): DesiredOf<K> | undefined {
  if (request.kind !== kind) return undefined;
  const parser: Parsers[K] = PARSERS[kind];
  const parsed = parser(request.desired);
  return parsed.success ? parsed.data : undefined;
}
