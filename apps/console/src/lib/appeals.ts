import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AppealDecisionInput } from '@wbn/contracts/appeals';
import { apiError, errorMessage } from './api.ts';
import { useApi } from './context.tsx';

export type AppealDecision = AppealDecisionInput['decision'];

/** What overturning undoes, per appealed action, so the moderator knows before confirming. */
const UNDOES: Record<string, string> = {
  auto_hide: 'shows the item again',
  hide: 'shows the item again',
  delete: 'restores the item',
  edit: 'puts the original text back',
  silence: 'lifts the read-only period',
  ban: 'lifts the suspension (their sessions work again at once)',
  warn: 'withdraws the warning (nothing else to undo)',
};

export function overturnEffect(action: string): string {
  return `Overturning ${UNDOES[action] ?? 'reverses the decision'}.`;
}

/** What the person reads in their moderation notices once the appeal is decided. */
export function appealStatement(decision: AppealDecision, action: string, reason: string): string {
  const outcome =
    decision === 'overturned' ? 'overturned the decision and reversed it' : 'upheld the decision';
  return `A moderator reviewed your appeal against "${action}" and ${outcome}. Reason: ${
    reason.trim() || '(none given)'
  }`;
}

/** The API's refusals of a decision, said so the moderator knows what to do next. */
export function decisionErrorMessage(error: unknown): string {
  const body = apiError(error);
  if (body?.reason === 'CANNOT_MODERATE_TARGET')
    return 'You cannot decide this appeal: it is against your own decision (or it is your own appeal). Another moderator must decide it.';
  if (body?.code === 'CONFLICT')
    return 'This appeal has already been decided, by another moderator. The list now shows where it stands.';
  return errorMessage(error);
}

/** A decision changes the appeal, possibly the item and the person, and always the audit log. */
export function useAppealDecision() {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all(
      ['appeals', 'reports', 'item', 'actions'].map((key) =>
        queryClient.invalidateQueries({ queryKey: [key] }),
      ),
    );
  return useMutation({
    mutationFn: (input: AppealDecisionInput) => api.moderation.decideAppeal.mutate(input),
    onSuccess: refresh,
    // A 409 means someone else decided it: show them where it stands now.
    onError: (error) => (apiError(error)?.code === 'CONFLICT' ? refresh() : undefined),
  });
}
