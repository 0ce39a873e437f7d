import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from '../../api-types.ts';
import { api, unwrap } from '../../lib/api-client.ts';

export type Question = paths['/api/v1/questions/']['get']['responses']['200']['content']['application/json']['items'][number];
export type QuestionStatus = Question['status'];
export type CloseReason = 'answered' | 'dismissed' | 'spam';

/** The moderation queue of the units the signed-in user moderates, newest first. */
export function useQuestions(status: QuestionStatus | null) {
  return useQuery({
    queryKey: ['questions', status],
    queryFn: async () => unwrap(await api.GET('/api/v1/questions/', { params: { query: { limit: 100, ...(status ? { status } : {}) } } })).items,
  });
}

/** Starts the answer: a draft item carrying the edited question; answers its id. */
export function useComposeAnswer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (o: { id: string; title: string; question: string; body: string }) =>
      unwrap(await api.POST('/api/v1/questions/{id}/answer', { params: { path: { id: o.id } }, body: { title: o.title, question: o.question, body: o.body } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['questions'] }),
  });
}

export function useCloseQuestion() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (o: { id: string; reason: CloseReason }) => unwrap(await api.POST('/api/v1/questions/{id}/close', { params: { path: { id: o.id } }, body: { reason: o.reason } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['questions'] }),
  });
}
