import { formatInTimeZone } from '../domain/clocks';
import type { SimilarIncidentView } from '../domain/review-breach';
import { paragraph } from './components';
import { type Html, html } from './html';

/**
 * The case page's look back: the link to the final report to the board (a PDF drawn up from the record now) and the
 * organisation's earlier breaches like this one, each with what it shares.
 */
export const caseReviewSection = (input: {
  base: string;
  breachId: string;
  similar: readonly SimilarIncidentView[];
  timeZone: string;
}): Html => html`<p class="govuk-body"><a class="govuk-link" href="${input.base}/breaches/${input.breachId}/board-report" download>Final report to the board (PDF)</a></p>
<h3 class="govuk-heading-m">Similar incidents</h3>
${
  input.similar.length > 0
    ? html`<ul class="govuk-list govuk-list--bullet" id="similar-incidents">${input.similar.map(
        (s) =>
          html`<li><a class="govuk-link" href="${input.base}/breaches/${s.breachId}">${s.breachId}</a>, aware ${formatInTimeZone(s.awareAt, input.timeZone)} (${s.status}): shares ${s.shares.join('; ')}</li>`,
      )}</ul>`
    : paragraph('No earlier breach had the same cause, data or team.')
}`;
