import { useQuery } from '@tanstack/react-query';
import { type ActionsInput, ZModerationActionName } from '@wbn/contracts/moderation';
import { useId, useState } from 'react';
import { useApi } from '../lib/context.tsx';
import { Failure, formatTime } from './common.tsx';

/** Every action the log records, appeal decisions included, straight from the contract. */
const ACTIONS = ZModerationActionName.options;
const PAGE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 86_400_000;

interface Filters {
  moderator: string;
  target: string;
  action: string;
  from: string;
  to: string;
}

/** Form values → API filters: blank fields and half-typed ids filter nothing; `to` includes its whole day. */
export function toActionsInput(filters: Filters, page: number): Partial<ActionsInput> {
  const input: Partial<ActionsInput> = { page, limit: PAGE };
  if (UUID.test(filters.moderator.trim())) input.moderator_id = filters.moderator.trim();
  if (UUID.test(filters.target.trim())) input.target_user_id = filters.target.trim();
  if ((ACTIONS as readonly string[]).includes(filters.action))
    input.action = filters.action as ActionsInput['action'];
  if (filters.from) input.from = new Date(`${filters.from}T00:00:00Z`).toISOString();
  if (filters.to) input.to = new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + DAY_MS).toISOString();
  return input;
}

export function AuditView({ targetUserId }: { targetUserId?: string | undefined }) {
  const api = useApi();
  const [filters, setFilters] = useState<Filters>({
    moderator: '',
    target: targetUserId ?? '',
    action: '',
    from: '',
    to: '',
  });
  const [page, setPage] = useState(1);
  const input = toActionsInput(filters, page);
  const actions = useQuery({
    queryKey: ['actions', input],
    queryFn: () => api.moderation.actions.query(input),
  });
  const ids = { moderator: useId(), target: useId(), action: useId(), from: useId(), to: useId() };
  const set = (field: keyof Filters) => (event: { target: { value: string } }) => {
    setPage(1);
    setFilters({ ...filters, [field]: event.target.value });
  };

  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <form className="filters" aria-label="Audit log filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={ids.moderator}>Moderator id</label>
        <input id={ids.moderator} value={filters.moderator} onChange={set('moderator')} />
        <label htmlFor={ids.target}>Target user id</label>
        <input id={ids.target} value={filters.target} onChange={set('target')} />
        <label htmlFor={ids.action}>Action</label>
        <select id={ids.action} value={filters.action} onChange={set('action')}>
          <option value="">Any action</option>
          {ACTIONS.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
        <label htmlFor={ids.from}>From</label>
        <input id={ids.from} type="date" value={filters.from} onChange={set('from')} />
        <label htmlFor={ids.to}>To</label>
        <input id={ids.to} type="date" value={filters.to} onChange={set('to')} />
      </form>
      {actions.error && <Failure error={actions.error} />}
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">Moderator actions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Reason</th>
              <th scope="col">Moderator</th>
              <th scope="col">Target user</th>
              <th scope="col">Content</th>
            </tr>
          </thead>
          <tbody>
            {(actions.data ?? []).map((action) => (
              <tr key={action.id}>
                <td>
                  <time dateTime={action.timestamp}>{formatTime(action.timestamp)}</time>
                </td>
                <td>
                  {action.action}
                  {action.until ? ` until ${formatTime(action.until)}` : ''}
                </td>
                <td>{action.reason ?? ''}</td>
                <td className="id">{action.moderator_id ?? '(deleted)'}</td>
                <td className="id">{action.target_user_id ?? ''}</td>
                <td>
                  {action.content_type && action.content_id ? (
                    <a href={`#/item/${action.content_type}/${action.content_id}`}>{action.content_type}</a>
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {actions.data?.length === 0 && <p role="status">No actions match.</p>}
      <div className="buttons">
        <button type="button" disabled={page === 1} onClick={() => setPage(page - 1)}>
          Newer
        </button>
        <button type="button" disabled={(actions.data?.length ?? 0) < PAGE} onClick={() => setPage(page + 1)}>
          Older
        </button>
      </div>
    </section>
  );
}
