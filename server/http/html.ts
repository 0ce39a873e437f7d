/**
 * Tiny HTML building: `html` escapes every interpolated string; only values already of
 * type Html (built by `html` itself or `raw`) pass through unescaped.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlPart = string | number | Html | null | undefined | false | readonly HtmlPart[];

/** Characters XML 1.0 forbids (C0 controls except tab/newline/return, U+FFFE/U+FFFF, lone surrogates). */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML and XML alike (element content and quoted attributes). */
export function escapeMarkup(text: string): string {
  return text.replace(FORBIDDEN, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

export function raw(value: string): Html {
  return new Html(value);
}

function render(part: HtmlPart): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeMarkup(String(part));
}

export function html(strings: TemplateStringsArray, ...values: HtmlPart[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"']+/g;

/** Plain text with web addresses turned into links (trailing punctuation left outside). */
export function linkify(text: string): Html {
  const parts: HtmlPart[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_IN_TEXT)) {
    const url = m[0].replace(/[.,;:!?)\]]+$/, '');
    parts.push(text.slice(last, m.index), html`<a href="${url}" rel="nofollow noopener">${url}</a>`);
    last = m.index + url.length;
  }
  parts.push(text.slice(last));
  return html`${parts}`;
}

/** An article body (plain text, blank-line paragraphs, single newlines as line breaks). */
export function paragraphs(body: string): Html {
  const paras = body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return html`${paras.map((p) => html`<p>${p.split('\n').map((line, i) => html`${i > 0 ? raw('<br>') : ''}${linkify(line)}`)}</p>\n`)}`;
}
