import { formatInTimeZone } from '../domain/clocks';
import type { SimilarIncidentView } from '../domain/review-breach';
import { paragraph } from './components';
import { type Html, html } from './html';

/**
 * The case page's look back: the organisation's earlier breaches like this one, each with what it shares. (The final
 * report to the board is among the case's documents, case-documents.ts.)
 */
export const caseReviewSection = (input: {
  base: string;
  breachId: string;
  similar: readonly SimilarIncidentView[];
  timeZone: string;
}): Html => html`<h2 class="govuk-heading-l">Similar incidents</h2>
${
  input.similar.length > 0
    ? html`<ul class="govuk-list govuk-list--bullet" id="similar-incidents">${input.similar.map(
        (s) =>
          html`<li><a class="govuk-link" href="${input.base}/breaches/${s.breachId}">${s.breachId}</a>, aware ${formatInTimeZone(s.awareAt, input.timeZone)} (${s.status}): shares ${s.shares.join('; ')}</li>`,
      )}</ul>`
    : paragraph('No earlier breach had the same cause, data or team.')
}`;
