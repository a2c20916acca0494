import { describe, expect, it } from 'vitest';
import {
  clockStatus,
  clockStatuses,
  type Deadline,
  deadlinesFor,
  formatInTimeZone,
  HOUR_MS,
  hoursLate,
  InvalidTimestampError,
  InvalidTimeZoneError,
  latenessReasonRequired,
  MissingClockError,
  scheduleFor,
} from '../../../functions/domain/clocks';
import { type Clock, DEFAULT_CLOCKS } from '../../../functions/domain/policy';

const AWARE = '2026-03-10T09:30:00Z';
const awareMs = Date.parse(AWARE);
/** `hours` after AWARE, as the ISO string the clocks return. */
const plus = (hours: number, from = awareMs) => new Date(from + hours * HOUR_MS).toISOString();
const at = (hours: number, from = awareMs) => new Date(from + hours * HOUR_MS);

const clock = (id: Clock['id'], hours: number, warnBeforeHours: number[] = []): Clock => ({
  id,
  label: `${id} clock`,
  hours,
  warnBeforeHours,
});

describe('deadlinesFor', () => {
  it('puts each mark its hours after awareness, with warnings earliest first', () => {
    expect(deadlinesFor(AWARE, DEFAULT_CLOCKS)).toEqual([
      {
        clockId: 'initial-assessment',
        label: 'Initial assessment of harm',
        dueAt: '2026-03-11T09:30:00.000Z',
        warnings: [
          { at: '2026-03-11T03:30:00.000Z', hoursBefore: 6 },
          { at: '2026-03-11T08:30:00.000Z', hoursBefore: 1 },
        ],
      },
      {
        clockId: 'internal-report',
        label: 'Internal investigation report with severity',
        dueAt: '2026-03-12T09:30:00.000Z',
        warnings: [
          { at: '2026-03-12T03:30:00.000Z', hoursBefore: 6 },
          { at: '2026-03-12T08:30:00.000Z', hoursBefore: 1 },
        ],
      },
      {
        clockId: 'authority',
        label: 'Notification to the supervisory authority',
        dueAt: '2026-03-13T09:30:00.000Z',
        warnings: [
          { at: '2026-03-13T03:30:00.000Z', hoursBefore: 6 },
          { at: '2026-03-13T08:30:00.000Z', hoursBefore: 1 },
        ],
      },
    ]);
  });

  it('reads awareness given in a local offset as the same instant', () => {
    const [deadline] = deadlinesFor('2026-03-10T10:30:00+01:00', [clock('authority', 72)]);
    expect(deadline?.dueAt).toBe('2026-03-13T09:30:00.000Z');
  });

  it('sorts warnings given in any order and counts a repeated one once', () => {
    const [deadline] = deadlinesFor(AWARE, [clock('authority', 72, [1, 12, 6, 12])]);
    expect(deadline?.warnings.map((w) => w.hoursBefore)).toEqual([12, 6, 1]);
  });

  it('supports fractional hours', () => {
    const [deadline] = deadlinesFor(AWARE, [clock('initial-assessment', 1.5, [0.25])]);
    expect(deadline?.dueAt).toBe('2026-03-10T11:00:00.000Z');
    expect(deadline?.warnings).toEqual([{ at: '2026-03-10T10:45:00.000Z', hoursBefore: 0.25 }]);
  });

  it.each(['2026-03-10T09:30:00', '2026-03-10', 'yesterday', '2026-02-30T09:30:00Z', '2026-03-10T24:30:00Z', ''])(
    'rejects awareness %j, which has no offset or is no date',
    (awareAt) => {
      expect(() => deadlinesFor(awareAt, DEFAULT_CLOCKS)).toThrow(InvalidTimestampError);
    },
  );
});

describe('deadlines across a change of summer time (Europe/London)', () => {
  // Clocks spring forward at 01:00 GMT on Sunday 29 March 2026 and fall back at 02:00 BST on Sunday 25 October 2026.
  it('ends a 24 h clock 24 elapsed hours later, an hour later on the wall clock, when summer time starts', () => {
    const awareAt = '2026-03-28T12:00:00Z';
    const [deadline] = deadlinesFor(awareAt, [clock('initial-assessment', 24)]);
    expect(Date.parse(deadline?.dueAt ?? '') - Date.parse(awareAt)).toBe(24 * HOUR_MS);
    expect(formatInTimeZone(awareAt, 'Europe/London')).toBe('Saturday 28 March 2026, 12:00 GMT');
    expect(formatInTimeZone(deadline?.dueAt ?? '', 'Europe/London')).toBe('Sunday 29 March 2026, 13:00 BST');
  });

  it('ends a 24 h clock an hour earlier on the wall clock when summer time ends', () => {
    const awareAt = '2026-10-24T12:00:00+01:00';
    const [deadline] = deadlinesFor(awareAt, [clock('initial-assessment', 24)]);
    expect(deadline?.dueAt).toBe('2026-10-25T11:00:00.000Z');
    expect(formatInTimeZone(deadline?.dueAt ?? '', 'Europe/London')).toBe('Sunday 25 October 2026, 11:00 GMT');
  });

  it('puts a warning that falls in the skipped hour at its elapsed time', () => {
    // Aware 00:30 GMT on the 29th; a 2 h clock warned 1 h before: 01:30 GMT, which London shows as 02:30 BST.
    const [deadline] = deadlinesFor('2026-03-29T00:30:00Z', [clock('initial-assessment', 2, [1])]);
    expect(deadline?.warnings[0]?.at).toBe('2026-03-29T01:30:00.000Z');
    expect(formatInTimeZone(deadline?.warnings[0]?.at ?? '', 'Europe/London')).toBe('Sunday 29 March 2026, 02:30 BST');
  });
});

describe('scheduleFor', () => {
  it('lists every warning and deadline of the default clocks in the order they fall', () => {
    const schedule = scheduleFor(AWARE, DEFAULT_CLOCKS);
    expect(schedule.map((mark) => [(Date.parse(mark.at) - awareMs) / HOUR_MS, mark.clockId, mark.kind])).toEqual([
      [18, 'initial-assessment', 'warning'],
      [23, 'initial-assessment', 'warning'],
      [24, 'initial-assessment', 'deadline'],
      [42, 'internal-report', 'warning'],
      [47, 'internal-report', 'warning'],
      [48, 'internal-report', 'deadline'],
      [66, 'authority', 'warning'],
      [71, 'authority', 'warning'],
      [72, 'authority', 'deadline'],
    ]);
    expect(schedule.filter((mark) => mark.kind === 'warning').map((mark) => mark.hoursBefore)).toEqual([
      6, 1, 6, 1, 6, 1,
    ]);
    expect(schedule.filter((mark) => mark.kind === 'deadline').every((mark) => mark.hoursBefore === undefined)).toBe(
      true,
    );
  });

  it("interleaves clocks, putting one clock's early warning before another's earlier-listed deadline", () => {
    const schedule = scheduleFor(AWARE, [clock('authority', 30, [10]), clock('initial-assessment', 24, [2])]);
    expect(schedule).toEqual([
      { at: plus(20), clockId: 'authority', kind: 'warning', hoursBefore: 10, dueAt: plus(30) },
      { at: plus(22), clockId: 'initial-assessment', kind: 'warning', hoursBefore: 2, dueAt: plus(24) },
      { at: plus(24), clockId: 'initial-assessment', kind: 'deadline', dueAt: plus(24) },
      { at: plus(30), clockId: 'authority', kind: 'deadline', dueAt: plus(30) },
    ]);
  });

  it('drops a warning that would fall before awareness but keeps one exactly at it', () => {
    expect(scheduleFor(AWARE, [clock('initial-assessment', 4, [6, 1])])).toEqual([
      { at: plus(3), clockId: 'initial-assessment', kind: 'warning', hoursBefore: 1, dueAt: plus(4) },
      { at: plus(4), clockId: 'initial-assessment', kind: 'deadline', dueAt: plus(4) },
    ]);
    expect(scheduleFor(AWARE, [clock('initial-assessment', 6, [6])])[0]).toEqual({
      at: AWARE.replace('Z', '.000Z'),
      clockId: 'initial-assessment',
      kind: 'warning',
      hoursBefore: 6,
      dueAt: plus(6),
    });
  });

  it('keeps marks of different clocks that fall at the same instant in the order the clocks are given', () => {
    const schedule = scheduleFor(AWARE, [clock('authority', 72, [24]), clock('internal-report', 48)]);
    expect(schedule.slice(0, 2).map((mark) => [mark.at, mark.clockId, mark.kind])).toEqual([
      [plus(48), 'authority', 'warning'],
      [plus(48), 'internal-report', 'deadline'],
    ]);
  });
});

describe('clockStatus', () => {
  const [deadline] = deadlinesFor(AWARE, [clock('initial-assessment', 24, [6, 1])]) as [Deadline];

  it('is pending before the first warning and warning from exactly that moment', () => {
    expect(clockStatus(deadline, at(0))).toBe('pending');
    expect(clockStatus(deadline, new Date(awareMs + 18 * HOUR_MS - 1))).toBe('pending');
    expect(clockStatus(deadline, at(18))).toBe('warning');
    expect(clockStatus(deadline, at(23.5))).toBe('warning');
  });

  it('is still in time exactly at the mark and missed a millisecond after it', () => {
    expect(clockStatus(deadline, at(24))).toBe('warning');
    expect(clockStatus(deadline, new Date(awareMs + 24 * HOUR_MS + 1))).toBe('missed');
  });

  it('is met when the milestone falls at or before the mark and met-late after it, whatever the time now', () => {
    expect(clockStatus(deadline, at(100), plus(24))).toBe('met');
    expect(clockStatus(deadline, at(1), plus(0.5))).toBe('met');
    expect(clockStatus(deadline, at(100), new Date(awareMs + 24 * HOUR_MS + 1).toISOString())).toBe('met-late');
  });

  it('stays pending up to the mark for a clock without warnings', () => {
    const [silent] = deadlinesFor(AWARE, [clock('authority', 72)]) as [Deadline];
    expect(clockStatus(silent, at(72))).toBe('pending');
    expect(clockStatus(silent, at(72.01))).toBe('missed');
  });

  it('is in its warning window from the start when the first warning would precede awareness', () => {
    const [short] = deadlinesFor(AWARE, [clock('initial-assessment', 4, [6])]) as [Deadline];
    expect(clockStatus(short, at(0))).toBe('warning');
  });

  it('rejects a milestone time without an offset', () => {
    expect(() => clockStatus(deadline, at(1), '2026-03-10T10:00:00')).toThrow(InvalidTimestampError);
  });
});

describe('clockStatuses', () => {
  it('gives each clock its status, with the milestone time where one is recorded', () => {
    const statuses = clockStatuses(AWARE, DEFAULT_CLOCKS, at(50), { 'initial-assessment': plus(20) });
    expect(statuses.map(({ clockId, status, metAt }) => ({ clockId, status, metAt }))).toEqual([
      { clockId: 'initial-assessment', status: 'met', metAt: plus(20) },
      { clockId: 'internal-report', status: 'missed', metAt: undefined },
      { clockId: 'authority', status: 'pending', metAt: undefined },
    ]);
    expect(statuses[1]).not.toHaveProperty('metAt');
    expect(statuses[2]?.dueAt).toBe(plus(72));
  });

  it('ignores milestones of clocks the policy does not have', () => {
    const statuses = clockStatuses(AWARE, [clock('authority', 72, [6])], at(67), { 'internal-report': plus(1) });
    expect(statuses.map((s) => [s.clockId, s.status])).toEqual([['authority', 'warning']]);
  });
});

describe('lateness of the authority notification', () => {
  it('asks for no reasons at exactly the authority mark and for reasons a millisecond after', () => {
    expect(latenessReasonRequired(AWARE, DEFAULT_CLOCKS, plus(72))).toBe(false);
    expect(hoursLate(AWARE, DEFAULT_CLOCKS, plus(72))).toBe(0);
    const justAfter = new Date(awareMs + 72 * HOUR_MS + 1).toISOString();
    expect(latenessReasonRequired(AWARE, DEFAULT_CLOCKS, justAfter)).toBe(true);
  });

  it('counts the elapsed hours past the mark, and none for an early notification', () => {
    expect(hoursLate(AWARE, DEFAULT_CLOCKS, plus(74.5))).toBe(2.5);
    expect(hoursLate(AWARE, DEFAULT_CLOCKS, plus(10))).toBe(0);
  });

  it('measures against the policy authority clock, not a fixed 72 h', () => {
    const strict = [clock('authority', 48)];
    expect(latenessReasonRequired(AWARE, strict, plus(60))).toBe(true);
    expect(hoursLate(AWARE, strict, plus(60))).toBe(12);
  });

  it('measures any other clock when asked', () => {
    expect(hoursLate(AWARE, DEFAULT_CLOCKS, plus(30), 'initial-assessment')).toBe(6);
  });

  it('counts elapsed hours across the start of summer time, not wall-clock hours', () => {
    // 12:00 GMT Saturday to 13:00 BST Tuesday reads as 73 wall-clock hours but is exactly 72 elapsed.
    expect(latenessReasonRequired('2026-03-28T12:00:00Z', DEFAULT_CLOCKS, '2026-03-31T13:00:00+01:00')).toBe(false);
    expect(hoursLate('2026-03-28T12:00:00Z', DEFAULT_CLOCKS, '2026-03-31T14:00:00+01:00')).toBe(1);
  });

  it('throws MissingClockError when there is no authority clock', () => {
    expect(() => latenessReasonRequired(AWARE, [clock('initial-assessment', 24)], plus(1))).toThrow(MissingClockError);
  });
});

describe('formatInTimeZone', () => {
  it('renders weekday, date, 24-hour time and the zone abbreviation', () => {
    expect(formatInTimeZone('2026-11-26T14:05:00Z', 'Europe/London')).toBe('Thursday 26 November 2026, 14:05 GMT');
  });

  it('shows summer time and rolls the date over at local midnight', () => {
    expect(formatInTimeZone('2026-07-01T23:30:00Z', 'Europe/London')).toBe('Thursday 2 July 2026, 00:30 BST');
    expect(formatInTimeZone('2026-07-01T23:30:00Z', 'UTC')).toBe('Wednesday 1 July 2026, 23:30 UTC');
  });

  it('throws InvalidTimeZoneError for a zone that is not an IANA name', () => {
    expect(() => formatInTimeZone('2026-07-01T23:30:00Z', 'Europe/Londres')).toThrow(InvalidTimeZoneError);
    expect(() => formatInTimeZone('2026-07-01T23:30:00Z', '+01:00')).toThrow(InvalidTimeZoneError);
  });

  it('throws InvalidTimestampError for a time without an offset', () => {
    expect(() => formatInTimeZone('2026-07-01T23:30:00', 'Europe/London')).toThrow(InvalidTimestampError);
  });
});
