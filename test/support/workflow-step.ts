// Running phonebot's Workflow Builder step the way a workflow does: the Slack fake starts a run of the step
// declared in manifests/slack-app.yaml and its signed function_executed event is sent to the app; the run
// ends when phonebot calls functions.completeSuccess / completeError.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  type EventSendOptions,
  type FakeFunctionExecution,
  type FunctionDefinition,
  type Json,
  sendEvent,
} from '../fakes/slack/index.js';
import { type Harness, SIGNING_SECRET } from './harness.js';

export const STEP = 'provision_phone_user';

const manifest = parse(readFileSync(path.resolve(import.meta.dirname, '../../manifests/slack-app.yaml'), 'utf8')) as {
  functions: Record<string, FunctionDefinition>;
};

/** Starts a run of a step (by default phonebot's, with its manifest definition) and delivers the event. */
export async function runStep(
  h: Harness,
  inputs: Record<string, Json>,
  opts: { callbackId?: string; send?: EventSendOptions } = {},
) {
  const callbackId = opts.callbackId ?? STEP;
  const { execution, envelope } = h.slack.startFunction({
    callbackId,
    inputs,
    ...(manifest.functions[callbackId] ? { definition: manifest.functions[callbackId] } : {}),
  });
  const res = await sendEvent(h.bot.url, SIGNING_SECRET, envelope, opts.send);
  return { execution, res };
}

/** The run once it has ended (completed or failed). */
export function stepEnded(h: Harness, executionId: string, timeoutMs = 20_000): Promise<FakeFunctionExecution> {
  return h.slack.waitFor(
    () => h.slack.functionExecutions().find((e) => e.id === executionId && e.state !== 'running'),
    { timeoutMs, message: `workflow step ${executionId} did not end` },
  );
}
