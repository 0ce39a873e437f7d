import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { oauthChoices } from '../../db/schema/index.ts';
import { AppError } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secrets.ts';

/** One thing the person may pick (a Page, a YouTube channel); what they see. */
export interface ChoiceOption {
  id: string;
  name: string;
}

/** What waits, sealed, between the platform's answer and the person's choice. */
export interface PendingChoice<G = Record<string, unknown>> {
  options: ChoiceOption[];
  /** The tokens behind the options; never leaves the server. */
  grant: G;
}

export const CHOICE_TTL_MS = 10 * 60_000;

const gone = () =>
  new AppError('OAUTH_CHOICE_EXPIRED', 410, {
    vi: 'Lựa chọn kết nối đã hết hạn hoặc đã dùng (mở từ tài khoản hay phiên khác?); hãy bấm "Kết nối" lại từ trang kênh',
    en: 'This connect choice has expired or was already used (another account or session?); start the connection again from the channels page',
  });

/** Keeps a choice for the person and session that started the flow; expired ones are swept on the way. */
export async function saveChoice(
  db: Db,
  secrets: SecretBox,
  o: { channelId: string; userId: string; sessionHash: string; choice: PendingChoice<unknown>; now: Date },
): Promise<string> {
  await db.delete(oauthChoices).where(lt(oauthChoices.expiresAt, o.now));
  const [row] = await db
    .insert(oauthChoices)
    .values({
      channelId: o.channelId,
      userId: o.userId,
      sessionHash: o.sessionHash,
      sealed: secrets.seal(JSON.stringify(o.choice)),
      expiresAt: new Date(o.now.getTime() + CHOICE_TTL_MS),
    })
    .returning({ id: oauthChoices.id });
  return row!.id;
}

/** The choice if it is this person's and session's and still fresh; a 410 otherwise (whose it is stays untold). */
export async function openChoice<G>(db: Db, secrets: SecretBox, id: string, o: { userId: string; sessionHash: string; now: Date }): Promise<{ channelId: string; choice: PendingChoice<G> }> {
  const [row] = await db
    .select()
    .from(oauthChoices)
    .where(and(eq(oauthChoices.id, id), eq(oauthChoices.userId, o.userId), eq(oauthChoices.sessionHash, o.sessionHash)));
  if (!row || row.expiresAt.getTime() <= o.now.getTime()) throw gone();
  return { channelId: row.channelId, choice: JSON.parse(secrets.open(row.sealed)) as PendingChoice<G> };
}

/** Spends the choice: true only for the one request that removed it. */
export async function takeChoice(db: Db, id: string): Promise<boolean> {
  const removed = await db.delete(oauthChoices).where(eq(oauthChoices.id, id)).returning({ id: oauthChoices.id });
  return removed.length === 1;
}
