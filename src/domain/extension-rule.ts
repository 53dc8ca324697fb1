// The extension rule: what an extension may look like, and how phonebot picks one when none is given.
import { z } from 'zod';

export const EXTENSION_DIGITS = { min: 3, max: 6 } as const;

export const extensionSchema = z
  .string()
  .trim()
  .regex(/^\d+$/, 'must be digits only')
  .refine(
    (v) => v.length >= EXTENSION_DIGITS.min && v.length <= EXTENSION_DIGITS.max,
    `must be ${EXTENSION_DIGITS.min} to ${EXTENSION_DIGITS.max} digits`,
  );

export interface ExtensionRange {
  from: number;
  to: number;
  digits: number;
}

/**
 * Candidates for auto-assignment, lowest first, skipping what phonebot already knows is taken. Each
 * candidate is still checked against Zoom before use, because other admins assign extensions too.
 */
export function* extensionCandidates(
  range: ExtensionRange,
  taken: Pick<ReadonlySet<string>, 'has'>,
): Generator<string> {
  for (let n = range.from; n <= range.to; n++) {
    const ext = String(n).padStart(range.digits, '0');
    if (!taken.has(ext)) yield ext;
  }
}
