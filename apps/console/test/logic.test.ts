import type { ModerationReport } from '@wbn/contracts/moderation';
import { TRPCClientError } from '@wbn/sdk';
import { describe, expect, it } from 'vitest';
import { apiError, errorMessage, errorReason } from '../src/lib/api.ts';
import { appealStatement, decisionErrorMessage, overturnEffect } from '../src/lib/appeals.ts';
import { filterQueue, groupReports, reasonsOf } from '../src/lib/queue.ts';
import { hrefOf, parseRoute, type Route } from '../src/lib/route.ts';
import { commandOf } from '../src/lib/shortcuts.ts';
import { contentStatement, userStatement } from '../src/lib/statement.ts';
import { toActionsInput } from '../src/views/audit.tsx';

let n = 0;
const report = (overrides: Partial<ModerationReport>): ModerationReport => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  content_type: 'post',
  content_id: '10000000-0000-4000-8000-000000000001',
  reason: 'Spam',
  reporter_id: null,
  status: 'open',
  timestamp: '2026-11-30T10:00:00.000Z',
  weight: 1,
  priority: 0,
  content_snippet: 'text',
  author_id: null,
  author_pseudonym: 'Calm-Otter-1',
  report_count: 1,
  is_hidden: false,
  is_deleted: false,
  resolved_at: null,
  resolution: null,
  ...overrides,
});

describe('the queue', () => {
  const a = '10000000-0000-4000-8000-00000000000a';
  const b = '10000000-0000-4000-8000-00000000000b';
  const rows = [
    report({
      content_id: a,
      reason: 'Spam',
      priority: 1,
      report_count: 2,
      timestamp: '2026-11-30T09:00:00.000Z',
    }),
    report({ content_id: b, content_type: 'reply', reason: 'Unkind' }),
    report({
      content_id: a,
      reason: 'Scam',
      priority: 1,
      report_count: 2,
      timestamp: '2026-11-30T11:00:00.000Z',
    }),
  ];

  it('folds the reports on one item together and keeps the API order', () => {
    const items = groupReports(rows);
    expect(items.map((i) => i.contentId)).toEqual([a, b]);
    expect(items[0]).toMatchObject({
      reasons: ['Spam', 'Scam'],
      reportCount: 2,
      hiddenPendingReview: true,
      latest: '2026-11-30T11:00:00.000Z',
    });
  });

  it('filters by content type and by a reason taken from the data', () => {
    const items = groupReports(rows);
    expect(reasonsOf(items)).toEqual(['Scam', 'Spam', 'Unkind']);
    expect(filterQueue(items, { contentType: 'reply', reason: '' }).map((i) => i.contentId)).toEqual([b]);
    expect(filterQueue(items, { contentType: 'all', reason: 'Scam' }).map((i) => i.contentId)).toEqual([a]);
    expect(filterQueue(items, { contentType: 'reply', reason: 'Scam' })).toEqual([]);
  });
});

describe('crisis language in the queue', () => {
  const member = '30000000-0000-4000-8000-000000000003';
  it('marks the system report as crisis, not as hidden; a member typing the same reason is a plain report', () => {
    const [system, typed] = groupReports([
      report({ content_id: '10000000-0000-4000-8000-0000000000c1', reason: 'crisis-language', priority: 2 }),
      report({
        content_id: '10000000-0000-4000-8000-0000000000c2',
        reason: 'crisis-language',
        reporter_id: member,
      }),
    ]);
    expect(system).toMatchObject({ crisis: true, hiddenPendingReview: false });
    expect(typed).toMatchObject({ crisis: false, hiddenPendingReview: false });
  });

  it('keeps an item hidden by reports marked hidden when crisis language is on it too', () => {
    const id = '10000000-0000-4000-8000-0000000000c3';
    const [item] = groupReports([
      report({ content_id: id, reason: 'crisis-language', priority: 2, is_hidden: true }),
      report({ content_id: id, reason: 'rude', reporter_id: member, priority: 1, is_hidden: true }),
    ]);
    expect(item).toMatchObject({
      crisis: true,
      hiddenPendingReview: true,
      reasons: ['crisis-language', 'rude'],
    });
  });
});

describe('keyboard commands', () => {
  const key = (k: string, extra: Partial<KeyboardEvent> = {}, tag?: string) =>
    commandOf({
      key: k,
      ctrlKey: false,
      metaKey: false,
      altKey: false,
      target: tag ? ({ closest: (selector: string) => (selector.includes(tag) ? {} : null) } as never) : null,
      ...extra,
    });

  it('maps j/k/o/h/u/d/w and nothing else', () => {
    expect(['j', 'k', 'o', 'h', 'u', 'd', 'w'].map((k) => key(k))).toEqual([
      'next',
      'previous',
      'open',
      'hide',
      'unhide',
      'delete',
      'warn',
    ]);
    expect(key('x')).toBeUndefined();
    expect(key('Enter')).toBeUndefined();
  });

  it('never fires while typing or with a modifier held', () => {
    expect(key('h', {}, 'textarea')).toBeUndefined();
    expect(key('d', {}, 'input')).toBeUndefined();
    expect(key('d', { ctrlKey: true })).toBeUndefined();
    expect(key('w', { metaKey: true })).toBeUndefined();
  });
});

describe('statements of reasons', () => {
  it('say what happened and why, as the author reads them', () => {
    expect(contentStatement('hide', 'reply', ' Off topic ')).toBe(
      'A moderator hid your reply. Reason: Off topic',
    );
    expect(userStatement('silence', 'Cool down', 1)).toBe(
      'A moderator made your account read-only for 1 hour. Reason: Cool down',
    );
    expect(userStatement('silence', 'x')).toContain('for 24 hours');
    expect(userStatement('ban', '')).toBe('A moderator suspended your account. Reason: (none given)');
  });
});

describe('routes', () => {
  it('round-trip through the hash and fall back to the queue', () => {
    const routes: Route[] = [
      { name: 'queue' },
      { name: 'item', contentType: 'reply', id: 'abc' },
      { name: 'audit' },
      { name: 'audit', targetUserId: 'u1' },
      { name: 'appeals' },
      { name: 'operator' },
    ];
    for (const route of routes) expect(parseRoute(hrefOf(route))).toEqual(route);
    expect(parseRoute('#/item/comment/1')).toEqual({ name: 'queue' });
    expect(parseRoute('')).toEqual({ name: 'queue' });
  });
});

describe('audit filters', () => {
  it('offer the appeal decisions the log records', () => {
    expect(
      toActionsInput({ moderator: '', target: '', action: 'appeal_overturned', from: '', to: '' }, 1),
    ).toEqual({ page: 1, limit: 50, action: 'appeal_overturned' });
  });

  it('send only complete ids, a known action and whole days', () => {
    const id = '20000000-0000-4000-8000-000000000002';
    expect(
      toActionsInput({ moderator: '2000', target: ` ${id} `, action: 'nuke', from: '', to: '' }, 2),
    ).toEqual({
      page: 2,
      limit: 50,
      target_user_id: id,
    });
    expect(
      toActionsInput({ moderator: '', target: '', action: 'ban', from: '2026-11-01', to: '2026-11-30' }, 1),
    ).toEqual({
      page: 1,
      limit: 50,
      action: 'ban',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });
  });
});

describe('errors', () => {
  const refused = (data: unknown) =>
    new TRPCClientError('refused', {
      result: { error: { code: -32603, message: 'refused', data } },
    } as never);

  it('trust only a body with the published ApiError shape', () => {
    const body = { code: 'FORBIDDEN', message: 'Operators only', reason: 'OPERATOR_REQUIRED' };
    expect(apiError(refused({ error: body }))).toEqual(body);
    expect(errorReason(refused({ error: body }))).toBe('OPERATOR_REQUIRED');
    expect(errorMessage(refused({ error: body }))).toBe('Operators only');
    const foreign = refused({
      error: { code: 'TEAPOT', message: 'short and stout', reason: 'OPERATOR_REQUIRED' },
    });
    expect(apiError(foreign)).toBeUndefined();
    expect(errorReason(foreign)).toBeUndefined();
    expect(errorMessage(foreign)).toBe('refused');
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe('Failed to fetch');
  });

  it('say why a decision was refused only from a trusted body', () => {
    const own = { code: 'FORBIDDEN', message: 'Another moderator…', reason: 'CANNOT_MODERATE_TARGET' };
    expect(decisionErrorMessage(refused({ error: own }))).toContain('Another moderator must decide it');
    expect(decisionErrorMessage(refused({ error: { code: 'CONFLICT', message: 'x' } }))).toContain(
      'already been decided',
    );
    expect(decisionErrorMessage(refused({ error: { ...own, code: 'TEAPOT' } }))).toBe('refused');
  });
});

describe('appeal decisions', () => {
  it('tell the person the outcome and why, and the moderator what overturning undoes', () => {
    expect(appealStatement('upheld', 'silence', ' Fair ')).toBe(
      'A moderator reviewed your appeal against "silence" and upheld the decision. Reason: Fair',
    );
    expect(appealStatement('overturned', 'hide', '')).toContain('overturned the decision and reversed it');
    expect(overturnEffect('delete')).toBe('Overturning restores the item.');
    expect(overturnEffect('something new')).toBe('Overturning reverses the decision.');
  });
});
