import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from './context.tsx';
import type { ContentAction, UserAction } from './statement.ts';

export type PendingAction =
  | { kind: 'content'; action: ContentAction; contentType: 'post' | 'reply'; id: string; newContent?: string }
  | { kind: 'user'; action: UserAction; userId: string; durationHours?: number };

/** Every moderator action goes through here, and every one refreshes the queue, the item and the log. */
export function useModerationAction() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ pending, reason }: { pending: PendingAction; reason: string }) =>
      pending.kind === 'content'
        ? api.moderation.content.mutate({
            id: pending.id,
            content_type: pending.contentType,
            action: pending.action,
            reason,
            ...(pending.newContent ? { new_content: pending.newContent } : {}),
          })
        : api.moderation.user.mutate({
            id: pending.userId,
            action: pending.action,
            reason,
            ...(pending.action === 'silence' ? { duration: pending.durationHours ?? 24 } : {}),
          }),
    onSuccess: () =>
      Promise.all(
        ['reports', 'item', 'actions'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })),
      ),
  });
}

export const ACTION_LABELS: Record<ContentAction | UserAction, string> = {
  hide: 'Hide',
  unhide: 'Unhide',
  delete: 'Delete',
  edit: 'Edit',
  warn: 'Warn author',
  silence: 'Silence author',
  ban: 'Ban author',
  unban: 'Unban author',
};

export const DESTRUCTIVE = new Set<string>(['hide', 'delete', 'silence', 'ban']);
