import { useQuery } from '@tanstack/react-query';
import { api } from './api-client.ts';

/** What a reader of a revision needs of a file: its name (the review diff names files) and the file itself to look at. */
export interface RevisionFile {
  id: string;
  name: string;
  kind: 'image' | 'video' | 'document';
  contentUrl: string;
  altText: string | null;
}

/** The files of a revision by id; a file the reader may no longer open (deleted, another unit) is null. */
export function useRevisionFiles(ids: readonly string[]) {
  return useQuery({
    queryKey: ['media', 'review', ids],
    enabled: ids.length > 0,
    queryFn: async () =>
      Object.fromEntries(
        await Promise.all(
          ids.map(async (id) => {
            const res = await api.GET('/api/v1/media/{id}', { params: { path: { id } } });
            const file: RevisionFile | null = res.data
              ? { id, name: res.data.originalName, kind: res.data.kind, contentUrl: res.data.contentUrl, altText: res.data.altText }
              : null;
            return [id, file] as const;
          }),
        ),
      ),
  });
}
