import type { DraftPreview, Rendering } from './api.ts';

/** What the counters show beside each preview: the rendered field's length against the server's limit. */
export interface Counter {
  field: 'title' | 'text' | 'description';
  used: number;
  max: number;
  unit: 'chars' | 'bytes';
}

const encoder = new TextEncoder();

/** Characters as the server counts them (NFC code points), or UTF-8 bytes where the platform counts bytes. */
export function measure(s: string, unit: 'chars' | 'bytes'): number {
  const composed = s.normalize('NFC');
  return unit === 'bytes' ? encoder.encode(composed).length : [...composed].length;
}

export function countersFor(r: Rendering, limits: DraftPreview['limits']): Counter[] {
  const l = limits[r.platform];
  if (!l) return [];
  const fields = [
    ['title', r.title, l.title],
    ['text', r.text, l.text],
    ['description', typeof r.description === 'string' ? r.description : '', l.description],
  ] as const;
  return fields.flatMap(([field, value, limit]) => (limit ? [{ field, used: measure(value, limit.unit), max: limit.max, unit: limit.unit }] : []));
}
