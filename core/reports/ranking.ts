import type { RankingWeights } from '../../db/schema/index.ts';
import { invalid } from '../../lib/errors.ts';
import { compareVietnamese } from '../../lib/text.ts';

/** The default weights; a manager may change them per report (they are frozen with it when submitted). */
export const DEFAULT_WEIGHTS: RankingWeights = { onTime: 0.4, coverage: 0.3, engagement: 0.2, activities: 0.1 };

export const WEIGHT_LABELS: Record<keyof RankingWeights, string> = {
  onTime: 'tỉ lệ đăng đúng hạn vào nhóm Zalo',
  coverage: 'độ phủ xã',
  engagement: 'lượt tương tác so với đơn vị cao nhất',
  activities: 'số hoạt động trực tiếp so với đơn vị nhiều nhất',
};

/** What a unit did in the period, as the ranking reads it. */
export interface RankingInput {
  unitId: string;
  name: string;
  /** Pushes whose deadline has passed: on time, late, missed. */
  onTime: number;
  late: number;
  missed: number;
  /** Items received by its communes out of (its communes × items in the report); null when it has no commune. */
  coverage: number | null;
  engagement: number;
  activities: number;
}

export interface RankingRow extends RankingInput {
  rank: number;
  /** 0–100. */
  score: number;
  /** Each share in [0, 1]; null where it does not apply to the unit (no commune, no push due), left out of its score. */
  components: Record<keyof RankingWeights, number | null>;
}

export interface Ranking {
  weights: RankingWeights;
  /** The formula in words, with the weights, as printed under the table. */
  formula: string;
  rows: RankingRow[];
}

/** 422 unless every weight is a finite number ≥ 0 and at least one is above 0. */
export function checkWeights(w: RankingWeights, field = '/weights'): RankingWeights {
  const values = Object.values(w);
  if (values.some((v) => !Number.isFinite(v) || v < 0) || values.every((v) => v === 0)) {
    throw invalid('RANKING_WEIGHTS_INVALID', field, { vi: 'Trọng số phải là số không âm và có ít nhất một trọng số lớn hơn 0', en: 'Weights must be non-negative numbers, at least one above 0' });
  }
  return w;
}

// Vietnamese decimals, rounded: the default weights sum to 0.9999999999999999 in floating
// point, which the signed report printed as the divisor.
const decimal = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 4, useGrouping: false });

export function rankingFormula(w: RankingWeights): string {
  const total = Object.values(w).reduce((a, b) => a + b, 0);
  const parts = (Object.keys(WEIGHT_LABELS) as (keyof RankingWeights)[]).map((k) => `${decimal(w[k])} × ${WEIGHT_LABELS[k]}`);
  return (
    `Điểm = 100 × (${parts.join(' + ')}) ÷ ${decimal(total)}; mỗi thành phần từ 0 đến 1. ` +
    'Thành phần không áp dụng với một đơn vị (không có xã: độ phủ; không có lượt đẩy đến hạn: tỉ lệ đúng hạn) ghi "–" và không tính: ' +
    'điểm của đơn vị đó chia cho tổng trọng số các thành phần còn lại.'
  );
}

/**
 * Ranks units for commendation: each component is a share in [0, 1] (on-time pushes among
 * those due, commune coverage, engagement and activities relative to the best unit), weighted
 * and scaled to 100. A component that does not apply to a unit (a department has no commune,
 * so neither coverage nor pushes) is left out of its score, numerator and divisor: counted as
 * 0 it capped such a unit at 30 points whatever it did. Ties share a rank; the order among
 * them is by name.
 */
export function rankUnits(inputs: readonly RankingInput[], weights: RankingWeights): Ranking {
  const maxEngagement = Math.max(0, ...inputs.map((i) => i.engagement));
  const maxActivities = Math.max(0, ...inputs.map((i) => i.activities));
  const scored = inputs.map((i) => {
    const due = i.onTime + i.late + i.missed;
    const components = {
      onTime: due > 0 ? i.onTime / due : null,
      coverage: i.coverage,
      engagement: maxEngagement > 0 ? i.engagement / maxEngagement : 0,
      activities: maxActivities > 0 ? i.activities / maxActivities : 0,
    };
    const applicable = (Object.keys(components) as (keyof RankingWeights)[]).filter((k) => components[k] !== null);
    const weighted = applicable.reduce((s, k) => s + weights[k] * components[k]!, 0);
    const divisor = applicable.reduce((s, k) => s + weights[k], 0);
    return { ...i, components, score: divisor > 0 ? Math.round((1000 * weighted) / divisor) / 10 : 0, rank: 0 };
  });
  scored.sort((a, b) => b.score - a.score || compareVietnamese(a.name, b.name));
  scored.forEach((r, idx) => {
    r.rank = idx > 0 && scored[idx - 1]!.score === r.score ? scored[idx - 1]!.rank : idx + 1;
  });
  return { weights, formula: rankingFormula(weights), rows: scored };
}
