import { type Clock, type ClockId, isTimeZone } from './policy';

/**
 * The breach clocks: when each deadline and its warnings fall, and where a breach stands against them.
 *
 * Durations are elapsed hours, not wall-clock hours: Art. 33(1)'s "72 hours" are 72 real hours, so a clock that spans
 * the change to or from summer time ends at a different wall-clock hour than it began (24 h from 12:00 GMT on
 * 28 March 2026 is 13:00 BST on the 29th). All arithmetic is on UTC milliseconds; time zones only affect display
 * (`formatInTimeZone`).
 */

export const HOUR_MS = 3_600_000;

/** A timestamp the clocks cannot use; the field names it for the caller. */
export class InvalidTimestampError extends Error {
  override readonly name = 'InvalidTimestampError';
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`${field} must be an ISO 8601 date-time with an offset (e.g. 2026-03-28T12:00:00Z), got '${value}'`);
  }
}

/** Asked about a clock the policy does not define (the schema guarantees 'authority'; hand-built lists may not). */
export class MissingClockError extends Error {
  override readonly name = 'MissingClockError';
  constructor(readonly clockId: ClockId) {
    super(`no '${clockId}' clock in the given clocks`);
  }
}

export class InvalidTimeZoneError extends Error {
  override readonly name = 'InvalidTimeZoneError';
  constructor(readonly timeZone: string) {
    super(`'${timeZone}' is not an IANA time zone name`);
  }
}

export interface Warning {
  at: string;
  hoursBefore: number;
}

/**
 * What a mark counts down to: one of the policy's clocks, or a stage of an obligation (`<obligation id>/<stage id>`,
 * breach-obligations.ts). The Clock branch treats both alike.
 */
export type MarkId = ClockId | (string & {});

export const isPolicyClock = (id: MarkId): id is ClockId =>
  id === 'initial-assessment' || id === 'internal-report' || id === 'authority';

export interface Deadline<Id extends MarkId = ClockId> {
  clockId: Id;
  label: string;
  dueAt: string;
  /**
   * Every warning of the clock, earliest first, including any that fall before awareness (a 4 h clock with a 6 h
   * warning is in its warning window from the start); `scheduleFor` drops those, as there is nothing to wait for.
   */
  warnings: Warning[];
}

export interface Mark {
  at: string;
  clockId: MarkId;
  kind: 'warning' | 'deadline';
  hoursBefore?: number;
  /**
   * The deadline the mark counts down to, as planned: when awareness is amended the plan moves, and a mark of the
   * earlier plan still in flight is recognised as superseded (check-mark.ts) instead of alerting a false time.
   */
  dueAt?: string;
}

/**
 * The key of an alert: one warning per clock, lead time and deadline, one missed alert per clock and deadline. The
 * deadline is part of the key because an amended awareness moves it: the DPO is told of the new time, once.
 */
export const alertKey = (mark: Pick<Mark, 'clockId' | 'kind' | 'hoursBefore'>, dueAt: string): string =>
  mark.kind === 'warning'
    ? `${mark.clockId}:warning:${mark.hoursBefore ?? 0}@${dueAt}`
    : `${mark.clockId}:missed@${dueAt}`;

export type ClockStatus = 'met' | 'met-late' | 'pending' | 'warning' | 'missed';

export type ClockState = Deadline & { status: ClockStatus; metAt?: string };

// An offset is required: without one, Date.parse reads the time as local, which differs between a laptop and Lambda.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

// Date.parse rolls impossible dates over (30 February becomes 2 March), so the calendar date is checked separately.
const isCalendarDate = (value: string): boolean => {
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

const toMs = (value: string, field: string): number => {
  const ms = ISO_WITH_OFFSET.test(value) && isCalendarDate(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new InvalidTimestampError(field, value);
  return ms;
};

const iso = (ms: number): string => new Date(ms).toISOString();
const hoursToMs = (hours: number): number => Math.round(hours * HOUR_MS);

export const deadlineFor = (awareAt: string, clock: Clock): Deadline => {
  const dueMs = toMs(awareAt, 'awareAt') + hoursToMs(clock.hours);
  const hoursBefore = [...new Set(clock.warnBeforeHours)].sort((a, b) => b - a);
  return {
    clockId: clock.id,
    label: clock.label,
    dueAt: iso(dueMs),
    warnings: hoursBefore.map((h) => ({ at: iso(dueMs - hoursToMs(h)), hoursBefore: h })),
  };
};

export const deadlinesFor = (awareAt: string, clocks: readonly Clock[]): Deadline[] =>
  clocks.map((clock) => deadlineFor(awareAt, clock));

/**
 * Every warning and deadline in the order they fall, for the state machine's Clock branch to Wait until each in
 * turn. Marks of different clocks interleave (the authority's 6 h warning comes after the 48 h deadline); at the same
 * instant the order of the given clocks decides, as the sort is stable.
 */
export const scheduleFor = (awareAt: string, clocks: readonly Clock[]): Mark[] => {
  const awareMs = toMs(awareAt, 'awareAt');
  const marks: Mark[] = [];
  for (const deadline of deadlinesFor(awareAt, clocks)) {
    for (const warning of deadline.warnings) {
      if (Date.parse(warning.at) < awareMs) continue;
      marks.push({
        at: warning.at,
        clockId: deadline.clockId,
        kind: 'warning',
        hoursBefore: warning.hoursBefore,
        dueAt: deadline.dueAt,
      });
    }
    marks.push({ at: deadline.dueAt, clockId: deadline.clockId, kind: 'deadline', dueAt: deadline.dueAt });
  }
  return marks.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
};

/**
 * Where one clock stands at `now`. The mark itself counts as in time ("within 72 hours"): met at exactly `dueAt` is
 * 'met', and at exactly `dueAt` with nothing met the clock is still in its warning window, not 'missed'.
 */
export const clockStatus = (deadline: Deadline, now: Date, metAt?: string): ClockStatus => {
  const dueMs = toMs(deadline.dueAt, 'dueAt');
  if (metAt !== undefined) return toMs(metAt, 'metAt') <= dueMs ? 'met' : 'met-late';
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new InvalidTimestampError('now', String(now));
  if (nowMs > dueMs) return 'missed';
  const first = deadline.warnings[0];
  return first && nowMs >= Date.parse(first.at) ? 'warning' : 'pending';
};

export const clockStatuses = (
  awareAt: string,
  clocks: readonly Clock[],
  now: Date,
  milestones: Partial<Record<ClockId, string>>,
): ClockState[] =>
  deadlinesFor(awareAt, clocks).map((deadline) => {
    const metAt = milestones[deadline.clockId];
    const status = clockStatus(deadline, now, metAt);
    return metAt === undefined ? { ...deadline, status } : { ...deadline, status, metAt };
  });

const clockDue = (awareAt: string, clocks: readonly Clock[], clockId: ClockId): number => {
  const clock = clocks.find((c) => c.id === clockId);
  if (!clock) throw new MissingClockError(clockId);
  return toMs(deadlineFor(awareAt, clock).dueAt, 'dueAt');
};

/** Elapsed hours by which `at` passed the clock's mark (fractional, unrounded); 0 when in time. */
export const hoursLate = (
  awareAt: string,
  clocks: readonly Clock[],
  at: string,
  clockId: ClockId = 'authority',
): number => Math.max(0, toMs(at, 'at') - clockDue(awareAt, clocks, clockId)) / HOUR_MS;

/**
 * Art. 33(1): a notification made after the authority mark must carry the reasons for the delay. Measured against the
 * policy's authority clock, which may be stricter than the law's 72 h; a policy aiming earlier asks for reasons earlier.
 */
export const latenessReasonRequired = (awareAt: string, clocks: readonly Clock[], notifiedAt: string): boolean =>
  hoursLate(awareAt, clocks, notifiedAt, 'authority') > 0;

/** e.g. "Thursday 26 November 2026, 14:05 GMT": assembled from parts, as ICU versions differ in the joining words. */
export const formatInTimeZone = (value: string, timeZone: string): string => {
  if (!isTimeZone(timeZone)) throw new InvalidTimeZoneError(timeZone);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(toMs(value, 'value')));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}, ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
};
