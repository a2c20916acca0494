import type { BreachState } from '../domain/state';
import { type SummaryRow, summaryList } from './components';
import { type Html, html } from './html';
import { noticeProgressSection } from './notice-progress';

/**
 * The case page's "People affected": the list's counts and the notices' progress (notice-progress.ts), how the people
 * can be reached (counted from the uploads' records, never from the people themselves), and the way on: add people,
 * then preview the notices on the notify step, where nothing is sent until the person presses "Send".
 */

export interface PeopleAffectedInput {
  base: string;
  state: BreachState;
  /** The person may add people to this breach's list now (their role, and the breach's stage). */
  mayAdd: boolean;
  /** The notify step waits for this person: the preview is theirs to open. */
  mayNotify: boolean;
}

const count = (n: number | undefined): string => (n ?? 0).toLocaleString('en-GB');

export const peopleAffectedSection = (p: PeopleAffectedInput): Html => {
  const { state } = p;
  const caseUrl = `${p.base}/breaches/${state.breachId}`;
  const reach = state.subjects?.reach;
  const channels: SummaryRow[] = reach
    ? [
        { key: 'With an e-mail address', value: count(reach.person.email + reach.person.both) },
        { key: 'By letter only (no e-mail address)', value: count(reach.person.post) },
        {
          key: 'Through a representative (parent, carer, next of kin…)',
          value: `${count(reach.representative.email + reach.representative.post + reach.representative.both)} (${count(reach.representative.email + reach.representative.both)} by e-mail, ${count(reach.representative.post)} by letter only)`,
        },
      ]
    : [];
  return html`<h2 class="govuk-heading-l" id="people-affected">People affected</h2>
${noticeProgressSection({ subjects: state.subjects, sending: state.decisions['notify-subjects'] !== undefined })}
${channels.length > 0 ? html`<h3 class="govuk-heading-m">How they can be reached</h3>${summaryList(channels)}` : undefined}
${
  p.mayAdd || p.mayNotify
    ? html`<ul class="govuk-list">${p.mayAdd ? html`<li><a class="govuk-link" href="${caseUrl}/subjects">Add the people affected</a></li>` : undefined}${p.mayNotify ? html`<li><a class="govuk-link" href="${caseUrl}/decisions/notify-subjects">Preview the notices to the people affected</a></li>` : undefined}</ul>`
    : undefined
}`;
};
