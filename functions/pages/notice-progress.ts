import type { SubjectNoticesSummary } from '../domain/state';
import { paragraph, type SummaryRow, summaryList } from './components';
import { type Html, html } from './html';

/**
 * The case page's people affected: how many are listed, told, failed and unconfirmed and, while the notices are going
 * out, a progress bar of how many have been dealt with (told or failed) out of those listed. A native `<progress>` with
 * its label in words, so a screen reader says the same as the bar shows; reloading the page shows the latest count.
 */
export const noticeProgressSection = (input: {
  subjects: SubjectNoticesSummary | undefined;
  /** The notify-subjects decision is recorded: the notices go (or went) out. */
  sending: boolean;
}): Html => {
  const { subjects } = input;
  if (!subjects) return paragraph('Nobody affected has been listed to be told.');
  const rows: SummaryRow[] = (
    [
      ['Listed', subjects.listed],
      ['Told', subjects.sent],
      ['Failed', subjects.failed],
      ['Unconfirmed', subjects.unconfirmed],
    ] as [string, number | undefined][]
  ).map(([key, value]) => ({ key, value: String(value ?? 0) }));
  const done = subjects.sent + subjects.failed;
  const inProgress =
    input.sending && subjects.completedAt === undefined && subjects.listed > 0 && done < subjects.listed;
  if (!inProgress) return summaryList(rows);
  const percent = Math.floor((done / subjects.listed) * 100);
  return html`<div class="govuk-form-group">
<label class="govuk-label govuk-label--s" for="notice-progress">Sending the notices: ${done} of ${subjects.listed} dealt with (${percent}%)</label>
<progress id="notice-progress" max="${subjects.listed}" value="${done}">${percent}%</progress>
<p class="govuk-body-s">Reload the page to see the latest count.</p>
</div>
${summaryList(rows)}`;
};
