import { ConnectorError } from '../contract.ts';
import { createSettingsReader, urlRoot } from '../settings.ts';

/** How a channel reaches one WordPress site; stored in `channels.settings`. */
export interface WordpressSettings {
  /** Site root, e.g. `https://congan.binhdinh.gov.vn` or `https://site/blog` (WordPress in a folder). */
  baseUrl: string;
  /** `wp-json` = `/wp-json/wp/v2/…` (pretty permalinks); `rest_route` = `/?rest_route=/wp/v2/…` (plain permalinks). */
  apiStyle: 'wp-json' | 'rest_route';
  /** Status of created posts: `publish`, or `pending`/`draft` when the site's editors publish by hand. */
  status: 'publish' | 'pending' | 'draft';
  /** With status `publish`, a post due in the future is sent as `future` with `date_gmt` (WordPress publishes it). */
  nativeScheduling: boolean;
  categoryIds: number[];
  /** Resolved to ids on the site, created when missing (needs the `manage_categories` capability). */
  categoryNames: string[];
  tagIds: number[];
  tagNames: string[];
}

export interface WordpressCredentials {
  username: string;
  /** Application Password (Users → Profile); spaces as shown by WordPress are allowed. */
  applicationPassword: string;
}

const settings = createSettingsReader({
  code: 'WP_SETTINGS_INVALID',
  label: 'WordPress',
  urlExample: { vi: 'https://congan.example.gov.vn', en: 'https://site.example' },
});
const { oneOf } = settings;
const invalidSettings = settings.invalid;

function idList(raw: unknown, field: string): number[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || !raw.every((n) => Number.isInteger(n) && (n as number) > 0)) {
    throw invalidSettings(field, 'cần một danh sách số nguyên dương', 'expected a list of positive integers');
  }
  return raw as number[];
}

function nameList(raw: unknown, field: string): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || !raw.every((s) => typeof s === 'string' && s.trim() !== '')) {
    throw invalidSettings(field, 'cần một danh sách tên không rỗng', 'expected a list of non-empty names');
  }
  return (raw as string[]).map((s) => s.trim().normalize('NFC'));
}

export function parseWordpressSettings(raw: Record<string, unknown>): WordpressSettings {
  const url = settings.url(raw.baseUrl, 'baseUrl');
  if (typeof raw.nativeScheduling !== 'undefined' && typeof raw.nativeScheduling !== 'boolean') {
    throw invalidSettings('nativeScheduling', 'cần true hoặc false', 'expected true or false');
  }
  return {
    baseUrl: urlRoot(url),
    apiStyle: oneOf(raw.apiStyle, 'apiStyle', ['wp-json', 'rest_route'] as const, 'wp-json'),
    status: oneOf(raw.status, 'status', ['publish', 'pending', 'draft'] as const, 'publish'),
    nativeScheduling: (raw.nativeScheduling as boolean | undefined) ?? true,
    categoryIds: idList(raw.categoryIds, 'categoryIds'),
    categoryNames: nameList(raw.categoryNames, 'categoryNames'),
    tagIds: idList(raw.tagIds, 'tagIds'),
    tagNames: nameList(raw.tagNames, 'tagNames'),
  };
}

export function parseWordpressCredentials(raw: Record<string, unknown> | null): WordpressCredentials {
  const username = raw?.username;
  const applicationPassword = raw?.applicationPassword;
  if (typeof username !== 'string' || username === '' || typeof applicationPassword !== 'string' || applicationPassword.trim() === '') {
    throw new ConnectorError({
      kind: 'auth',
      code: 'WP_CREDENTIALS_MISSING',
      sideEffectPossible: false,
      message: {
        vi: 'Kênh WordPress chưa có tên đăng nhập và mật khẩu ứng dụng (Application Password); hãy kết nối lại kênh',
        en: 'The WordPress channel has no username and Application Password; reconnect the channel',
      },
    });
  }
  return { username, applicationPassword };
}
