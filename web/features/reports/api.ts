import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../lib/api-client.ts';
import type { paths } from '../../api-types.ts';

export type PeriodKind = 'month' | 'quarter' | 'half' | 'year' | 'custom';
export interface PeriodChoice {
  period: PeriodKind;
  from: string;
  to?: string;
}
export type Report = NonNullable<Awaited<ReturnType<typeof fetchReport>>>;
export type Narrative = DraftView['narrative'];
export type DraftView = Awaited<ReturnType<typeof fetchDraft>>;

async function fetchReport(unitId: string, p: PeriodChoice) {
  return unwrap(await api.GET('/api/v1/reports/units/{unitId}', { params: { path: { unitId }, query: p } }));
}
async function fetchDraft(unitId: string, p: PeriodChoice) {
  return unwrap(await api.GET('/api/v1/reports/units/{unitId}/draft', { params: { path: { unitId }, query: p } }));
}

export function useReport(unitId: string | null, p: PeriodChoice) {
  return useQuery({ queryKey: ['reports', 'report', unitId, p], enabled: Boolean(unitId), placeholderData: keepPreviousData, queryFn: () => fetchReport(unitId!, p) });
}

export function useTrend(unitId: string | null, p: PeriodChoice) {
  return useQuery({
    queryKey: ['reports', 'trend', unitId, p],
    enabled: Boolean(unitId),
    queryFn: async () => unwrap(await api.GET('/api/v1/reports/units/{unitId}/trend', { params: { path: { unitId: unitId! }, query: p } })).weeks,
  });
}

export function useDraft(unitId: string | null, p: PeriodChoice) {
  return useQuery({ queryKey: ['reports', 'draft', unitId, p], enabled: Boolean(unitId), queryFn: () => fetchDraft(unitId!, p) });
}

export function useSaveDraft(unitId: string, p: PeriodChoice) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: { narrative?: Partial<DraftView['narrative']>; weights?: DraftView['weights'] }) =>
      unwrap(await api.PUT('/api/v1/reports/units/{unitId}/draft', { params: { path: { unitId } }, body: { ...p, ...body } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['reports'] }),
  });
}

export function useReportAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (a: { id: string; action: 'submit' | 'receive' } | { id: string; action: 'return'; comment: string }) => {
      if (a.action === 'return') return unwrap(await api.POST('/api/v1/reports/{id}/return', { params: { path: { id: a.id } }, body: { comment: a.comment } }));
      if (a.action === 'receive') return unwrap(await api.POST('/api/v1/reports/{id}/receive', { params: { path: { id: a.id } } }));
      return unwrap(await api.POST('/api/v1/reports/{id}/submit', { params: { path: { id: a.id } } }));
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['reports'] }),
  });
}

export function useSubmitted(id: string | null) {
  return useQuery({ queryKey: ['reports', 'submitted', id], enabled: Boolean(id), queryFn: async () => unwrap(await api.GET('/api/v1/reports/{id}', { params: { path: { id: id! } } })) });
}

export function useActivities(unitId: string | null, from: string, to: string) {
  return useQuery({
    queryKey: ['reports', 'activities', unitId, from, to],
    enabled: Boolean(unitId),
    queryFn: async () => unwrap(await api.GET('/api/v1/activities', { params: { query: { unitId: unitId!, from, to } } })),
  });
}

export type ActivityInput = paths['/api/v1/activities']['post']['requestBody']['content']['application/json'];

export function useRecordActivity() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: ActivityInput) => unwrap(await api.POST('/api/v1/activities', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['reports'] }),
  });
}

/** Where an export of the same report is downloaded (the server builds it from the same figures). */
export function exportUrl(unitId: string, p: PeriodChoice, format: 'xlsx' | 'docx' | 'csv', table?: string): string {
  const q = new URLSearchParams({ period: p.period, from: p.from, ...(p.to ? { to: p.to } : {}), ...(table ? { table } : {}) });
  return `/api/v1/reports/units/${unitId}/export.${format}?${q}`;
}

export function useComplianceMatrix(unitId: string | null, p: PeriodChoice) {
  return useQuery({
    queryKey: ['reports', 'matrix', unitId, p],
    enabled: Boolean(unitId),
    queryFn: async () => unwrap(await api.GET('/api/v1/reports/units/{unitId}/compliance', { params: { path: { unitId: unitId! }, query: p } })),
  });
}
