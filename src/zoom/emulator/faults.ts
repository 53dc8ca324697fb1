import type { FaultKind, FaultSpec } from './types.js';

const KINDS: FaultKind[] = ['status', 'reset', 'timeout', 'empty'];

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

function pathMatches(spec: FaultSpec, path: string): boolean {
  if (spec.path === undefined) return true;
  if (spec.path instanceof RegExp) return spec.path.test(path);
  return spec.path === path || `/v2${spec.path}` === path;
}

/** Faults are consumed in the order they were injected; the first one matching a call applies. */
export class FaultQueue {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    if (!KINDS.includes(spec.kind)) throw new Error(`unknown fault kind: ${String(spec.kind)}`);
    if (spec.kind === 'status' && spec.status === undefined) throw new Error("a 'status' fault needs a status");
    this.faults.push({ spec, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  get pending(): FaultSpec[] {
    return this.faults.map((f) => f.spec);
  }

  take(method: string, path: string): FaultSpec | undefined {
    const hit = this.faults.find(
      (f) => (f.spec.method === undefined || f.spec.method.toUpperCase() === method) && pathMatches(f.spec, path),
    );
    if (!hit) return undefined;
    hit.remaining -= 1;
    if (hit.remaining <= 0) this.faults = this.faults.filter((f) => f !== hit);
    return hit.spec;
  }
}

/** The HTTP control API carries `path` as a regex source, since JSON has no RegExp. */
export function faultFromJson(input: unknown): FaultSpec {
  if (!input || typeof input !== 'object') throw new Error('fault must be a JSON object');
  const o = input as Record<string, unknown>;
  const spec: FaultSpec = { kind: o.kind as FaultKind };
  if (typeof o.method === 'string') spec.method = o.method;
  if (typeof o.path === 'string') spec.path = new RegExp(o.path);
  if (typeof o.times === 'number') spec.times = o.times;
  if (typeof o.status === 'number') spec.status = o.status;
  if (o.body !== undefined) spec.body = o.body;
  if (o.headers && typeof o.headers === 'object') spec.headers = o.headers as Record<string, string>;
  if (typeof o.delayMs === 'number') spec.delayMs = o.delayMs;
  if (typeof o.afterEffect === 'boolean') spec.afterEffect = o.afterEffect;
  return spec;
}
