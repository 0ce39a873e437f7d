import { formatVnDayTime } from '../../lib/clock.ts';
import type { Platform } from '../../lib/platforms.ts';
import { ANY_PLATFORM_METRIC_KINDS, metricKinds, PLATFORM_METRIC_KINDS, type MetricKind } from '../metrics/kinds.ts';
import { NO_DATA, NOT_APPLICABLE } from './labels.ts';

/**
 * One figure of one report row. `value` is what was read (null: nothing read yet, or the
 * figure does not apply); `unread` counts publications of the row with no reading yet, shown
 * as "k lượt chưa có số liệu" beside the value, never as 0.
 */
export interface FigureCell {
  value: number | null;
  /** False when no platform of the row provides this figure ("không áp dụng"). */
  applicable: boolean;
  unread: number;
  /** When the earliest unread publication is read next (ISO), if planned. */
  nextReadingAt: string | null;
}
export type FigureCells = Record<MetricKind, FigureCell>;

const KINDS_OF = new Map<Platform, ReadonlySet<MetricKind>>();

/** Kinds a platform reports (tracked-link clicks apply everywhere); one set per platform, as a province's report asks for every channel's. */
export function platformKinds(platform: Platform): ReadonlySet<MetricKind> {
  let kinds = KINDS_OF.get(platform);
  if (!kinds) KINDS_OF.set(platform, (kinds = new Set([...Object.values(PLATFORM_METRIC_KINDS[platform]), ...Object.values(ANY_PLATFORM_METRIC_KINDS)])));
  return kinds;
}

/** Accumulates a row's figures, platforms and unread publications, then turns them into cells. */
export class CellBuilder {
  private readonly values = new Map<MetricKind, number>();
  private readonly platforms = new Set<Platform>();
  private unreadBy = new Map<MetricKind, number>();
  private next: Date | null = null;

  add(kind: MetricKind, value: number): void {
    this.values.set(kind, (this.values.get(kind) ?? 0) + value);
  }

  platform(p: Platform): void {
    this.platforms.add(p);
  }

  /** `count` publications on `platform` not read yet, next read at `nextAt`. */
  unread(platform: Platform, count: number, nextAt: Date | null): void {
    this.platforms.add(platform);
    if (count === 0) return;
    for (const k of platformKinds(platform)) if (k !== 'clicks') this.unreadBy.set(k, (this.unreadBy.get(k) ?? 0) + count);
    if (nextAt && (!this.next || nextAt < this.next)) this.next = nextAt;
  }

  cells(): FigureCells {
    const applicable = new Set<MetricKind>();
    for (const p of this.platforms) for (const k of platformKinds(p)) applicable.add(k);
    const out = {} as FigureCells;
    for (const k of metricKinds) {
      const ok = applicable.has(k) || this.values.has(k);
      out[k] = {
        value: ok ? (this.values.get(k) ?? null) : null,
        applicable: ok,
        unread: ok ? (this.unreadBy.get(k) ?? 0) : 0,
        nextReadingAt: ok && (this.unreadBy.get(k) ?? 0) > 0 ? (this.next?.toISOString() ?? null) : null,
      };
    }
    return out;
  }
}

const number = new Intl.NumberFormat('vi-VN');

/** How a cell reads on screen and on paper: "1.234", "1.234 + 3 lượt chưa có số liệu", "chưa có số liệu (đọc lúc …)", "không áp dụng". */
export function cellText(c: FigureCell): string {
  if (!c.applicable) return NOT_APPLICABLE;
  const next = c.nextReadingAt ? ` (lần đọc tới: ${formatVnDayTime(new Date(c.nextReadingAt))})` : '';
  if (c.value === null) return `${NO_DATA}${next}`;
  if (c.unread > 0) return `${number.format(c.value)} + ${number.format(c.unread)} lượt ${NO_DATA}${next}`;
  return number.format(c.value);
}

export function formatNumber(n: number): string {
  return number.format(n);
}
