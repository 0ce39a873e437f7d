import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { questions, type Theme, themes, units } from '../../db/schema/index.ts';
import { AppError, type Messages } from '../../lib/errors.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { foldVietnamese, nfc } from '../../lib/text.ts';
import { formShownAt } from './form-token.ts';
import { findPersonalData } from './personal-data.ts';
import type { IpRateLimit } from './rate-limit.ts';
import { unitForTheme } from './routing.ts';

export const QUESTION_MIN_CHARS = 20;
export const QUESTION_MAX_CHARS = 2_000;
const NAME_MAX_CHARS = 100;
const CONTACT_MAX_CHARS = 200;
/** A form older than this is stale (the page was left open overnight). */
const FORM_MAX_AGE_MS = 24 * 3_600_000;
/** The same question again within this time is a duplicate. */
const DUPLICATE_WINDOW_MS = 30 * 24 * 3_600_000;

/** The fields of the public form, as posted (strings, possibly empty). */
export interface QuestionForm {
  body: string;
  name: string;
  contact: string;
  unitId: string;
  theme: string;
  /** The honeypot: a field people never see and robots fill in. */
  website: string;
  token: string;
}

export interface QuestionLimits {
  perIpPerHour: number;
  minSeconds: number;
  maxLinks: number;
}

export interface SubmitContext {
  db: Db;
  secrets: SecretBox;
  limits: QuestionLimits;
  rateLimit: IpRateLimit;
  now: Date;
  ip: string;
}

const refused = (code: string, status: number, messages: Messages, field?: string) => new AppError(code, status, messages, field);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s.()-]{8,20}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Robot checks first (cheapest, and they say least), then the person's own mistakes. */
function checkSender(ctx: SubmitContext, form: QuestionForm): void {
  if (form.website.trim()) {
    throw refused('QUESTION_REFUSED', 422, { vi: 'Câu hỏi không được nhận. Nếu bạn là người gửi, hãy tải lại trang và gửi lại.', en: 'The question was not accepted. If you are a person, reload the page and send it again.' });
  }
  const shownAt = formShownAt(ctx.secrets, form.token);
  if (!shownAt || ctx.now.getTime() - shownAt.getTime() > FORM_MAX_AGE_MS) {
    throw refused('QUESTION_FORM_EXPIRED', 422, { vi: 'Biểu mẫu đã cũ. Hãy tải lại trang rồi gửi lại câu hỏi.', en: 'The form has expired. Reload the page and send the question again.' });
  }
  if (ctx.now.getTime() - shownAt.getTime() < ctx.limits.minSeconds * 1000) {
    throw refused('QUESTION_TOO_FAST', 422, {
      vi: 'Câu hỏi được gửi quá nhanh sau khi mở trang, giống máy gửi tự động. Hãy đợi vài giây rồi bấm gửi lại.',
      en: 'The question was sent too quickly after the page opened, like an automated sender. Wait a few seconds and send it again.',
    });
  }
  if (!ctx.rateLimit.allows(ctx.ip, ctx.now)) {
    throw refused('QUESTION_RATE_LIMITED', 429, {
      vi: `Đã nhận đủ ${ctx.limits.perIpPerHour} câu hỏi từ địa chỉ mạng của bạn trong một giờ. Hãy gửi tiếp sau một giờ nữa.`,
      en: `We already received ${ctx.limits.perIpPerHour} questions from your network address this hour. Please send more in an hour.`,
    });
  }
}

function checkText(ctx: SubmitContext, form: QuestionForm): { body: string; name: string | null; contact: string | null } {
  const body = nfc(form.body).trim();
  const length = [...body].length;
  if (length < QUESTION_MIN_CHARS) {
    throw refused('QUESTION_TOO_SHORT', 422, { vi: `Câu hỏi cần ít nhất ${QUESTION_MIN_CHARS} ký tự để cán bộ hiểu được.`, en: `The question needs at least ${QUESTION_MIN_CHARS} characters.` }, '/body');
  }
  if (length > QUESTION_MAX_CHARS) {
    throw refused('QUESTION_TOO_LONG', 422, { vi: `Câu hỏi dài quá ${QUESTION_MAX_CHARS} ký tự; hãy viết gọn lại.`, en: `The question is longer than ${QUESTION_MAX_CHARS} characters.` }, '/body');
  }
  const links = body.match(/https?:\/\/|www\.|\b[a-z0-9-]+\.(?:com|net|vn|xyz|top|info|org|io|me|link|click)\b/gi)?.length ?? 0;
  if (links > ctx.limits.maxLinks) {
    throw refused('QUESTION_TOO_MANY_LINKS', 422, {
      vi: `Câu hỏi chỉ được có tối đa ${ctx.limits.maxLinks} đường dẫn web.`,
      en: `A question may contain at most ${ctx.limits.maxLinks} web link(s).`,
    }, '/body');
  }
  const name = nfc(form.name).trim() || null;
  if (name && [...name].length > NAME_MAX_CHARS) {
    throw refused('QUESTION_NAME_TOO_LONG', 422, { vi: `Tên dài quá ${NAME_MAX_CHARS} ký tự.`, en: `The name is longer than ${NAME_MAX_CHARS} characters.` }, '/name');
  }
  const contact = form.contact.trim() || null;
  if (contact && (contact.length > CONTACT_MAX_CHARS || !(EMAIL.test(contact) || PHONE.test(contact)))) {
    throw refused('QUESTION_CONTACT_INVALID', 422, { vi: 'Thông tin liên hệ phải là một địa chỉ email hoặc số điện thoại (hoặc để trống).', en: 'The contact must be an e-mail address or a phone number (or left empty).' }, '/contact');
  }
  return { body, name, contact };
}

/** The question reduced to its words, so spacing, case and accents do not make it new. */
export function fingerprintOf(body: string): string {
  return foldVietnamese(body).replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * Takes a citizen's question into the moderation queue of the unit they chose (else the
 * theme's unit). Every refusal throws before anything is written: a refused submission
 * leaves no row. Returns the new question's id.
 */
export async function submitQuestion(ctx: SubmitContext, form: QuestionForm): Promise<string> {
  checkSender(ctx, form);
  const text = checkText(ctx, form);
  const theme: Theme = (themes as readonly string[]).includes(form.theme) ? (form.theme as Theme) : 'policy';
  const fingerprint = fingerprintOf(text.body);
  const id = await ctx.db.transaction(async (tx) => {
    // Two copies of one question sent at the same moment: the second waits, then sees the first.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`question:${fingerprint}`}))`);
    const [dup] = await tx
      .select({ id: questions.id })
      .from(questions)
      .where(and(eq(questions.fingerprint, fingerprint), gt(questions.createdAt, new Date(ctx.now.getTime() - DUPLICATE_WINDOW_MS))))
      .limit(1);
    if (dup) {
      throw refused('QUESTION_DUPLICATE', 409, { vi: 'Câu hỏi này đã được gửi trước đó và đang chờ trả lời; không cần gửi lại.', en: 'This question was already sent and is waiting for an answer; no need to send it again.' }, '/body');
    }
    let unitId: string | null = null;
    if (form.unitId) {
      const [unit] = UUID.test(form.unitId) ? await tx.select({ id: units.id }).from(units).where(eq(units.id, form.unitId)) : [];
      if (!unit) throw refused('QUESTION_UNIT_INVALID', 422, { vi: 'Đơn vị đã chọn không có; hãy chọn lại.', en: 'The chosen unit does not exist; choose again.' }, '/unitId');
      unitId = unit.id;
    }
    const chosen = unitId !== null;
    unitId ??= await unitForTheme(tx, theme);
    if (!unitId) throw new Error('No unit exists to receive questions');
    const [row] = await tx
      .insert(questions)
      .values({
        unitId,
        unitChosen: chosen ? 'citizen' : 'theme',
        theme,
        body: text.body,
        askerName: text.name,
        contact: text.contact,
        personalData: findPersonalData(text.body),
        fingerprint,
        createdAt: ctx.now,
      })
      .returning({ id: questions.id });
    return row!.id;
  });
  ctx.rateLimit.record(ctx.ip, ctx.now);
  return id;
}
