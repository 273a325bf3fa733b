import { useQuery } from '@tanstack/react-query';
import type { Appeal, AppealStatus } from '@wbn/contracts/appeals';
import { useId, useState } from 'react';
import {
  type AppealDecision,
  appealStatement,
  decisionErrorMessage,
  overturnEffect,
  useAppealDecision,
} from '../lib/appeals.ts';
import { useApi } from '../lib/context.tsx';
import { hrefOf } from '../lib/route.ts';
import { Failure, formatTime } from './common.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';

const PAGE = 50;
const STATUS_LABELS: Record<AppealStatus, string> = {
  open: 'Open',
  upheld: 'Upheld',
  overturned: 'Overturned',
};

interface Pending {
  appeal: Appeal;
  decision: AppealDecision;
}

function DecisionDialog({ pending, onDone }: { pending: Pending; onDone: () => void }) {
  const mutation = useAppealDecision();
  const { appeal, decision } = pending;
  const label = decision === 'overturned' ? 'Overturn' : 'Uphold';
  return (
    <ConfirmDialog
      title={`${label} the "${appeal.action}" decision`}
      confirmLabel={label}
      audience="The person"
      busy={mutation.isPending}
      error={mutation.error ? decisionErrorMessage(mutation.error) : undefined}
      preview={(reason) => appealStatement(decision, appeal.action, reason)}
      onCancel={onDone}
      onConfirm={(reason) => mutation.mutate({ id: appeal.id, decision, reason }, { onSuccess: onDone })}
    >
      {decision === 'overturned' && <p className="hint">{overturnEffect(appeal.action)}</p>}
    </ConfirmDialog>
  );
}

function AppealEntry({ appeal, onDecide }: { appeal: Appeal; onDecide: (pending: Pending) => void }) {
  const titleId = useId();
  return (
    <li>
      <article aria-labelledby={titleId} className="appeal">
        <h2 id={titleId}>Appeal against “{appeal.action}”</h2>
        <p className="meta">
          <span className="badge">{STATUS_LABELS[appeal.status]}</span>
          <span>
            Filed <time dateTime={appeal.created_at}>{formatTime(appeal.created_at)}</time>
          </span>
          {appeal.decided_at && (
            <span>
              Decided <time dateTime={appeal.decided_at}>{formatTime(appeal.decided_at)}</time>
            </span>
          )}
          {appeal.content_type && appeal.content_id ? (
            <a href={hrefOf({ name: 'item', contentType: appeal.content_type, id: appeal.content_id })}>
              The {appeal.content_type}
            </a>
          ) : (
            <span>About the account</span>
          )}
          <a href={hrefOf({ name: 'audit', targetUserId: appeal.user_id })}>Actions on this person</a>
        </p>
        <dl>
          <dt>Original reason</dt>
          <dd>{appeal.notice_reason ?? '(none given)'}</dd>
          <dt>Their appeal</dt>
          <dd>
            <blockquote>{appeal.text}</blockquote>
          </dd>
          {appeal.decision_reason && (
            <>
              <dt>Decision reason</dt>
              <dd>{appeal.decision_reason}</dd>
            </>
          )}
        </dl>
        {appeal.status === 'open' && (
          <div className="buttons">
            <button
              type="button"
              aria-describedby={titleId}
              onClick={() => onDecide({ appeal, decision: 'upheld' })}
            >
              Uphold
            </button>
            <button
              type="button"
              aria-describedby={titleId}
              onClick={() => onDecide({ appeal, decision: 'overturned' })}
            >
              Overturn
            </button>
          </div>
        )}
      </article>
    </li>
  );
}

export function AppealsView() {
  const api = useApi();
  const [status, setStatus] = useState<AppealStatus>('open');
  const [page, setPage] = useState(1);
  const [pending, setPending] = useState<Pending>();
  const statusId = useId();
  const appeals = useQuery({
    queryKey: ['appeals', status, page],
    queryFn: () => api.moderation.appeals.query({ status, page, limit: PAGE }),
  });

  return (
    <section aria-labelledby="appeals-title">
      <h1 id="appeals-title">Appeals</h1>
      <form className="filters" aria-label="Appeal filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={statusId}>Status</label>
        <select
          id={statusId}
          value={status}
          onChange={(e) => {
            setPage(1);
            setStatus(e.target.value as AppealStatus);
          }}
        >
          {Object.entries(STATUS_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </form>
      <p className="hint">
        Open appeals oldest first. You cannot decide an appeal against your own decision.
      </p>
      {appeals.isPending && <p role="status">Loading appeals…</p>}
      {appeals.error && <Failure error={appeals.error} />}
      {appeals.data?.length === 0 && <p role="status">No {status} appeals.</p>}
      <ol className="appeals">
        {(appeals.data ?? []).map((appeal) => (
          <AppealEntry key={appeal.id} appeal={appeal} onDecide={setPending} />
        ))}
      </ol>
      <div className="buttons">
        <button type="button" disabled={page === 1} onClick={() => setPage(page - 1)}>
          Previous
        </button>
        <button type="button" disabled={(appeals.data?.length ?? 0) < PAGE} onClick={() => setPage(page + 1)}>
          Next
        </button>
      </div>
      {pending && <DecisionDialog pending={pending} onDone={() => setPending(undefined)} />}
    </section>
  );
}
