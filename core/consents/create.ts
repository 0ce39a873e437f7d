import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { consents, media, type Platform } from '../../db/schema/index.ts';
import { AppError, invalid } from '../../lib/errors.ts';
import { nfc } from '../../lib/text.ts';
import { audit } from '../audit.ts';
import { mayOnUnit, unitsAllowed, type Caller } from '../content/permissions.ts';
import { unitAncestry } from '../units.ts';
import type { ConsentRow } from './validity.ts';

export interface ConsentInput {
  unitId: string;
  personName: string;
  scope: string;
  /** Platforms covered; empty = all. */
  platforms: Platform[];
  grantedAt: Date;
  expiresAt?: Date | null | undefined;
  /** The signed form or recording, uploaded as media. */
  documentMediaId?: string | null | undefined;
}

export const consentForbidden = () =>
  new AppError('CONSENT_MANAGE_FORBIDDEN', 403, {
    vi: 'Bạn không có quyền quản lý bản đồng ý của đơn vị này',
    en: 'You may not manage consents of this unit',
  });

/** Records a person's consent to appear in content. */
export async function createConsent(tx: Tx, caller: Caller, input: ConsentInput, now: Date): Promise<ConsentRow> {
  if ((await unitAncestry(tx, input.unitId)).length === 0) {
    throw invalid('UNIT_NOT_FOUND', '/unitId', { vi: 'Không tìm thấy đơn vị', en: 'Unit not found' });
  }
  if (!(await mayOnUnit(tx, caller, 'consent.manage', input.unitId))) throw consentForbidden();
  const personName = nfc(input.personName).trim();
  const scope = nfc(input.scope).trim();
  if (!personName) throw invalid('PERSON_NAME_REQUIRED', '/personName', { vi: 'Cần ghi tên người đồng ý', en: 'The person’s name is required' });
  if (!scope) throw invalid('SCOPE_REQUIRED', '/scope', { vi: 'Cần ghi phạm vi đồng ý', en: 'The scope of the consent is required' });
  if (input.grantedAt > now) {
    throw invalid('GRANTED_IN_FUTURE', '/grantedAt', { vi: 'Ngày đồng ý không thể ở tương lai', en: 'The consent cannot be granted in the future' });
  }
  if (input.expiresAt && input.expiresAt <= input.grantedAt) {
    throw invalid('EXPIRY_BEFORE_GRANT', '/expiresAt', { vi: 'Ngày hết hạn phải sau ngày đồng ý', en: 'The expiry must come after the grant' });
  }
  const documentMediaId = input.documentMediaId?.toLowerCase() ?? null;
  if (documentMediaId) {
    const [doc] = await tx.select({ unitId: media.unitId }).from(media).where(eq(media.id, documentMediaId));
    if (!doc || !(await unitsAllowed(tx, caller, 'content.read')).has(doc.unitId)) {
      throw invalid('MEDIA_NOT_FOUND', '/documentMediaId', { vi: 'Không tìm thấy tệp văn bản đồng ý', en: 'Consent document not found' });
    }
  }
  const [consent] = await tx
    .insert(consents)
    .values({
      unitId: input.unitId,
      personName,
      scope,
      platforms: [...new Set(input.platforms)],
      grantedAt: input.grantedAt,
      expiresAt: input.expiresAt ?? null,
      documentMediaId,
      recordedBy: caller.userId,
    })
    .returning();
  // The person's name is personal data: the audit row points at the record instead.
  await audit(tx, caller.actor, {
    action: 'consent.create',
    entityType: 'consent',
    entityId: consent!.id,
    unitId: consent!.unitId,
    data: { platforms: consent!.platforms, expiresAt: consent!.expiresAt },
  });
  return consent!;
}
