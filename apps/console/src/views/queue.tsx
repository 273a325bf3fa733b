import { useQuery } from '@tanstack/react-query';
import { CRISIS_REPORT_REASON } from '@wbn/contracts/safety';
import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import type { PendingAction } from '../lib/actions.ts';
import { useApi } from '../lib/context.tsx';
import { filterQueue, groupReports, type QueueFilters, type QueueItem, reasonsOf } from '../lib/queue.ts';
import { hrefOf, navigate } from '../lib/route.ts';
import { type QueueCommand, useQueueShortcuts } from '../lib/shortcuts.ts';
import { ActionDialog } from './action-dialog.tsx';
import { Failure, formatTime } from './common.tsx';

const QUEUE_PAGE = 100;

/** The system's crisis report has no reporter to name: say who raised it. */
const reasonLabel = (reason: string) =>
  reason === CRISIS_REPORT_REASON ? `${reason} (reported by the system)` : reason;

function pendingFor(command: QueueCommand, item: QueueItem): PendingAction | undefined {
  if (command === 'warn') {
    return item.authorId ? { kind: 'user', action: 'warn', userId: item.authorId } : undefined;
  }
  if (command === 'hide' || command === 'unhide' || command === 'delete') {
    return { kind: 'content', action: command, contentType: item.contentType, id: item.contentId };
  }
  return undefined;
}

export function QueueView() {
  const api = useApi();
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const [filters, setFilters] = useState<QueueFilters>({ contentType: 'all', reason: '' });
  const [selected, setSelected] = useState(0);
  const [pending, setPending] = useState<PendingAction>();
  const ids = { status: useId(), type: useId(), reason: useId() };
  const reports = useQuery({
    queryKey: ['reports', status],
    queryFn: () => api.moderation.reports.query({ status, limit: QUEUE_PAGE }),
  });
  const all = useMemo(() => groupReports(reports.data ?? []), [reports.data]);
  const items = useMemo(() => filterQueue(all, filters), [all, filters]);
  const current = items[Math.min(selected, items.length - 1)];
  const rows = useRef<(HTMLAnchorElement | null)[]>([]);

  useEffect(() => {
    if (selected >= items.length && items.length > 0) setSelected(items.length - 1);
  }, [items.length, selected]);

  const onCommand = useCallback(
    (command: QueueCommand) => {
      if (command === 'next' || command === 'previous') {
        const next = Math.max(0, Math.min(items.length - 1, selected + (command === 'next' ? 1 : -1)));
        setSelected(next);
        rows.current[next]?.focus();
        return;
      }
      if (!current) return;
      if (command === 'open')
        return navigate({ name: 'item', contentType: current.contentType, id: current.contentId });
      const action = pendingFor(command, current);
      if (action) setPending(action);
    },
    [items.length, selected, current],
  );
  useQueueShortcuts(!pending && status === 'open', onCommand);

  return (
    <section aria-labelledby="queue-title">
      <h1 id="queue-title">Report queue</h1>
      <form className="filters" aria-label="Queue filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={ids.status}>Status</label>
        <select
          id={ids.status}
          value={status}
          onChange={(e) => setStatus(e.target.value as 'open' | 'resolved')}
        >
          <option value="open">Open</option>
          <option value="resolved">Resolved</option>
        </select>
        <label htmlFor={ids.type}>Content</label>
        <select
          id={ids.type}
          value={filters.contentType}
          onChange={(e) =>
            setFilters({ ...filters, contentType: e.target.value as QueueFilters['contentType'] })
          }
        >
          <option value="all">Posts and replies</option>
          <option value="post">Posts</option>
          <option value="reply">Replies</option>
        </select>
        <label htmlFor={ids.reason}>Reason</label>
        <select
          id={ids.reason}
          value={filters.reason}
          onChange={(e) => setFilters({ ...filters, reason: e.target.value })}
        >
          <option value="">Any reason</option>
          {reasonsOf(all).map((reason) => (
            <option key={reason} value={reason}>
              {reason}
            </option>
          ))}
        </select>
      </form>
      <p className="hint" id="queue-keys">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>o</kbd> open, <kbd>h</kbd> hide, <kbd>u</kbd> unhide,{' '}
        <kbd>d</kbd> delete, <kbd>w</kbd> warn the author. Every action asks for a reason first.
      </p>
      {reports.isPending && <p role="status">Loading the queue…</p>}
      {reports.error && <Failure error={reports.error} />}
      {reports.data && items.length === 0 && <p role="status">Nothing to review. Thank you!</p>}
      <ol className="queue" aria-describedby="queue-keys">
        {items.map((item, index) => (
          <li key={item.key} className={index === selected ? 'selected' : undefined}>
            <a
              ref={(el) => {
                rows.current[index] = el;
              }}
              href={hrefOf({ name: 'item', contentType: item.contentType, id: item.contentId })}
              aria-current={index === selected ? 'true' : undefined}
              onFocus={() => setSelected(index)}
            >
              <span className="snippet">{item.snippet ?? '(text purged)'}</span>
            </a>
            <div className="meta">
              {item.crisis && <span className="badge crisis">Crisis language — reach out</span>}
              {item.hiddenPendingReview && <span className="badge warn">Hidden pending review</span>}
              {item.isDeleted && <span className="badge">Deleted</span>}
              <span className="badge">{item.contentType}</span>
              <span>{item.reasons.map(reasonLabel).join(', ')}</span>
              <span>
                {item.reportCount} report{item.reportCount === 1 ? '' : 's'}
              </span>
              <span>by {item.authorPseudonym ?? 'unknown'}</span>
              <time dateTime={item.latest}>{formatTime(item.latest)}</time>
            </div>
          </li>
        ))}
      </ol>
      {pending && <ActionDialog pending={pending} onDone={() => setPending(undefined)} />}
    </section>
  );
}
