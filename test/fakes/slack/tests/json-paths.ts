/**
 * Field-name comparison between real Slack shapes and the fake's. The java-slack-sdk samples are
 * union-of-observed-fields templates, so only the presence of names is compared, never values.
 */

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Keys like `C00000000` are ids in a map (e.g. file shares per channel), not field names. */
function isIdMap(obj: JsonObject): boolean {
  const keys = Object.keys(obj);
  return keys.length > 0 && keys.every((k) => /^[CGD][A-Z0-9]{6,}_?$/.test(k));
}

/** Every field path of a sample, `a.b` for nesting and `a[].b` for array elements. */
export function samplePaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.length > 0 ? samplePaths(value[0], `${prefix}[]`) : [];
  if (!isObject(value) || isIdMap(value)) return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    out.push(path, ...samplePaths(child, path));
  }
  return out;
}

/** Whether `path` exists in `value`; an empty array satisfies every path below it. */
export function hasPath(value: unknown, path: string): boolean {
  const segments = path.split('.').flatMap((s) => s.split(/(?=\[\])/));
  let cur: unknown = value;
  for (const seg of segments) {
    if (seg === '[]') {
      if (!Array.isArray(cur)) return false;
      if (cur.length === 0) return true;
      cur = cur[0];
      continue;
    }
    if (!isObject(cur) || !(seg in cur)) return false;
    cur = cur[seg];
  }
  return true;
}

/** Sample paths missing from `actual`, ignoring any path equal to or under an excluded prefix. */
export function missingSamplePaths(sample: unknown, actual: unknown, excluded: readonly string[]): string[] {
  const skip = (p: string) => excluded.some((e) => p === e || p.startsWith(`${e}.`) || p.startsWith(`${e}[]`));
  return samplePaths(sample).filter((p) => !skip(p) && !hasPath(actual, p));
}

interface Schema {
  $ref?: string;
  type?: string | string[];
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema | Schema[];
}

/**
 * Fields an OpenAPI 2 schema marks `required` that `actual` lacks, recursing into present
 * properties. Tuple-style `items` arrays in this spec mean "one of", so one must match.
 */
export function missingRequired(
  schema: Schema,
  actual: unknown,
  definitions: Record<string, Schema>,
  path = '',
): string[] {
  let s = schema;
  for (let hops = 0; s.$ref !== undefined && hops < 10; hops++) {
    s = definitions[s.$ref.replace('#/definitions/', '')] ?? {};
  }
  if (Array.isArray(s.items)) {
    const options = s.items.map((alt) => missingRequired(alt, actual, definitions, path));
    return options.find((m) => m.length === 0) ?? options.sort((a, b) => a.length - b.length)[0] ?? [];
  }
  if (Array.isArray(actual)) {
    return s.items && actual.length > 0 ? missingRequired(s.items, actual[0], definitions, `${path}[]`) : [];
  }
  if (!isObject(actual)) return [];
  const out: string[] = [];
  for (const key of s.required ?? []) if (!(key in actual)) out.push(path === '' ? key : `${path}.${key}`);
  for (const [key, sub] of Object.entries(s.properties ?? {})) {
    if (key in actual)
      out.push(...missingRequired(sub, actual[key], definitions, path === '' ? key : `${path}.${key}`));
  }
  return out;
}
