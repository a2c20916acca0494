import { describe, expect, it } from 'vitest';
import type { SubjectNoticesSummary } from '../../../functions/domain/state';
import { noticeProgressSection } from '../../../functions/pages/notice-progress';

const summary = (over: Partial<SubjectNoticesSummary> = {}): SubjectNoticesSummary => ({
  listed: 500,
  rejected: 0,
  sent: 0,
  failed: 0,
  ...over,
});

const render = (subjects: SubjectNoticesSummary | undefined, sending: boolean) =>
  String(noticeProgressSection({ subjects, sending }));

describe('the people affected on the case page', () => {
  it('says nobody is listed before an upload', () => {
    expect(render(undefined, false)).toContain('Nobody affected has been listed to be told.');
  });

  it('shows the counts without a bar before the notices are decided', () => {
    const page = render(summary({ listed: 4 }), false);
    expect(page).toContain('Listed');
    expect(page).not.toContain('<progress');
  });

  it('shows a labelled bar while the notices go out: told and failed count as dealt with', () => {
    const page = render(summary({ sent: 118, failed: 2, unconfirmed: 1 }), true);
    expect(page).toMatch(
      /<label[^>]*for="notice-progress"[^>]*>Sending the notices: 120 of 500 dealt with \(24%\)<\/label>/,
    );
    expect(page).toContain('<progress id="notice-progress" max="500" value="120">24%</progress>');
    expect(page).toMatch(/Unconfirmed<\/dt>\s*<dd[^>]*>\s*1/);
  });

  it('drops the bar once every notice is dealt with, or the run is complete', () => {
    expect(render(summary({ sent: 498, failed: 2 }), true)).not.toContain('<progress');
    expect(render(summary({ sent: 10, completedAt: '2025-03-04T10:00:00Z' }), true)).not.toContain('<progress');
  });
});
