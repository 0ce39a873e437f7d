import type { CSSProperties } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { paths } from '../api-types.ts';
import { api, unwrap } from './api-client.ts';

/**
 * Content items as the composer, the approval inbox and the items list read them (one
 * query key per item, so a save in one screen refreshes the others).
 */
export type ItemDetail = paths['/api/v1/content/{id}']['get']['responses']['200']['content']['application/json'];
export type Revision = ItemDetail['revisions'][number];
export type ItemSummary = paths['/api/v1/content/']['get']['responses']['200']['content']['application/json']['items'][number];
export type Target = ItemDetail['targets'][number];
export type Ability = ItemDetail['can']['approve'];
export type Theme = Revision['theme'];
export type Platform = Target['platform'];

export const themes: readonly Theme[] = ['policy', 'guidance', 'testimony', 'warning', 'counter_misinformation'];

export const itemKey = (id: string) => ['content', 'item', id] as const;

export function useItem(id: string | undefined) {
  return useQuery({
    queryKey: itemKey(id ?? ''),
    enabled: Boolean(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/content/{id}', { params: { path: { id: id! } } })),
  });
}

export function useRevision(id: string | undefined, n: number | null | undefined) {
  return useQuery({
    queryKey: ['content', 'item', id ?? '', 'revision', n ?? 0],
    enabled: Boolean(id && n),
    queryFn: async () => unwrap(await api.GET('/api/v1/content/{id}/revisions/{n}', { params: { path: { id: id!, n: n! } } })),
  });
}

/** Items found by title (accents ignored by the server), for item pickers. */
export function useItemSearch(q: string) {
  return useQuery({
    queryKey: ['links', 'items', q],
    queryFn: async () => unwrap(await api.GET('/api/v1/content/', { params: { query: { limit: 20, ...(q ? { q } : {}) } } })).items,
  });
}

export type TrackedLink = paths['/api/v1/links/']['get']['responses']['200']['content']['application/json']['items'][number];

/** An item's tracked links and QR codes (the links page and the activity form pick from them). */
export function useLinks(itemId: string | null) {
  return useQuery({
    queryKey: ['links', 'list', itemId],
    enabled: itemId !== null,
    queryFn: async () => unwrap(await api.GET('/api/v1/links/', { params: { query: { itemId: itemId! } } })).items,
  });
}

/** Units the user holds a role in, with their subtrees (for unit pickers and filters). */
export function useUnits() {
  return useQuery({
    queryKey: ['units'],
    staleTime: 300_000,
    queryFn: async () => unwrap(await api.GET('/api/v1/units')).items,
  });
}

/** The refusal's text in the reader's language. */
export function abilityReason(a: Ability, language: 'vi' | 'en'): string | null {
  return a.allowed || !a.messages ? null : a.messages[language];
}

/**
 * Mantine's "dimmed" grey (descriptions, secondary text) is below WCAG AA contrast on
 * white; pages of this area set it one shade darker for everything inside them.
 */
export const readableDimmed = { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' } as CSSProperties;
