import { invalid } from '../../lib/errors.ts';
import { nfc } from '../../lib/text.ts';
import { MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';

export const locales = ['vi', 'en'] as const;
export type Locale = (typeof locales)[number];

export interface UserFieldsInput {
  email: string;
  displayName: string;
  password: string;
}

export const MAX_NAME_LENGTH = 200;
/** scrypt cost grows with input: a cap keeps a huge "password" from being a cheap DoS. */
export const MAX_PASSWORD_LENGTH = 512;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks and normalises what every new account needs (API, setup form, CLI): emails are
 * stored trimmed and lower-cased, names NFC. Throws 422 naming the field.
 */
export function checkUserFields(input: UserFieldsInput): { email: string; displayName: string } {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) {
    throw invalid('EMAIL_INVALID', '/email', { vi: 'Địa chỉ email không hợp lệ', en: 'The email address is not valid' });
  }
  const displayName = nfc(input.displayName.trim());
  if (!displayName) {
    throw invalid('DISPLAY_NAME_REQUIRED', '/displayName', { vi: 'Cần nhập họ tên', en: 'The display name is required' });
  }
  if ([...displayName].length > MAX_NAME_LENGTH) {
    throw invalid('DISPLAY_NAME_TOO_LONG', '/displayName', {
      vi: `Họ tên dài quá ${MAX_NAME_LENGTH} ký tự`,
      en: `The display name must be at most ${MAX_NAME_LENGTH} characters`,
    });
  }
  checkPassword(input.password);
  return { email, displayName };
}

export function checkPassword(password: string): void {
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw invalid('PASSWORD_TOO_LONG', '/password', {
      vi: `Mật khẩu dài quá ${MAX_PASSWORD_LENGTH} ký tự`,
      en: `Password must be at most ${MAX_PASSWORD_LENGTH} characters`,
    });
  }
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw invalid('PASSWORD_TOO_SHORT', '/password', {
      vi: `Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự`,
      en: `Password must be at least ${MIN_PASSWORD_LENGTH} characters`,
    });
  }
}
