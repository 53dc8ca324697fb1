// Small Block Kit builders shared by every message and modal phonebot renders.
import { esc, plain } from '../escape.js';

import type { ActionsBlockElement, Button, KnownBlock, SectionBlock } from '@slack/types';

export type { Button } from '@slack/types';

/** Block Kit as Slack's own types describe it (https://docs.slack.dev/reference/block-kit/blocks). */
export type Block = KnownBlock;

export interface SlackPayload {
  text: string;
  blocks?: Block[];
}

export const section = (mrkdwn: string): SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: mrkdwn.slice(0, 3000) },
});
export const context = (mrkdwn: string): Block => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: mrkdwn.slice(0, 2000) }],
});
export const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: plain(text, 150) },
});
export const divider = (): Block => ({ type: 'divider' });
export const fields = (pairs: [string, string][]): Block => ({
  type: 'section',
  fields: pairs.slice(0, 10).map(([k, v]) => ({ type: 'mrkdwn', text: `*${k}*\n${v || '—'}`.slice(0, 2000) })),
});

export function button(
  text: string,
  actionId: string,
  value: string,
  style?: 'primary' | 'danger',
  confirm?: { title: string; text: string; confirm: string; deny?: string },
): Button {
  return {
    type: 'button',
    text: { type: 'plain_text', text: plain(text, 75) },
    action_id: actionId,
    value: value.slice(0, 2000),
    ...(style ? { style } : {}),
    ...(confirm
      ? {
          confirm: {
            title: { type: 'plain_text', text: plain(confirm.title, 100) },
            text: { type: 'mrkdwn', text: confirm.text.slice(0, 300) },
            confirm: { type: 'plain_text', text: plain(confirm.confirm, 30) },
            deny: { type: 'plain_text', text: plain(confirm.deny ?? 'Cancel', 30) },
          },
        }
      : {}),
  };
}

/** A button that opens a page; Slack still sends an action for it, which the listener just acknowledges. */
export const linkButton = (text: string, actionId: string, url: string): Button => ({
  type: 'button',
  text: { type: 'plain_text', text: plain(text, 75) },
  action_id: actionId,
  url: url.slice(0, 3000),
});

export const actions = (blockId: string, elements: ActionsBlockElement[]): Block => ({
  type: 'actions',
  block_id: blockId,
  elements: elements.slice(0, 25),
});

export const bullets = (lines: string[]): string => lines.map((l) => `• ${esc(l, 500)}`).join('\n');

export const SANDBOX_LABEL =
  '🧪 *Sandbox* — phonebot is talking to a simulated Zoom account; nothing here changes real phones.';

/** Marks a message as coming from sandbox mode (every reply, so nobody mistakes it for production). */
export function frame(payload: SlackPayload, sandbox: boolean): SlackPayload {
  // Framed once: a payload already framed (an answer re-routed through the outbox) keeps its one label.
  if (!sandbox || payload.text.startsWith('[sandbox] ')) return payload;
  return {
    text: `[sandbox] ${payload.text}`,
    blocks: [context(SANDBOX_LABEL), ...(payload.blocks ?? [section(esc(payload.text, 2900))])],
  };
}
