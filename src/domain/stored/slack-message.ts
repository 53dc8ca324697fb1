// SlackMessage.payload: one outbox message, as render/ made it (text fallback plus Block Kit blocks).
import { z } from 'zod';
import type { SlackMessage } from '../../db/records.js';
import { parseStored } from './json.js';

export const StoredPayload = z.object({
  text: z.string(),
  blocks: z.array(z.looseObject({ type: z.string() })).optional(),
});
export type StoredPayload = z.infer<typeof StoredPayload>;

export function readPayload(row: Pick<SlackMessage, 'key' | 'payload'>): StoredPayload {
  return parseStored(StoredPayload, row.payload, `Slack message ${row.key}`, 'payload');
}
