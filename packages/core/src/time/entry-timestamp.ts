import { validation } from '../errors.ts';

/** Clocks drift; a few minutes ahead is a phone's clock, more is a mistake. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** Nothing anyone logs in this app happened before it could be logged; the bound keeps series finite. */
export const EARLIEST_ENTRY = new Date('2000-01-01T00:00:00Z');

/** The instant a user says something happened, refused when it lies in the future or before 2000. */
export function entryTimestamp(value: string, now: Date, field = 'timestamp'): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw validation(field, 'must be an ISO 8601 date-time');
  if (at < EARLIEST_ENTRY) throw validation(field, 'must not be before 2000-01-01');
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw validation(field, 'must not be more than 5 minutes in the future');
  }
  return at;
}
