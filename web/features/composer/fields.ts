import { errorFor } from '../../lib/problems.ts';
import type { DraftPreview } from './api.ts';
import type { Draft } from './draft.ts';

/**
 * The message to show under a form field: the server's refusal of the last save or
 * submit naming it, else what the live preview says submit would refuse there. Either
 * speaks only while the field still holds the value it was given: a title just typed is
 * not "Cần có tiêu đề" because the empty form's preview has not been replaced yet, nor
 * still "Dài quá 300 ký tự" once it was shortened.
 */
export function fieldMessage(field: string, refusal: { error: unknown; of: Draft | undefined }, preview: (DraftPreview & { of: Draft }) | undefined, current: Draft, language: 'vi' | 'en'): string | undefined {
  const refused = refusal.of && sameValue(field, refusal.of, current) ? errorFor(refusal.error, field) : undefined;
  if (refused) return refused;
  if (!preview || !sameValue(field, preview.of, current)) return undefined;
  const found = preview.problems.filter((p) => p.field === field || p.field.startsWith(`${field}/`));
  return found.length ? found.map((p) => p.messages[language]).join(' · ') : undefined;
}

function sameValue(field: string, a: Draft, b: Draft): boolean {
  const top = field.split('/')[1] as keyof Draft | 'targets';
  const keys: (keyof Draft)[] = top === 'targets' ? ['channelIds', 'channelSetIds'] : [top];
  return keys.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/** The form fields (as the server's pointers) a change to these draft keys touches. */
export function touchedFields(keys: readonly string[]): string[] {
  return keys.map((k) => (k === 'channelIds' || k === 'channelSetIds' ? '/targets' : `/${k}`));
}
