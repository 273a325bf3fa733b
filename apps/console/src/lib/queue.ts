import type { ModerationReport } from '@wbn/contracts/moderation';
import { CRISIS_REPORT_REASON } from '@wbn/contracts/safety';

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
  /** The system saw crisis language: the author may need someone to reach out, not a sanction. */
  crisis: boolean;
  isHidden: boolean;
  isDeleted: boolean;
  latest: string;
}

/** The system's own report on crisis language (a member typing the same reason is just a member's report). */
export function isCrisisReport(report: Pick<ModerationReport, 'reason' | 'reporter_id'>): boolean {
  return report.reporter_id === null && report.reason === CRISIS_REPORT_REASON;
}

/** Crisis reports rank above everything without hiding anything; any other raised priority means hidden by reports. */
const pendingReview = (report: ModerationReport) => report.priority > 0 && !isCrisisReport(report);

/**
 * Folds the API's one-row-per-report list into one entry per item, keeping the API's order (crisis
 * language first, then items hidden pending review, then newest), so each item appears where its
 * first report does.
 */
export function groupReports(reports: ModerationReport[]): QueueItem[] {
  const items = new Map<string, QueueItem>();
  for (const report of reports) {
    const key = `${report.content_type}:${report.content_id}`;
    const item = items.get(key);
    if (item) {
      if (!item.reasons.includes(report.reason)) item.reasons.push(report.reason);
      if (report.timestamp > item.latest) item.latest = report.timestamp;
      item.hiddenPendingReview ||= pendingReview(report);
      item.crisis ||= isCrisisReport(report);
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
      hiddenPendingReview: pendingReview(report),
      crisis: isCrisisReport(report),
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
