import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { errorMessage } from '../lib/api.ts';
import { useApi } from '../lib/context.tsx';
import { Failure, formatTime } from './common.tsx';

function RoleForm() {
  const api = useApi();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<'premium' | 'moderator'>('premium');
  const ids = { username: useId(), role: useId() };
  const change = useMutation({
    mutationFn: (grant: boolean) => api.operator.setRole.mutate({ username, role, grant }),
  });
  const submit = (grant: boolean) => {
    if (username.trim()) change.mutate(grant);
  };
  return (
    <section aria-labelledby="roles-title" className="panel">
      <h2 id="roles-title">Roles</h2>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          submit(true);
        }}
      >
        <label htmlFor={ids.username}>Username</label>
        <input id={ids.username} required value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor={ids.role}>Role</label>
        <select
          id={ids.role}
          value={role}
          onChange={(e) => setRole(e.target.value as 'premium' | 'moderator')}
        >
          <option value="premium">Premium</option>
          <option value="moderator">Moderator</option>
        </select>
        <button type="submit" className="primary" disabled={change.isPending}>
          Grant
        </button>
        <button type="button" disabled={change.isPending} onClick={() => submit(false)}>
          Revoke
        </button>
      </form>
      {change.error && (
        <p role="alert" className="error">
          {errorMessage(change.error)}
        </p>
      )}
      {change.data && (
        <p role="status">
          {change.data.username}: premium {change.data.is_premium ? 'yes' : 'no'}, moderator{' '}
          {change.data.is_moderator ? 'yes' : 'no'}.
        </p>
      )}
    </section>
  );
}

export function OperatorView() {
  const api = useApi();
  const overview = useQuery({
    queryKey: ['operator-overview'],
    queryFn: () => api.operator.overview.query(),
    refetchInterval: 10_000,
  });
  return (
    <section aria-labelledby="operator-title">
      <h1 id="operator-title">Operator</h1>
      <RoleForm />
      {overview.error && <Failure error={overview.error} />}
      {overview.data && (
        <>
          <section aria-labelledby="queues-title" className="panel">
            <h2 id="queues-title">Job queues</h2>
            <div className="table-scroll">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Queue</th>
                    <th scope="col">Queued</th>
                    <th scope="col">Active</th>
                    <th scope="col">Failed</th>
                    <th scope="col">Completed</th>
                    <th scope="col">Dead letters go to</th>
                  </tr>
                </thead>
                <tbody>
                  {overview.data.queues.map((queue) => (
                    <tr key={queue.name}>
                      <th scope="row">{queue.name}</th>
                      <td>{queue.queued}</td>
                      <td>{queue.active}</td>
                      <td className={queue.failed > 0 ? 'attention' : undefined}>{queue.failed}</td>
                      <td>{queue.completed}</td>
                      <td>{queue.dead_letter ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section aria-labelledby="content-title" className="panel">
            <h2 id="content-title">Content pack</h2>
            <dl>
              <dt>Version</dt>
              <dd className="id">{overview.data.content.version ?? 'not loaded'}</dd>
              <dt>Items</dt>
              <dd>{overview.data.content.items}</dd>
              <dt>Last load that changed something</dt>
              <dd>
                {overview.data.content.last_loaded_at
                  ? formatTime(overview.data.content.last_loaded_at)
                  : '—'}
              </dd>
            </dl>
          </section>
        </>
      )}
    </section>
  );
}
