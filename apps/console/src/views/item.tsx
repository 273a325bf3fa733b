import { useQuery } from '@tanstack/react-query';
import type { ModerationItem, ThreadEntry } from '@wbn/contracts/moderation-review';
import { useId, useState } from 'react';
import { ACTION_LABELS, type PendingAction } from '../lib/actions.ts';
import { useApi } from '../lib/context.tsx';
import { isCrisisReport } from '../lib/queue.ts';
import { hrefOf } from '../lib/route.ts';
import type { ContentAction, UserAction } from '../lib/statement.ts';
import { ActionDialog } from './action-dialog.tsx';
import { Failure, formatTime } from './common.tsx';

function reporterOf(report: ModerationItem['reports'][number]): string {
  if (report.reporter_id) return 'member';
  return isCrisisReport(report) ? 'the system (crisis language: reach out to the author)' : 'watched word';
}

const CONTENT_ACTIONS: ContentAction[] = ['hide', 'unhide', 'delete', 'edit'];
const USER_ACTIONS: UserAction[] = ['warn', 'silence', 'ban', 'unban'];

function Entry({ entry, title, reported }: { entry: ThreadEntry; title?: string; reported: boolean }) {
  return (
    <article className={reported ? 'entry reported' : 'entry'} aria-current={reported ? 'true' : undefined}>
      {title !== undefined && <h3>{title}</h3>}
      <p className="content">{entry.content || '(text purged)'}</p>
      <p className="meta">
        {reported && <span className="badge warn">Reported</span>}
        {entry.is_hidden && (
          <span className="badge">
            Hidden ({entry.hidden_reason === 'flags' ? 'by reports' : 'by a moderator'})
          </span>
        )}
        {entry.is_deleted && <span className="badge">Deleted</span>}
        <span>{entry.author_pseudonym}</span>
        <time dateTime={entry.timestamp}>{formatTime(entry.timestamp)}</time>
        {entry.edited_at && <span>edited</span>}
      </p>
    </article>
  );
}

function Actions({ item, onPick }: { item: ModerationItem; onPick: (pending: PendingAction) => void }) {
  const [newContent, setNewContent] = useState('');
  const [hours, setHours] = useState(24);
  const ids = { edit: useId(), hours: useId() };
  const author = item.author;
  return (
    <section aria-labelledby="actions-title" className="panel">
      <h2 id="actions-title">Actions</h2>
      <div className="buttons">
        {CONTENT_ACTIONS.filter((a) => a !== 'edit').map((action) => (
          <button
            key={action}
            type="button"
            onClick={() => onPick({ kind: 'content', action, contentType: item.content_type, id: item.id })}
          >
            {ACTION_LABELS[action]}
          </button>
        ))}
      </div>
      <label htmlFor={ids.edit}>Replacement text (for an edit)</label>
      <textarea id={ids.edit} rows={3} value={newContent} onChange={(e) => setNewContent(e.target.value)} />
      <button
        type="button"
        disabled={!newContent.trim()}
        onClick={() =>
          onPick({ kind: 'content', action: 'edit', contentType: item.content_type, id: item.id, newContent })
        }
      >
        {ACTION_LABELS.edit}
      </button>
      {author && (
        <>
          <label htmlFor={ids.hours}>Silence for (hours)</label>
          <input
            id={ids.hours}
            type="number"
            min={1}
            max={8760}
            value={hours}
            onChange={(e) => setHours(Number(e.target.value) || 1)}
          />
          <div className="buttons">
            {USER_ACTIONS.map((action) => (
              <button
                key={action}
                type="button"
                onClick={() => onPick({ kind: 'user', action, userId: author.id, durationHours: hours })}
              >
                {ACTION_LABELS[action]}
              </button>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

export function ItemView({ contentType, id }: { contentType: 'post' | 'reply'; id: string }) {
  const api = useApi();
  const [pending, setPending] = useState<PendingAction>();
  const query = useQuery({
    queryKey: ['item', contentType, id],
    queryFn: () => api.moderation.item.query({ content_type: contentType, id }),
  });
  if (query.isPending) return <p role="status">Loading…</p>;
  if (query.error) return <Failure error={query.error} />;
  const item = query.data;
  const author = item.author;
  return (
    <section aria-labelledby="item-title" className="item">
      <p>
        <a href={hrefOf({ name: 'queue' })}>← Back to the queue</a>
      </p>
      <h1 id="item-title">
        Reported {item.content_type} by {author?.pseudonym ?? 'unknown'}
      </h1>
      <div className="columns">
        <div>
          <section aria-labelledby="thread-title" className="panel">
            <h2 id="thread-title">Thread</h2>
            <Entry entry={item.post} title={item.post.title} reported={item.content_type === 'post'} />
            {item.content_type === 'reply' && !item.replies.some((reply) => reply.id === item.id) && (
              <>
                <p className="hint">The reported reply, further down a long thread:</p>
                <Entry entry={item.entry} reported />
              </>
            )}
            <ol className="replies">
              {item.replies.map((reply) => (
                <li key={reply.id}>
                  <Entry entry={reply} reported={item.content_type === 'reply' && reply.id === item.id} />
                </li>
              ))}
            </ol>
          </section>
          <section aria-labelledby="reports-title" className="panel">
            <h2 id="reports-title">Reports ({item.reports.length})</h2>
            <ul>
              {item.reports.map((report) => (
                <li key={report.id}>
                  <strong>{report.reason}</strong> · {reporterOf(report)}
                  {report.weight > 1 ? ` (weight ${report.weight})` : ''} · {report.status}
                  {report.resolution ? ` (${report.resolution})` : ''} ·{' '}
                  <time dateTime={report.timestamp}>{formatTime(report.timestamp)}</time>
                </li>
              ))}
            </ul>
          </section>
        </div>
        <div>
          <Actions item={item} onPick={setPending} />
          {author && (
            <section aria-labelledby="author-title" className="panel">
              <h2 id="author-title">Author: {author.pseudonym}</h2>
              <p>
                {author.is_banned ? 'Banned. ' : ''}
                {author.silenced_until && new Date(author.silenced_until) > new Date()
                  ? `Silenced until ${formatTime(author.silenced_until)}. `
                  : ''}
                {author.is_moderator ? 'Moderator. ' : ''}
                <a href={hrefOf({ name: 'audit', targetUserId: author.id })}>Actions on this author</a>
              </p>
              <h3>Moderation history (what they were told)</h3>
              {author.notices.length === 0 ? (
                <p>No earlier notices.</p>
              ) : (
                <ul>
                  {author.notices.map((notice) => (
                    <li key={notice.id}>
                      <strong>{notice.action}</strong> · {notice.reason ?? 'no reason'} ·{' '}
                      <time dateTime={notice.timestamp}>{formatTime(notice.timestamp)}</time>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}
        </div>
      </div>
      {pending && <ActionDialog pending={pending} onDone={() => setPending(undefined)} />}
    </section>
  );
}
