import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '../../api-types.ts';
import { api, ApiError, unwrap } from '../../lib/api-client.ts';
import { UploadError, uploadFile } from '../../lib/uploads.ts';

export type ConsentBody = NonNullable<paths['/api/v1/consents/']['post']['requestBody']>['content']['application/json'];
export type Status = 'valid' | 'withdrawn' | 'expired';

export function useConsents(search: string, status: Status | null) {
  return useQuery({
    queryKey: ['consents', 'list', search, status],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      unwrap(await api.GET('/api/v1/consents/', { params: { query: { limit: 200, ...(search ? { q: search } : {}), ...(status ? { status } : {}) } } })).items,
  });
}

export function useConsent(id: string | null) {
  return useQuery({
    queryKey: ['consents', 'one', id],
    enabled: Boolean(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/consents/{id}', { params: { path: { id: id! } } })),
  });
}

export function useWithdrawalImpact(id: string | null) {
  return useQuery({
    queryKey: ['consents', 'impact', id],
    enabled: Boolean(id),
    queryFn: async () => unwrap(await api.GET('/api/v1/consents/{id}/withdrawal-impact', { params: { path: { id: id! } } })),
  });
}

export function useRecordConsent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, form, csrfToken }: { body: ConsentBody; form: File | null; csrfToken: string }) => {
      const documentMediaId = form ? await uploadForm(form, body.unitId, csrfToken) : null;
      return unwrap(await api.POST('/api/v1/consents/', { body: { ...body, documentMediaId } }));
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['consents'] }),
  });
}

export function useWithdraw(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (reason: string) => unwrap(await api.POST('/api/v1/consents/{id}/withdraw', { params: { path: { id } }, body: { reason } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['consents'] }),
  });
}

/** The signed form (a scan or photo, or a PDF) goes into the media library first; a refusal is shown under the form field. */
async function uploadForm(file: File, unitId: string, csrfToken: string): Promise<string> {
  try {
    return (await uploadFile(file, unitId, csrfToken, () => {})).id;
  } catch (err) {
    if (!(err instanceof UploadError) || !err.detail || !err.answer) throw err;
    throw new ApiError({ ...err.answer, detail: err.detail, field: '/documentMediaId' });
  }
}
