import { errorFor } from '../../lib/problems.ts';
import type { DraftPreview } from './api.ts';

/**
 * The message to show under a form field: the server's refusal of the last save or
 * submit naming it, else what the live preview says submit would refuse there.
 */
export function fieldMessage(field: string, saveError: unknown, preview: DraftPreview | undefined, language: 'vi' | 'en'): string | undefined {
  const saved = errorFor(saveError, field);
  if (saved) return saved;
  const found = preview?.problems.filter((p) => p.field === field || p.field.startsWith(`${field}/`)) ?? [];
  return found.length ? found.map((p) => p.messages[language]).join(' · ') : undefined;
}

/** The form fields (as the server's pointers) a change to these draft keys touches. */
export function touchedFields(keys: readonly string[]): string[] {
  return keys.map((k) => (k === 'channelIds' || k === 'channelSetIds' ? '/targets' : `/${k}`));
}
