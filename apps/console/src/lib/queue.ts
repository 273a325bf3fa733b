import type { ModerationReport } from '@wbn/contracts/moderation';

/** One reported item as the queue lists it: its reports folded together. */
export interface QueueItem {
  key: string;
  contentType: 'post' | 'reply';
  contentId: string;
  snippet: string | null;
  authorId: string | null;
  authorPseudonym: string | null;
  reasons: string[];
  reportCount: number;
  hiddenPendingReview: boolean;
  isHidden: boolean;
  isDeleted: boolean;
  latest: string;
}

/**
 * Folds the API's one-row-per-report list into one entry per item, keeping the API's order (items
 * hidden pending review first, then newest), so each item appears where its first report does.
 */
export function groupReports(reports: ModerationReport[]): QueueItem[] {
  const items = new Map<string, QueueItem>();
  for (const report of reports) {
    const key = `${report.content_type}:${report.content_id}`;
    const item = items.get(key);
    if (item) {
      if (!item.reasons.includes(report.reason)) item.reasons.push(report.reason);
      if (report.timestamp > item.latest) item.latest = report.timestamp;
      item.hiddenPendingReview ||= report.priority > 0;
      continue;
    }
    items.set(key, {
      key,
      contentType: report.content_type,
      contentId: report.content_id,
      snippet: report.content_snippet,
      authorId: report.author_id,
      authorPseudonym: report.author_pseudonym,
      reasons: [report.reason],
      reportCount: report.report_count,
      hiddenPendingReview: report.priority > 0,
      isHidden: report.is_hidden,
      isDeleted: report.is_deleted,
      latest: report.timestamp,
    });
  }
  return [...items.values()];
}

export interface QueueFilters {
  contentType: 'all' | 'post' | 'reply';
  reason: string;
}

/** The reasons present in the data (watched words and any reason the API adds appear on their own). */
export function reasonsOf(items: QueueItem[]): string[] {
  return [...new Set(items.flatMap((item) => item.reasons))].sort((a, b) => a.localeCompare(b));
}

export function filterQueue(items: QueueItem[], filters: QueueFilters): QueueItem[] {
  return items.filter(
    (item) =>
      (filters.contentType === 'all' || item.contentType === filters.contentType) &&
      (filters.reason === '' || item.reasons.includes(filters.reason)),
  );
}
