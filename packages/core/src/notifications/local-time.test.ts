import { describe, expect, it } from 'vitest';
import { formatLocalTime, localTime, parseLocalTime } from './local-time.ts';

describe('localTime', () => {
  it('gives the local date and minutes in zones at the edges of the clock', () => {
    const at = new Date('2026-03-28T19:00:00Z');
    expect(localTime(at, 'Pacific/Kiritimati')).toEqual({ date: '2026-03-29', minutes: 9 * 60 }); // UTC+14
    expect(localTime(at, 'Etc/GMT+12')).toEqual({ date: '2026-03-28', minutes: 7 * 60 }); // UTC-12
    expect(localTime(at, 'Asia/Kolkata')).toEqual({ date: '2026-03-29', minutes: 30 }); // UTC+5:30
  });

  it('follows daylight-saving changes: a skipped hour and a repeated one', () => {
    // Berlin, 2026-03-29: 01:59 CET is followed by 03:00 CEST.
    expect(localTime(new Date('2026-03-29T00:59:00Z'), 'Europe/Berlin').minutes).toBe(60 + 59);
    expect(localTime(new Date('2026-03-29T01:00:00Z'), 'Europe/Berlin').minutes).toBe(3 * 60);
    // New York, 2026-11-01: 01:00 happens at 05:00Z (EDT) and again at 06:00Z (EST).
    expect(localTime(new Date('2026-11-01T05:00:00Z'), 'America/New_York')).toEqual({
      date: '2026-11-01',
      minutes: 60,
    });
    expect(localTime(new Date('2026-11-01T06:00:00Z'), 'America/New_York')).toEqual({
      date: '2026-11-01',
      minutes: 60,
    });
  });

  it('formats and parses wall-clock times', () => {
    expect(formatLocalTime(8 * 60 + 30)).toBe('08:30');
    expect(parseLocalTime('20:45:00')).toBe(20 * 60 + 45);
  });
});
