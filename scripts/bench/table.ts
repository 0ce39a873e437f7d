/** One line of the benchmark table; `ok` null = informative figure without a target. */
export interface Row {
  figure: string;
  measured: string;
  baseline: string;
  target: string;
  ok: boolean | null;
}

const HEAD: Row = { figure: 'figure', measured: 'measured', baseline: 'baseline', target: 'target', ok: null };
const cells = (r: Row, head = false) => [r.figure, r.measured, r.baseline, r.target, head ? 'ok' : r.ok === null ? '—' : r.ok ? 'yes' : 'NO'];

/** Plain-text columns separated by `|`, readable in a terminal and pasteable into a note. */
export function formatTable(rows: readonly Row[]): string {
  const lines = [cells(HEAD, true), ...rows.map((r) => cells(r))];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => [...l[i]!].length)));
  const fmt = (l: string[]) => l.map((c, i) => c + ' '.repeat(widths[i]! - [...c].length)).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [fmt(lines[0]!), rule, ...lines.slice(1).map(fmt)].join('\n');
}

/** A row for a benchmark that could not run, so the table still shows it. */
export function failedRow(figure: string, err: unknown, target: string): Row {
  const message = err instanceof Error ? err.message : String(err);
  return { figure, measured: `error: ${message.split('\n')[0]!.slice(0, 90)}`, baseline: '—', target, ok: false };
}

export const ms = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US')} ms`;
export const perSecond = (v: number) => `${Math.round(v).toLocaleString('en-US')}/s`;
export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
