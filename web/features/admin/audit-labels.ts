import type { TFunction } from 'i18next';

/**
 * The audit log stores codes (`content.approve`, `delivery`); an officer reads them in words.
 * The words live in i18n under admin.audit.actions (nested by the code's dots) and
 * admin.audit.entities; a code the catalogue does not know yet shows as itself.
 */
export const actionLabel = (t: TFunction, action: string) => t(`admin.audit.actions.${action}`, { defaultValue: action });
export const entityLabel = (t: TFunction, entityType: string) => t(`admin.audit.entities.${entityType}`, { defaultValue: entityType });

type Tree = { [key: string]: string | Tree };

/** Every code the catalogue names under `key`, as select options sorted by their words. */
export function labelledCodes(t: TFunction, key: 'admin.audit.actions' | 'admin.audit.entities'): { value: string; label: string }[] {
  const walk = (tree: Tree, prefix: string): { value: string; label: string }[] =>
    Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [{ value: `${prefix}${k}`, label: v }] : walk(v, `${prefix}${k}.`)));
  return walk(t(key, { returnObjects: true }) as Tree, '').sort((a, b) => a.label.localeCompare(b.label, 'vi'));
}

/** What changed, in words, for the entries that say it: a delivery's states, a decision's comment. */
export function auditDetail(t: TFunction, data: Record<string, unknown>): string {
  const state = (s: unknown) => (typeof s === 'string' ? t(`deliveryStates.${s}`, { defaultValue: s }) : '');
  if (typeof data.to === 'string') return data.from ? `${state(data.from)} → ${state(data.to)}` : state(data.to);
  if (typeof data.comment === 'string') return data.comment;
  if (typeof data.name === 'string') return data.name;
  return '';
}
