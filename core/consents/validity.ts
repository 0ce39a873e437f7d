import { eq } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { consents, revisionConsents, type Platform } from '../../db/schema/index.ts';
import type { Messages } from '../../lib/errors.ts';

export type ConsentRow = typeof consents.$inferSelect;

export interface ConsentProblem {
  consentId: string;
  personName: string;
  code: 'CONSENT_WITHDRAWN' | 'CONSENT_NOT_YET_GRANTED' | 'CONSENT_EXPIRED' | 'CONSENT_EXPIRES_BEFORE_PUBLISH' | 'CONSENT_PLATFORM_NOT_COVERED';
  messages: Messages;
}

export interface ConsentUse {
  /** The moment of the check (approval, or a worker's claim). */
  now: Date;
  /** The latest moment the content goes out on any target; the consent must outlive it. */
  lastPublishAt: Date;
  platforms: readonly Platform[];
}

/**
 * A consent is valid for a use when it was granted, is not withdrawn, has not expired by
 * the check or by the last publish time, and — when it names platforms — covers every
 * platform the content goes to. Used at approval and again by workers at claim time.
 */
export function consentProblem(c: ConsentRow, use: ConsentUse): ConsentProblem | null {
  const who = c.personName;
  const problem = (code: ConsentProblem['code'], vi: string, en: string): ConsentProblem => ({
    consentId: c.id,
    personName: who,
    code,
    messages: { vi, en },
  });
  if (c.withdrawnAt && c.withdrawnAt <= use.now) return problem('CONSENT_WITHDRAWN', `${who} đã rút lại sự đồng ý`, `${who} withdrew their consent`);
  if (c.grantedAt > use.now) return problem('CONSENT_NOT_YET_GRANTED', `Sự đồng ý của ${who} chưa có hiệu lực`, `${who}'s consent is not in force yet`);
  if (c.expiresAt && c.expiresAt <= use.now) return problem('CONSENT_EXPIRED', `Sự đồng ý của ${who} đã hết hạn`, `${who}'s consent has expired`);
  if (c.expiresAt && c.expiresAt <= use.lastPublishAt) {
    return problem('CONSENT_EXPIRES_BEFORE_PUBLISH', `Sự đồng ý của ${who} hết hạn trước thời điểm đăng`, `${who}'s consent expires before the publish time`);
  }
  const missing = c.platforms.length ? use.platforms.filter((p) => !c.platforms.includes(p)) : [];
  if (missing.length) {
    return problem(
      'CONSENT_PLATFORM_NOT_COVERED',
      `Sự đồng ý của ${who} không bao gồm nền tảng: ${[...new Set(missing)].join(', ')}`,
      `${who}'s consent does not cover: ${[...new Set(missing)].join(', ')}`,
    );
  }
  return null;
}

export async function consentsOfRevision(q: Queryable, revisionId: string): Promise<ConsentRow[]> {
  const rows = await q
    .select({ consent: consents })
    .from(revisionConsents)
    .innerJoin(consents, eq(consents.id, revisionConsents.consentId))
    .where(eq(revisionConsents.revisionId, revisionId))
    .orderBy(consents.personName);
  return rows.map((r) => r.consent);
}

/** Problems of every consent a revision relies on, for the given use. */
export async function revisionConsentProblems(q: Queryable, revisionId: string, use: ConsentUse): Promise<ConsentProblem[]> {
  return (await consentsOfRevision(q, revisionId)).flatMap((c) => consentProblem(c, use) ?? []);
}
