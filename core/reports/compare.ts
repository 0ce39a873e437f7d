import { metricKinds } from '../metrics/kinds.ts';
import { KIND_LABELS } from './labels.ts';
import type { Report } from './report.ts';

/** A figure that moved between the submitted snapshot and today's recomputation. */
export interface Difference {
  /** Where, in words: "Tổng cộng · Lượt tiếp cận", "Công an xã A · Lượt xem" … */
  label: string;
  snapshot: number | null;
  live: number | null;
}

type Row = { label: string; figures: Report['totals']['figures']; deliveries: number };

function rowsOf(r: Report): Map<string, Row> {
  const out = new Map<string, Row>();
  out.set('total', { label: 'Tổng cộng', figures: r.totals.figures, deliveries: r.totals.deliveries });
  for (const u of r.byUnit) out.set(`unit:${u.unitId}`, { label: u.own ? `${u.name} (trực tiếp)` : u.name, figures: u.figures, deliveries: u.deliveries });
  for (const p of r.byPlatform) out.set(`platform:${p.platform}`, { label: p.label, figures: p.figures, deliveries: p.deliveries });
  for (const t of r.byTheme) out.set(`theme:${t.theme}`, { label: t.label, figures: t.figures, deliveries: t.deliveries });
  for (const i of r.byItem) out.set(`item:${i.itemId}`, { label: i.title, figures: i.figures, deliveries: i.deliveries });
  return out;
}

/**
 * Every figure and count that differs between a submitted snapshot and a live recomputation
 * of the same unit and period (late readings, late confirmations), for the parent to see.
 */
export function compareReports(snapshot: Report, live: Report): Difference[] {
  const before = rowsOf(snapshot);
  const after = rowsOf(live);
  const diffs: Difference[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(key);
    const b = after.get(key);
    const label = (a ?? b)!.label;
    for (const k of metricKinds) {
      const x = a?.figures[k].value ?? null;
      const y = b?.figures[k].value ?? null;
      if (x !== y) diffs.push({ label: `${label} · ${KIND_LABELS[k]}`, snapshot: x, live: y });
    }
    if ((a?.deliveries ?? 0) !== (b?.deliveries ?? 0)) diffs.push({ label: `${label} · Lượt đăng`, snapshot: a?.deliveries ?? 0, live: b?.deliveries ?? 0 });
  }
  for (const k of ['onTime', 'late', 'missed', 'pushes'] as const) {
    if (snapshot.compliance[k] !== live.compliance[k]) diffs.push({ label: `Đăng vào nhóm Zalo · ${k === 'onTime' ? 'đúng hạn' : k === 'late' ? 'trễ hạn' : k === 'missed' ? 'bỏ lỡ' : 'tổng số'}`, snapshot: snapshot.compliance[k], live: live.compliance[k] });
  }
  return diffs;
}
