import { ACTION_LABELS, DESTRUCTIVE, type PendingAction, useModerationAction } from '../lib/actions.ts';
import { errorMessage } from '../lib/api.ts';
import { contentStatement, userStatement } from '../lib/statement.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';

/** Confirms one pending action with its required reason and the statement the author will read. */
export function ActionDialog({ pending, onDone }: { pending: PendingAction; onDone: () => void }) {
  const mutation = useModerationAction();
  const label = ACTION_LABELS[pending.action];
  const subject = pending.kind === 'content' ? `this ${pending.contentType}` : 'the author';
  return (
    <ConfirmDialog
      title={`${label}: ${subject}`}
      confirmLabel={label}
      destructive={DESTRUCTIVE.has(pending.action)}
      busy={mutation.isPending}
      error={mutation.error ? errorMessage(mutation.error) : undefined}
      preview={(reason) =>
        pending.kind === 'content'
          ? contentStatement(pending.action, pending.contentType, reason)
          : userStatement(pending.action, reason, pending.durationHours)
      }
      onCancel={onDone}
      onConfirm={(reason) => mutation.mutate({ pending, reason }, { onSuccess: onDone })}
    />
  );
}
