// What an add step is handed, and the few reads every add step shares (steps-add.ts, steps-ready.ts).
import type { CatalogCache } from '../catalog.js';
import type { ZoomPort } from '../ports.js';
import { readDesired } from '../stored/index.js';
import type { Outcome } from './outcome.js';
import type { AddDesired, Progress, RequestRow } from './types.js';

export interface StepContext {
  request: RequestRow;
  progress: Progress;
  zoom: ZoomPort;
  /** For names in the lines a card shows; absent in some tests, then codes fall back to Zoom's known names. */
  catalog?: CatalogCache;
  now: Date;
}

export type StepHandler = (ctx: StepContext) => Promise<Outcome>;

/**
 * Whether `step` must read Zoom before writing: its own last attempt may have happened, or a batch call
 * that would have done everything at once may have happened (the process died during it).
 */
export function mayHaveHappened(ctx: StepContext, step: string): boolean {
  return ctx.progress.uncertain === step || ctx.progress.afterUnclearBatch === true;
}

export function desired(ctx: StepContext): AddDesired {
  return readDesired(ctx.request, 'add');
}

export function userId(ctx: StepContext): string {
  const id = ctx.progress.zoomUserId;
  if (!id) throw new Error('no Zoom user id recorded for this request');
  return id;
}
