/**
 * The bad-input corpus, generated from Loa's own OpenAPI document: for every operation,
 * every slot it declares (each path parameter, each query parameter, each top-level body
 * field, and the body as a whole) is sent once with each kind of bad value, the other slots
 * holding plausible values so the bad one is what the server has to deal with.
 * Test support only (#11 part E).
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  minimum?: number;
  minItems?: number;
  default?: unknown;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: JsonSchema;
  required?: boolean;
}

export interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  jsonBody: JsonSchema | null;
}

export interface BadCase {
  label: string;
  method: string;
  url: string;
  /** Raw JSON text (so it can hold 1e400 or nesting no serializer would make). */
  body?: string;
  contentType?: string;
}

/** A JSON text placeholder replaced by a literal no JSON.stringify can produce. */
const RAW = (literal: string) => `\u0001RAW:${literal}\u0001`;
const rawJson = (value: unknown) => JSON.stringify(value).replace(/"\\u0001RAW:([^\\]*)\\u0001"/g, '$1');

const base64url = (s: string) => Buffer.from(s).toString('base64url');
const deep = (levels: number) => '{"a":' + '['.repeat(levels) + ']'.repeat(levels) + '}';

/** Bad values for a string slot of a URL (path or query), already percent-encoded. */
const urlKinds: Record<string, string> = {
  nul: 'B%C3%ACnh%00%C4%90%E1%BB%8Bnh',
  only_nul: '%00',
  overlong: 'x'.repeat(9000),
  infinity: '1e400',
  year_zero: '0000-01-01T00%3A00%3A00Z',
  leap_second: '2016-12-31T23%3A59%3A60Z',
  feb_30: '2026-02-30',
  bad_uuid: 'not-a-uuid',
  cesu_surrogate: '%ED%A0%80',
  invalid_utf8: '%FF%FE',
  negative: '-1',
};

/** Forged cursors, for the `cursor` parameter of every list. */
const cursorKinds: Record<string, string> = {
  cursor_pipe: 'abc%7Cdef',
  cursor_forged: base64url('["x","y"]'),
  cursor_forged_number: base64url('[1e300]'),
  cursor_forged_pair: base64url('[1e300,"x"]'),
  cursor_forged_time: base64url('["0000-01-01T00:00:00Z","00000000-0000-0000-0000-000000000000"]'),
};

/** Bad values for a body field, as JSON values (RAW for literals). */
const bodyKinds: Record<string, unknown> = {
  nul: 'Bình\u0000Định',
  lone_surrogate: 'a\ud800b',
  overlong: 'x'.repeat(70_000),
  infinity: RAW('1e400'),
  year_zero: '0000-01-01T00:00:00Z',
  leap_second: '2016-12-31T23:59:60Z',
  bad_uuid: 'not-a-uuid',
  object: { a: 1 },
  array: [1, 'x'],
  number: 12345,
  null: null,
};

/** Whole-body kinds for operations taking JSON. */
const wholeBodyKinds: Record<string, string> = {
  deep_8000: deep(8000),
  deep_2000: deep(2000),
  malformed: '{"a":',
  empty: '',
  array: '[]',
  nul_key: '{"\\u0000":1}',
  surrogate_key: '{"\\ud800":1}',
  nul_escape_value: '{"name":"\\u0000"}',
};

/** Every operation of the OpenAPI document. */
export function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)?.content;
      ops.push({ method: method.toUpperCase(), path, parameters: (op.parameters as Parameter[] | undefined) ?? [], jsonBody: content?.['application/json']?.schema ?? null });
    }
  }
  return ops;
}

/** Plausible values: ids of the seeded world by name, else something the schema accepts. */
export type Known = (name: string, path: string) => unknown;

export function sample(schema: JsonSchema, name: string, path: string, known: Known): unknown {
  const hinted = known(name, path);
  if (hinted !== undefined) return hinted;
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt) return sample(alt.find((s) => s.type !== 'null') ?? alt[0]!, name, path, known);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => sample(s, name, path, known) as object));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items ?? {}, name, path, known));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sample(schema.properties?.[key] ?? {}, key, path, known);
      return out;
    }
    case 'string':
      if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (schema.format === 'date-time') return '2027-01-15T02:00:00Z';
      if (schema.format === 'date') return '2026-12-01';
      if (schema.format === 'email') return 'kiemthu@ca.vn';
      if (schema.format === 'uri') return 'https://congan.binhdinh.gov.vn/bai-viet';
      return 'Kiểm thử'.padEnd(schema.minLength ?? 1, 'x');
    default:
      return 'x';
  }
}

/** Every bad case for one operation. */
export function casesFor(op: Operation, known: Known): BadCase[] {
  const pathValue = (p: Parameter) => String(sample(p.schema ?? {}, p.name, op.path, known));
  const url = (override?: { param: Parameter; raw: string }) => {
    let path = op.path;
    for (const p of op.parameters.filter((x) => x.in === 'path')) {
      path = path.replace(`{${p.name}}`, override?.param === p ? override.raw : encodeURIComponent(pathValue(p)));
    }
    const query = op.parameters
      .filter((p) => p.in === 'query' && (p.required || p === override?.param))
      .map((p) => `${p.name}=${p === override?.param ? override.raw : encodeURIComponent(pathValue(p))}`);
    return query.length ? `${path}?${query.join('&')}` : path;
  };
  const body = op.jsonBody ? (sample(op.jsonBody, '', op.path, known) as Record<string, unknown>) : undefined;
  const withBody = (c: Omit<BadCase, 'method'>): BadCase =>
    body === undefined || c.body !== undefined ? { method: op.method, ...c } : { method: op.method, ...c, body: rawJson(body), contentType: 'application/json' };

  const cases: BadCase[] = [];
  for (const p of op.parameters.filter((x) => x.in === 'path' || x.in === 'query')) {
    const kinds = p.name === 'cursor' ? { ...urlKinds, ...cursorKinds } : urlKinds;
    for (const [kind, raw] of Object.entries(kinds)) cases.push(withBody({ label: `${p.in}:${p.name} ${kind}`, url: url({ param: p, raw }) }));
    if (p.in === 'query') cases.push(withBody({ label: `query:${p.name} repeated`, url: `${url({ param: p, raw: 'a' })}&${p.name}=b` }));
  }
  if (op.jsonBody && body && typeof body === 'object' && !Array.isArray(body)) {
    for (const field of Object.keys(op.jsonBody.properties ?? {})) {
      for (const [kind, value] of Object.entries(bodyKinds)) {
        cases.push({ label: `body:/${field} ${kind}`, method: op.method, url: url(), body: rawJson({ ...body, [field]: value }), contentType: 'application/json' });
      }
    }
    cases.push({ label: 'body unknown field with NUL', method: op.method, url: url(), body: rawJson({ ...body, 'x\u0000': 1 }), contentType: 'application/json' });
  }
  if (op.jsonBody || ['POST', 'PUT', 'PATCH'].includes(op.method)) {
    for (const [kind, text] of Object.entries(wholeBodyKinds)) cases.push({ label: `body ${kind}`, method: op.method, url: url(), body: text, contentType: 'application/json' });
  }
  return cases;
}
