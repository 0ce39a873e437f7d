/**
 * A PostgreSQL array literal of `values` (null as NULL), every element quoted, for one array
 * parameter of a batched statement. Most elements (ids, times, owners) hold no quote or
 * backslash: they are quoted as they are, without a regular-expression pass (building a batch's
 * parameters cost the publish path ~7 µs a delivery with one, docs/BENCHMARKS.md (a)).
 */
export function pgArrayLiteral(values: readonly (string | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (i > 0) out += ',';
    out += v === null ? 'NULL' : v.includes('"') || v.includes('\\') ? `"${v.replace(/["\\]/g, '\\$&')}"` : `"${v}"`;
  }
  return `${out}}`;
}
