/**
 * Wall-clock times in the organisation's time zone, for the date-and-time fields of the decision forms. People type
 * the time as their clock showed it ("14:30"), so the form converts from and to the zone the policy names; the stored
 * value keeps the offset they meant ("2025-07-01T14:30:00+01:00"), which reads back as typed.
 */

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const MINUTE_MS = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

const partsAt = (ms: number, timeZone: string): WallTime & { second: number } => {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 'NaN');
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour'),
    minute: part('minute'),
    second: part('second'),
  };
};

/** The zone's offset from UTC at an instant, in minutes (60 for BST). */
const offsetMinutes = (ms: number, timeZone: string): number => {
  const p = partsAt(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / MINUTE_MS);
};

/** What the zone's clocks showed at an instant. */
export const wallTimeOf = (iso: string, timeZone: string): WallTime => {
  const { second: _second, ...wall } = partsAt(Date.parse(iso), timeZone);
  return wall;
};

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/**
 * The instant a wall-clock time names in the zone, as ISO 8601 with that zone's offset. In the hour the clocks go
 * back, a time happens twice and the first is taken; in the hour they go forward, a time never happens and the one an
 * hour later on the same clock is taken (01:30 on the March change in London is read as 02:30 BST), as a phone does.
 */
export const isoFromWallTime = (wall: WallTime, timeZone: string): string => {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  const before = offsetMinutes(guess - 12 * 60 * MINUTE_MS, timeZone);
  const after = offsetMinutes(guess + 12 * 60 * MINUTE_MS, timeZone);
  // The larger offset names the earlier instant, so an ambiguous time resolves to its first occurrence.
  for (const offset of before >= after ? [before, after] : [after, before]) {
    const ms = guess - offset * MINUTE_MS;
    if (offsetMinutes(ms, timeZone) === offset) return isoWithOffset(ms, timeZone);
  }
  // A time in the gap: read it with the offset in force before the change, which lands an hour later on the clock.
  return isoWithOffset(guess - before * MINUTE_MS, timeZone);
};

const isoWithOffset = (ms: number, timeZone: string): string => {
  const shown = partsAt(ms, timeZone);
  const offset = offsetMinutes(ms, timeZone);
  const sign = offset < 0 ? '-' : '+';
  return (
    `${pad(shown.year, 4)}-${pad(shown.month)}-${pad(shown.day)}T${pad(shown.hour)}:${pad(shown.minute)}:00` +
    `${sign}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  );
};

/** Whether the numbers make a calendar date (no 30 February) and a time of day. */
export const isRealWallTime = (wall: WallTime): boolean => {
  const { year, month, day, hour, minute } = wall;
  if (![year, month, day, hour, minute].every(Number.isInteger)) return false;
  if (year < 1000 || year > 9999 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};
