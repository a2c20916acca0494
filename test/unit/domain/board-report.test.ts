import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { boardReportPdf } from '../../../functions/documents/board-report-pdf';
import { boardReportText, buildBoardReport, similarIncidents } from '../../../functions/domain/board-report';
import type { NewEvent } from '../../../functions/domain/events';
import { DEFAULT_CLOCKS } from '../../../functions/domain/policy';
import { foldEvents } from '../../../functions/domain/state';
import { flat, pageLines } from '../../e2e/support/pdf-text';
import { aChain } from '../../support/event-fixtures';
import { lateReportedHistory, unreportedHistory } from '../../support/register-histories';

const NOW = new Date('2025-06-01T12:00:00Z');
const eventsOf = (id: string, events: readonly NewEvent[]) => aChain(id, events);
const lateEvents = eventsOf('BR-LATE-0000-0000-0001', lateReportedHistory('2025-03-03T09:00:00Z'));
const late = foldEvents(lateEvents);
const earlier = foldEvents(eventsOf('BR-UNRP-0000-0000-0002', unreportedHistory('2025-01-01T08:00:00Z')));
const later = foldEvents(eventsOf('BR-UNRP-0000-0000-0003', unreportedHistory('2025-05-01T08:00:00Z')));

const report = () =>
  buildBoardReport({
    events: lateEvents,
    state: late,
    organisationName: 'Elite Care Homes',
    clocks: DEFAULT_CLOCKS,
    others: [earlier, later, late],
    now: NOW,
  });

describe('the final report to the board', () => {
  it('is generated from the record: chronology, assessment, decisions with who and why, notifications, lessons', () => {
    const text = boardReportText(report());

    for (const heading of [
      'CHRONOLOGY',
      'ASSESSMENT',
      'DECISIONS, WHO TOOK THEM AND WHY',
      'NOTIFICATIONS',
      'ROOT CAUSES AND LESSONS',
      'RECOMMENDATIONS AND THEIR STATUS',
      'SIMILAR EARLIER INCIDENTS',
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('Aware: 2025-03-03 09:00 UTC');
    expect(text).toContain(
      'Dana Protection (Data Protection Officer): Notify the supervisory authority and the people affected.',
    );
    expect(text).toContain('Risk to people: A high risk to people (as decided)');
    expect(text).toContain('Notified late');
    expect(text).toContain('Root cause 1: Autocomplete of addresses');
    expect(text).not.toMatch(/\b(authority-and-subjects|notified-late|misdirected-email)\b/);
  });

  it('lists earlier incidents with the same cause, data or team, never later ones', () => {
    const similar = similarIncidents(late, [earlier, later, late]);

    expect(similar.map((s) => s.breachId)).toEqual([earlier.breachId]);
    expect(similar[0]?.shares.join('; ')).toContain('cause: human error');
  });

  it('prints as a PDF with the same sections', async () => {
    const doc = await PDFDocument.load(await boardReportPdf(report()));
    const text = flat(pageLines(doc).flat().join(' '));

    expect(doc.getTitle()).toBe(`Personal data breach: final report to the board: ${late.breachId}`);
    expect(text).toContain('Decisions, who took them and why');
    expect(text).toContain('Similar earlier incidents');
    expect(text).toContain(earlier.breachId);
  });
});
