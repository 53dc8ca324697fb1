import type { FakeFunctionExecution, Json } from '../types.js';
import { fail, missing, str, type ApiResponse, type MethodHandler } from './method-context.js';

/**
 * functions.completeSuccess / functions.completeError: end a custom step's run, once. Arguments and error
 * codes after the method pages (https://docs.slack.dev/reference/methods/functions.completeSuccess,
 * https://docs.slack.dev/reference/methods/functions.completeError): function_execution_not_found,
 * execution_not_in_running_state, parameter_validation_failed. Bot tokens and the run's own workflow token
 * are accepted (the methods need no scope).
 */
function running(execId: string | undefined, lookup: (id: string) => FakeFunctionExecution | undefined) {
  if (execId === undefined) return { error: missing('function_execution_id') };
  const execution = lookup(execId);
  if (!execution) return { error: fail('function_execution_not_found') };
  if (execution.state !== 'running') return { error: fail('execution_not_in_running_state') };
  return { execution };
}

/** Outputs against the step's declared output_parameters: every required one present, nothing undeclared. */
function outputProblems(execution: FakeFunctionExecution, outputs: Record<string, Json>): string[] {
  const declared = execution.definition?.output_parameters;
  if (!declared) return [];
  const problems: string[] = [];
  for (const [name, p] of Object.entries(declared))
    if (p.is_required && (outputs[name] === undefined || outputs[name] === null))
      problems.push(`[ERROR] missing required output: ${name}`);
  for (const name of Object.keys(outputs))
    if (!(name in declared)) problems.push(`[ERROR] output not in the step's definition: ${name}`);
  for (const [name, v] of Object.entries(outputs))
    if (declared[name]?.type === 'string' && typeof v !== 'string')
      problems.push(`[ERROR] output ${name} must be a string`);
  return problems;
}

function parseOutputs(raw: unknown): Record<string, Json> | undefined {
  if (typeof raw === 'string') {
    try {
      return parseOutputs(JSON.parse(raw));
    } catch {
      return undefined;
    }
  }
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, Json>) : undefined;
}

const completeSuccess: MethodHandler = ({ ws, args, token, now }) => {
  const found = running(str(args, 'function_execution_id'), (id) => ws.functionExecutions.get(id));
  if (found.error) return found.error;
  if (args.outputs === undefined) return missing('outputs');
  const outputs = parseOutputs(args.outputs);
  if (!outputs) return fail('invalid_arguments', ['[ERROR] outputs must be an object']);
  const problems = outputProblems(found.execution, outputs);
  if (problems.length) return fail('parameter_validation_failed', problems);
  Object.assign(found.execution, { state: 'completed', outputs, completedWith: token, endedAt: new Date(now) });
  return { ok: true } satisfies ApiResponse;
};

const completeError: MethodHandler = ({ ws, args, token, now }) => {
  const found = running(str(args, 'function_execution_id'), (id) => ws.functionExecutions.get(id));
  if (found.error) return found.error;
  const error = str(args, 'error');
  if (error === undefined || error === '') return missing('error');
  Object.assign(found.execution, { state: 'failed', error, completedWith: token, endedAt: new Date(now) });
  return { ok: true };
};

export const functionMethods: Record<string, MethodHandler> = {
  'functions.completeSuccess': completeSuccess,
  'functions.completeError': completeError,
};
