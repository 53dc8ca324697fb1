// Every modal submission is answered within Slack's window, whatever Zoom and the database do. Slack waits
// 3 s for the answer and then shows the user an error while phonebot may still be working; so the answer is
// guaranteed here, for every submission, instead of by each handler watching its own clock. A handler simply
// answers when it knows; if that is too late, the modal already says "still working" and the handler's answer
// is applied to it afterwards (views.update), or sent by DM when the modal is gone.
import type { AckFn, ViewResponseAction } from '@slack/bolt';
import type { View as AnyView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../../log.js';
import type { OutboxMessage } from '../../outbox.js';
import { esc } from '../../escape.js';
import { infoModal } from '../../render/modals.js';
import { notice } from '../../render/replies.js';

export type Ack = AckFn<ViewResponseAction | void>;

/** Slack allows 3 s including the network both ways; phonebot answers well inside it. */
export const ANSWER_WITHIN_MS = 2_000;

const FIELD_LABEL: Record<string, string> = {
  email: 'Email',
  extension: 'Extension',
  plan: 'Calling plan',
  number: 'Number',
  site: 'Site',
  template: 'Template',
  justification: 'Why',
  reason: 'Reason',
};

/** The section texts of a view, for the DM that stands in for it. */
function visibleText(view: unknown): string {
  const blocks = (view as { blocks?: { text?: { text?: unknown } }[] }).blocks ?? [];
  return blocks
    .map((b) => (typeof b.text?.text === 'string' ? b.text.text : ''))
    .filter(Boolean)
    .join('\n');
}

export interface InTimeOptions {
  ack: Ack;
  client: WebClient;
  viewId: string;
  user: string;
  log: Logger;
  post: (message: OutboxMessage) => Promise<void>;
  /** What a modal that was answered "still working" finally says when the handler simply closes it. */
  doneText: string;
  withinMs?: number;
}

/** Wraps `ack`: the first answer goes to Slack in time; a late one updates the modal. Call `finish` when the handler returns. */
export function answerInTime(o: InTimeOptions): { ack: Ack; finish: () => void } {
  let answered = false;
  let late = false;
  const timer = setTimeout(() => {
    if (answered) return;
    late = true;
    answered = true;
    o.log.info({ viewId: o.viewId }, 'submission still running at the answer deadline: answered "still working"');
    void o
      .ack({
        response_action: 'update',
        view: infoModal(
          'Working…',
          '⏳ Still waiting for Zoom. This window shows the outcome when it is known; if you close it, phonebot sends it by DM.',
        ),
      })
      .catch((err: Error) => o.log.warn({ err: err.message }, 'could not answer a submission'));
  }, o.withinMs ?? ANSWER_WITHIN_MS);

  const lateAnswer = async (response: ViewResponseAction | void): Promise<void> => {
    let view: AnyView;
    let text: string;
    if (!response || response.response_action === 'clear') {
      text = o.doneText;
      view = infoModal('Done', esc(text));
    } else if (response.response_action === 'errors') {
      const lines = Object.entries(response.errors).map(
        ([field, message]) => `• ${FIELD_LABEL[field] ?? field}: ${message}`,
      );
      text = `Nothing was done:\n${lines.join('\n')}`;
      view = infoModal('Not done', esc(text));
    } else {
      view = response.view;
      text = visibleText(response.view) || o.doneText;
    }
    try {
      await o.client.views.update({ view_id: o.viewId, view: view });
    } catch (err) {
      // The modal was closed (or replaced): the answer still reaches the person, by DM.
      o.log.info({ err: (err as Error).message }, 'could not show a late answer in the modal; sending it by DM');
      await o.post({ key: `late-answer:${o.viewId}`, channel: o.user, payload: notice(text) });
    }
  };

  const ack: Ack = async (response?: ViewResponseAction | void) => {
    if (!answered) {
      answered = true;
      clearTimeout(timer);
      return o.ack(response as ViewResponseAction);
    }
    if (late) await lateAnswer(response);
  };
  return { ack, finish: () => clearTimeout(timer) };
}
