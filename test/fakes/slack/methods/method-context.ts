import type { Json } from '../types.js';
import type { Workspace } from '../workspace.js';

export interface MethodContext {
  ws: Workspace;
  args: Record<string, Json>;
  /** The token the call was made with (already accepted). */
  token?: string;
  /** Date.now() when the request arrived. */
  now: number;
  /** Base of this fake, e.g. http://127.0.0.1:PORT. */
  baseUrl: string;
  socketModeUrl: string | undefined;
}

export interface ApiResponse {
  ok: boolean;
  [field: string]: Json;
}

export type MethodHandler = (ctx: MethodContext) => ApiResponse;

export function fail(error: string, messages?: string[]): ApiResponse {
  return messages && messages.length > 0 ? { ok: false, error, response_metadata: { messages } } : { ok: false, error };
}

/** Slack's answer when a required argument is absent. */
export function missing(field: string): ApiResponse {
  return fail('invalid_arguments', [`[ERROR] missing required field: ${field}`]);
}

/** Form fields arrive as strings, JSON fields as anything; callers want a string or nothing. */
export function str(args: Record<string, Json>, key: string): string | undefined {
  const v: unknown = args[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function bool(args: Record<string, Json>, key: string): boolean {
  const v: unknown = args[key];
  return v === true || v === 'true' || v === '1' || v === 1;
}

export function arrayArg(args: Record<string, Json>, key: string): Json[] | undefined {
  const v: unknown = args[key];
  return Array.isArray(v) ? v : undefined;
}
