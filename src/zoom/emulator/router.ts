import type { EmulatorContext } from './context.js';
import { labelFor } from './rate-limit-labels.js';
import type { RateLimitLabel } from './types.js';

export interface RouteContext {
  em: EmulatorContext;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface RouteResult {
  status: number;
  /** undefined = no body at all (204s, and the 200s Zoom documents without one). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  /** Zoom's path template relative to /v2, e.g. `/phone/users/{userId}`. */
  pattern: string;
  label: RateLimitLabel;
  handler: (ctx: RouteContext) => RouteResult | Promise<RouteResult>;
}

export function route(method: string, pattern: string, handler: Route['handler']): Route {
  return { method, pattern, label: labelFor(method, pattern), handler };
}

interface Compiled {
  route: Route;
  regex: RegExp;
  keys: string[];
  literals: number;
}

export class Router {
  private readonly compiled: Compiled[];

  constructor(readonly routes: Route[]) {
    this.compiled = routes
      .map((r) => {
        const keys: string[] = [];
        const source = r.pattern.replace(/\{([^}]+)\}/g, (_m, key: string) => {
          keys.push(key);
          return '([^/]+)';
        });
        return {
          route: r,
          regex: new RegExp(`^${source}/?$`),
          keys,
          literals: r.pattern.split('/').filter((s) => s && !s.startsWith('{')).length,
        };
      })
      // `/phone/users/batch` must win over `/phone/users/{userId}`.
      .sort((a, b) => b.literals - a.literals);
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const c of this.compiled) {
      if (c.route.method !== method) continue;
      const m = c.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.keys.forEach((k, i) => {
        const raw = m[i + 1] ?? '';
        try {
          params[k] = decodeURIComponent(raw);
        } catch {
          params[k] = raw;
        }
      });
      return { route: c.route, params };
    }
    return undefined;
  }
}
