import { publicNoticeApplies } from '../documents/public-notice';
import { formatInTimeZone } from '../domain/clocks';
import type { BreachState } from '../domain/state';
import { paragraph } from './components';
import { type Html, html } from './html';

/**
 * The case page's documents, each a download served by the function that renders it (`/console/breaches/{id}/…`,
 * http/console-access.ts): the reports to the authority — every one sent, as it was sent, and the draft of the next —
 * the letters to post, the public notice where the people are told by one, and the final report to the board.
 * A document the record does not call for is not offered; following a stale link says why.
 */

const PHASE_TEXT: Record<'initial' | 'follow-up' | 'final', string> = {
  initial: 'Initial report',
  'follow-up': 'Follow-up report',
  final: 'Final report',
};

export interface CaseDocumentsInput {
  /** The console's base path, e.g. `/v1/console`. */
  base: string;
  state: Pick<BreachState, 'breachId' | 'authorityReports' | 'plan' | 'decisions' | 'assessment' | 'subjects'>;
  timeZone: string;
}

export const caseDocumentsSection = ({ base, state, timeZone }: CaseDocumentsInput): Html => {
  const at = `${base}/breaches/${encodeURIComponent(state.breachId)}`;
  const both = (query: string, label: string): Html =>
    html`${label}: <a class="govuk-link" href="${at}/authority-report?${query}&amp;format=pdf" download>PDF</a>, <a class="govuk-link" href="${at}/authority-report?${query}&amp;format=text" download>text to paste into the authority’s form</a>`;
  const sent = state.authorityReports ?? [];
  const items: Html[] = sent.map((report, index) =>
    both(
      `sent=${index + 1}`,
      `${PHASE_TEXT[report.phase]} to the authority, as sent ${formatInTimeZone(report.submittedAt, timeZone)}${report.reference ? ` (reference ${report.reference})` : ''}`,
    ),
  );
  // A draft of the next report, unless the recorded decision is that the authority is not told.
  if (state.plan?.authority !== false) {
    items.push(
      sent.length === 0
        ? both('phase=initial', 'Draft of the report to the authority')
        : both('phase=follow-up', 'Draft of the next follow-up report to the authority'),
    );
  }
  if ((state.subjects?.listed ?? 0) > 0 && state.plan?.subjects !== false) {
    const draft = state.decisions['notify-subjects'] === undefined;
    items.push(
      html`<a class="govuk-link" href="${at}/letters">${draft ? 'Draft letters to the people affected' : 'Letters to post to the people affected'}</a>`,
    );
  }
  if (publicNoticeApplies(state)) {
    items.push(html`<a class="govuk-link" href="${at}/public-notice" download>Public notice (text)</a>`);
  }
  items.push(html`<a class="govuk-link" href="${at}/board-report" download>Final report to the board (PDF)</a>`);
  return html`<h2 class="govuk-heading-l">Documents</h2>
${paragraph('Each is drawn up from the record; a report once sent is kept exactly as it was sent.')}
<ul class="govuk-list govuk-list--bullet" id="case-documents">${items.map((item) => html`<li>${item}</li>`)}</ul>`;
};
