import type { Json } from './types.js';

/**
 * A subset of Block Kit limits Slack enforces server-side (slack-bolt.md §4.2, §5). Real Slack
 * rejects these with `invalid_blocks` / `invalid_arguments` plus `[ERROR] …` lines in
 * response_metadata.messages; a fake that accepted them would let oversize builders pass tests.
 */

const MESSAGE_MAX_BLOCKS = 50;
const VIEW_MAX_BLOCKS = 100;
const VIEW_TEXT_MAX = 24;
const PRIVATE_METADATA_MAX = 3000;
const ID_MAX = 255;
const VIEW_MAX_BYTES = 250_000;

function isRecord(v: unknown): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function textOf(obj: unknown): string | undefined {
  return isRecord(obj) && typeof obj.text === 'string' ? obj.text : undefined;
}

function tooLong(errors: string[], value: string | undefined, max: number, pointer: string): void {
  if (value !== undefined && value.length > max) {
    errors.push(`[ERROR] must be less than ${max + 1} characters [json-pointer:${pointer}]`);
  }
}

function checkElement(errors: string[], el: unknown, pointer: string): void {
  if (!isRecord(el)) return;
  tooLong(errors, typeof el.action_id === 'string' ? el.action_id : undefined, ID_MAX, `${pointer}/action_id`);
  if (el.type === 'button') {
    tooLong(errors, textOf(el.text), 75, `${pointer}/text/text`);
    tooLong(errors, typeof el.value === 'string' ? el.value : undefined, 2000, `${pointer}/value`);
    tooLong(errors, typeof el.url === 'string' ? el.url : undefined, 3000, `${pointer}/url`);
  }
  if (Array.isArray(el.options) && el.options.length > 100) {
    errors.push(`[ERROR] no more than 100 items allowed [json-pointer:${pointer}/options]`);
  }
}

function checkBlock(errors: string[], block: unknown, pointer: string): void {
  if (!isRecord(block) || typeof block.type !== 'string') {
    errors.push(`[ERROR] missing required field: type [json-pointer:${pointer}]`);
    return;
  }
  tooLong(errors, typeof block.block_id === 'string' ? block.block_id : undefined, ID_MAX, `${pointer}/block_id`);
  switch (block.type) {
    case 'section': {
      const text = textOf(block.text);
      if (text !== undefined && text.length === 0) {
        errors.push(`[ERROR] must be more than 0 characters [json-pointer:${pointer}/text/text]`);
      }
      tooLong(errors, text, 3000, `${pointer}/text/text`);
      if (Array.isArray(block.fields)) {
        if (block.fields.length > 10)
          errors.push(`[ERROR] no more than 10 items allowed [json-pointer:${pointer}/fields]`);
        block.fields.forEach((f: unknown, i: number) =>
          tooLong(errors, textOf(f), 2000, `${pointer}/fields/${i}/text`),
        );
      }
      if (block.text === undefined && block.fields === undefined) {
        errors.push(`[ERROR] must provide either text or fields [json-pointer:${pointer}]`);
      }
      checkElement(errors, block.accessory, `${pointer}/accessory`);
      break;
    }
    case 'header':
      tooLong(errors, textOf(block.text), 150, `${pointer}/text/text`);
      break;
    case 'actions':
      if (Array.isArray(block.elements)) {
        if (block.elements.length > 25)
          errors.push(`[ERROR] no more than 25 items allowed [json-pointer:${pointer}/elements]`);
        block.elements.forEach((el: unknown, i: number) => checkElement(errors, el, `${pointer}/elements/${i}`));
      }
      break;
    case 'context':
      if (Array.isArray(block.elements) && block.elements.length > 10) {
        errors.push(`[ERROR] no more than 10 items allowed [json-pointer:${pointer}/elements]`);
      }
      break;
    case 'input':
      if (block.label === undefined) errors.push(`[ERROR] missing required field: label [json-pointer:${pointer}]`);
      tooLong(errors, textOf(block.label), 2000, `${pointer}/label/text`);
      if (block.element === undefined) errors.push(`[ERROR] missing required field: element [json-pointer:${pointer}]`);
      checkElement(errors, block.element, `${pointer}/element`);
      break;
    default:
      break;
  }
}

function checkBlocks(errors: string[], blocks: unknown, max: number, pointer: string): void {
  if (blocks === undefined) return;
  if (!Array.isArray(blocks)) {
    errors.push(`[ERROR] must be an array [json-pointer:${pointer}]`);
    return;
  }
  if (blocks.length > max) errors.push(`[ERROR] no more than ${max} items allowed [json-pointer:${pointer}]`);
  blocks.forEach((b: unknown, i: number) => checkBlock(errors, b, `${pointer}/${i}`));
}

/** Problems Slack would report for a message's `blocks`; empty when acceptable. */
export function messageBlockErrors(blocks: unknown): string[] {
  const errors: string[] = [];
  checkBlocks(errors, blocks, MESSAGE_MAX_BLOCKS, '/blocks');
  return errors;
}

/** Problems Slack would report for a modal/home `view`; empty when acceptable. */
export function viewErrors(view: unknown): string[] {
  const errors: string[] = [];
  if (!isRecord(view)) return ['[ERROR] must be an object [json-pointer:/view]'];
  if (view.type !== 'modal' && view.type !== 'home') {
    errors.push('[ERROR] must be one of: modal, home [json-pointer:/view/type]');
  }
  if (view.type === 'modal') {
    if (view.title === undefined) errors.push('[ERROR] missing required field: title [json-pointer:/view]');
    for (const key of ['title', 'submit', 'close'] as const) {
      const field: unknown = view[key];
      if (field === undefined || field === null) continue;
      if (!isRecord(field) || field.type !== 'plain_text') {
        errors.push(`[ERROR] must be a plain_text object [json-pointer:/view/${key}]`);
      }
      tooLong(errors, textOf(field), VIEW_TEXT_MAX, `/view/${key}/text`);
    }
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b: unknown) => isRecord(b) && b.type === 'input');
    if (hasInput && (view.submit === undefined || view.submit === null)) {
      errors.push('[ERROR] submit is required when an input block is present [json-pointer:/view/submit]');
    }
  }
  checkBlocks(errors, view.blocks, VIEW_MAX_BLOCKS, '/view/blocks');
  tooLong(
    errors,
    typeof view.private_metadata === 'string' ? view.private_metadata : undefined,
    PRIVATE_METADATA_MAX,
    '/view/private_metadata',
  );
  tooLong(errors, typeof view.callback_id === 'string' ? view.callback_id : undefined, ID_MAX, '/view/callback_id');
  tooLong(errors, typeof view.external_id === 'string' ? view.external_id : undefined, ID_MAX, '/view/external_id');
  return errors;
}

export function isViewTooLarge(view: unknown): boolean {
  return Buffer.byteLength(JSON.stringify(view ?? null), 'utf8') > VIEW_MAX_BYTES;
}
