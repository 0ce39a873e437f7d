import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '../../api-types.ts';
import { api, unwrap } from '../../lib/api-client.ts';
import { itemKey } from '../../lib/content.ts';
import { revisionBody, type Draft } from './draft.ts';

export type DraftPreview = paths['/api/v1/content/preview']['post']['responses']['200']['content']['application/json'];
export type Rendering = DraftPreview['renderings'][number];
export type MediaFile = paths['/api/v1/media/']['get']['responses']['200']['content']['application/json']['items'][number];

/** The server renders the typed draft on each target with submit's rules (nothing is saved). */
export function usePreview(draft: Draft, itemId: string | undefined) {
  return useQuery({
    queryKey: ['content', 'preview', itemId ?? 'new', draft],
    placeholderData: keepPreviousData,
    enabled: Boolean(draft.unitId),
    queryFn: async () => {
      const body = itemId ? { itemId, ...revisionBody(draft) } : { unitId: draft.unitId, ...revisionBody(draft) };
      // The draft it was rendered from travels with it: while the next one loads, its word on a field since changed is stale.
      return { ...unwrap(await api.POST('/api/v1/content/preview', { body })), of: draft };
    },
  });
}

/** Creates the item (first save) or patches it: a decided item gets a new draft revision. */
export function useSaveDraft(itemId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (draft: Draft) => {
      const fields = revisionBody(draft);
      const saved = itemId
        ? unwrap(await api.PATCH('/api/v1/content/{id}', { params: { path: { id: itemId } }, body: fields }))
        : unwrap(await api.POST('/api/v1/content/', { body: { unitId: draft.unitId, ...fields } }));
      queryClient.setQueryData(itemKey(saved.item.id), saved);
      return saved;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['content', 'list'] }),
  });
}

export function useSubmit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => unwrap(await api.POST('/api/v1/content/{id}/submit', { params: { path: { id } } })),
    onSuccess: (item) => {
      queryClient.setQueryData(itemKey(item.item.id), item);
      return queryClient.invalidateQueries({ queryKey: ['content', 'list'] });
    },
  });
}

export function useChannels() {
  return useQuery({
    queryKey: ['channels', 'all'],
    staleTime: 60_000,
    queryFn: async () => unwrap(await api.GET('/api/v1/channels', { params: { query: { limit: 200 } } })).items,
  });
}

export function useChannelSets() {
  return useQuery({
    queryKey: ['channel-sets', 'all'],
    staleTime: 60_000,
    queryFn: async () => unwrap(await api.GET('/api/v1/channel-sets')).items,
  });
}

export function useMediaFiles(ids: readonly string[]) {
  return useQuery({
    queryKey: ['media', 'by-ids', ids],
    enabled: ids.length > 0,
    placeholderData: keepPreviousData,
    queryFn: async () => Promise.all(ids.map(async (id) => unwrap(await api.GET('/api/v1/media/{id}', { params: { path: { id } } })))),
  });
}

/** The photo's description for screen readers (the site's alt text); the server says who may set it. */
export function useSetAltText(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (altText: string) => unwrap(await api.PATCH('/api/v1/media/{id}', { params: { path: { id } }, body: { altText } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['media'] }),
  });
}

export function useLibrary(search: string) {
  return useQuery({
    queryKey: ['media', 'list', search],
    placeholderData: keepPreviousData,
    queryFn: async () => unwrap(await api.GET('/api/v1/media/', { params: { query: { limit: 60, status: 'ready', ...(search ? { q: search } : {}) } } })).items,
  });
}

export function useValidConsents(search: string) {
  return useQuery({
    queryKey: ['consents', 'valid', search],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/consents/', { params: { query: { status: 'valid', limit: 100, ...(search ? { q: search } : {}) } } })).items,
  });
}
