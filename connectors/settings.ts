import type { Messages } from '../lib/errors.ts';
import { ConnectorError } from './contract.ts';

/**
 * Reading one connector's `channels.settings`: each value is checked on its own and a wrong
 * one is a permanent `<code>` error naming the field, in Vietnamese and English. An absent
 * (undefined or null) value takes the fallback.
 */
export interface SettingsReader {
  invalid(field: string, vi: string, en: string): ConnectorError;
  integer(raw: unknown, field: string, fallback: number, min: number, max: number): number;
  flag(raw: unknown, field: string, fallback: boolean): boolean;
  oneOf<T extends string>(raw: unknown, field: string, allowed: readonly T[], fallback: T): T;
  /** An absolute http(s) URL (no fallback: absent is invalid too). */
  url(raw: unknown, field: string): URL;
  /** A site or API root without trailing slashes, e.g. `https://host/blog`. */
  baseUrl(raw: unknown, field: string, fallback: string): string;
}

export interface SettingsReaderOptions {
  /** e.g. `FB_SETTINGS_INVALID` */
  code: string;
  /** The platform as named in messages, e.g. `Zalo OA`. */
  label: string;
  /** Shown in the message of a URL that does not parse, e.g. `https://graph.facebook.com`. */
  urlExample: string | Messages;
}

/** `https://host/path` of a URL, without query, hash or trailing slashes. */
export function urlRoot(url: URL): string {
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function createSettingsReader(o: SettingsReaderOptions): SettingsReader {
  const example = typeof o.urlExample === 'string' ? { vi: o.urlExample, en: o.urlExample } : o.urlExample;

  function invalid(field: string, vi: string, en: string): ConnectorError {
    return new ConnectorError({
      kind: 'permanent',
      code: o.code,
      sideEffectPossible: false,
      message: { vi: `Cấu hình kênh ${o.label} sai ở "${field}": ${vi}`, en: `${o.label} channel setting "${field}" is invalid: ${en}` },
    });
  }

  function url(raw: unknown, field: string): URL {
    let parsed: URL;
    try {
      parsed = new URL(String(raw));
    } catch {
      throw invalid(field, `cần địa chỉ đầy đủ, ví dụ ${example.vi}`, `expected an absolute URL such as ${example.en}`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalid(field, 'chỉ nhận http hoặc https', 'only http and https are supported');
    return parsed;
  }

  return {
    invalid,
    url,
    baseUrl(raw, field, fallback) {
      if (raw === undefined || raw === null) return fallback;
      return urlRoot(url(raw, field));
    },
    integer(raw, field, fallback, min, max) {
      if (raw === undefined || raw === null) return fallback;
      if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
        throw invalid(field, `cần số nguyên từ ${min} đến ${max}`, `expected an integer from ${min} to ${max}`);
      }
      return raw;
    },
    flag(raw, field, fallback) {
      if (raw === undefined || raw === null) return fallback;
      if (typeof raw !== 'boolean') throw invalid(field, 'cần true hoặc false', 'expected true or false');
      return raw;
    },
    oneOf<T extends string>(raw: unknown, field: string, allowed: readonly T[], fallback: T): T {
      if (raw === undefined || raw === null) return fallback;
      if (typeof raw !== 'string' || !allowed.includes(raw as T)) {
        throw invalid(field, `chỉ nhận ${allowed.join(', ')}`, `expected one of ${allowed.join(', ')}`);
      }
      return raw as T;
    },
  };
}

/** A credential field as trimmed text; absent, not text or blank is `null`. */
export function credentialText(raw: Record<string, unknown> | null, key: string): string | null {
  const v = raw?.[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}
