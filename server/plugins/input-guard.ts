import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../lib/errors.ts';
import { isStorableDate, isStorableDateTime } from '../../lib/instant.ts';

/**
 * One gate for the kinds of bad input that used to reach PostgreSQL or the JavaScript
 * runtime and come back as 500s (#11 finding 12), applied to every route at once:
 * - JSON nested deeper than MAX_JSON_DEPTH is refused before it is parsed;
 * - a NUL character or an unpaired UTF-16 surrogate anywhere in the path parameters, the
 *   query or a parsed body (values and keys) is refused before validation;
 * - a query or path number written so that it reads as Infinity (`1e400`) is refused;
 * - `date-time` and `date` formats accept only what Date and PostgreSQL both store.
 * Each refusal is a 400 problem+json naming the field.
 */
export const MAX_JSON_DEPTH = 32;

interface NumericFields {
  querystring: string[];
  params: string[];
}

/** Options for fastify's Ajv: the stricter date formats replace ajv-formats' own. */
export const ajvDateFormats = (ajv: { addFormat(name: string, format: { type: 'string'; validate: (v: string) => boolean }): unknown }) => {
  ajv.addFormat('date-time', { type: 'string', validate: isStorableDateTime });
  ajv.addFormat('date', { type: 'string', validate: isStorableDate });
};

export const inputGuardPlugin = fp(
  async (app: FastifyInstance) => {
    const parseJson = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = body as string;
      if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
        done(
          new AppError('JSON_TOO_DEEP', 400, { vi: `JSON lồng nhau quá ${MAX_JSON_DEPTH} tầng`, en: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` }, '/'),
          undefined,
        );
        return;
      }
      parseJson(request, text, done);
    });

    app.addHook('onRoute', (route) => {
      const schema = route.schema as Record<string, unknown> | undefined;
      if (!schema) return;
      const numeric: NumericFields = { querystring: numericFields(schema.querystring), params: numericFields(schema.params) };
      route.config = { ...(route.config as object), numeric } as typeof route.config;
    });

    app.addHook('preValidation', async (request) => {
      checkText(request.params, 'params:');
      checkText(request.query, 'querystring:');
      checkText(request.body, '');
      const numeric = (request.routeOptions.config as { numeric?: NumericFields }).numeric;
      if (numeric) {
        checkFinite(request.query, numeric.querystring, 'querystring:');
        checkFinite(request.params, numeric.params, 'params:');
      }
    });
  },
  { name: 'loa-input-guard' },
);

/** True when brackets outside strings nest deeper than `max` (scanned without parsing). */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

const FORBIDDEN = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkText(value: unknown, where: string, pointer = ''): void {
  if (typeof value === 'string') {
    if (FORBIDDEN.test(value)) throw invalidCharacter(`${where}${pointer || '/'}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkText(v, where, `${pointer}/${i}`));
    return;
  }
  if (value === null || typeof value !== 'object' || !isRecord(value)) return;
  for (const [key, v] of Object.entries(value)) {
    if (FORBIDDEN.test(key)) throw invalidCharacter(`${where}${pointer}/${escapePointer(key.replace(FORBIDDEN, '?'))}`);
    checkText(v, where, `${pointer}/${escapePointer(key)}`);
  }
}

/** Parsed fields (query objects have a prototype of their own); not bytes, streams or dates. */
function isRecord(value: object): boolean {
  return !ArrayBuffer.isView(value) && !(value instanceof Date) && typeof (value as { pipe?: unknown }).pipe !== 'function';
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

const invalidCharacter = (field: string) =>
  new AppError(
    'INVALID_CHARACTER',
    400,
    {
      vi: `Dữ liệu ở ${field} chứa ký tự không được phép (ký tự NUL hoặc mã Unicode lẻ cặp)`,
      en: `The value at ${field} contains a character that is not allowed (NUL or an unpaired Unicode surrogate)`,
    },
    field,
  );

/** Names of the top-level properties of a query or params schema that are numbers. */
function numericFields(schema: unknown): string[] {
  const props = (schema as { properties?: Record<string, { type?: unknown; anyOf?: { type?: unknown }[] }> } | undefined)?.properties ?? {};
  const isNumeric = (t: unknown) => t === 'integer' || t === 'number';
  return Object.entries(props)
    .filter(([, p]) => isNumeric(p.type) || p.anyOf?.some((a) => isNumeric(a.type)))
    .map(([name]) => name);
}

/**
 * Ajv coerces "1e400" (or "Infinity") in a query to Infinity and then skips `maximum` for
 * a non-finite number, so such a text must be refused before validation.
 */
function checkFinite(values: unknown, fields: readonly string[], where: string): void {
  for (const name of fields) {
    const raw = (values as Record<string, unknown> | undefined)?.[name];
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      if (typeof v === 'string' && v.trim() !== '' && Math.abs(Number(v)) === Infinity) {
        const field = `${where}/${name}`;
        throw new AppError('VALIDATION_FAILED', 400, { vi: `Dữ liệu không hợp lệ ở ${field}: số quá lớn`, en: `Invalid input at ${field}: the number is too large` }, field);
      }
    }
  }
}
