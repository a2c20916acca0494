import type { BreachState } from '../domain/state';
import { paragraph, type SummaryRow, summaryList } from './components';
import { type Html, html } from './html';

/**
 * The case page's "People affected": how many are on the list and how each can be reached (counted from the
 * uploads' records, never from the people themselves), how many were told, and the way on: add people, then preview
 * the notices on the notify step, where nothing is sent until the person presses "Send".
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
  const subjects = state.subjects;
  const caseUrl = `${p.base}/breaches/${state.breachId}`;
  const reach = subjects?.reach;
  const rows: SummaryRow[] = subjects
    ? [
        { key: 'On the list', value: count(Math.max(0, subjects.listed - (subjects.erased ?? 0))) },
        ...(reach
          ? [
              { key: 'With an e-mail address', value: count(reach.person.email + reach.person.both) },
              { key: 'By letter only (no e-mail address)', value: count(reach.person.post) },
              {
                key: 'Through a representative (parent, carer, next of kin…)',
                value: `${count(reach.representative.email + reach.representative.post + reach.representative.both)} (${count(reach.representative.email + reach.representative.both)} by e-mail, ${count(reach.representative.post)} by letter only)`,
              },
            ]
          : []),
        { key: 'Told', value: count(subjects.sent) },
        { key: 'Failed', value: count(subjects.failed) },
        { key: 'Unconfirmed', value: count(subjects.unconfirmed) },
      ]
    : [];
  return html`<h2 class="govuk-heading-l" id="people-affected">People affected</h2>
${rows.length > 0 ? summaryList(rows) : paragraph('Nobody affected has been listed to be told.')}
${
  p.mayAdd || p.mayNotify
    ? html`<ul class="govuk-list">${p.mayAdd ? html`<li><a class="govuk-link" href="${caseUrl}/subjects">Add the people affected</a></li>` : undefined}${p.mayNotify ? html`<li><a class="govuk-link" href="${caseUrl}/decisions/notify-subjects">Preview the notices to the people affected</a></li>` : undefined}</ul>`
    : undefined
}`;
};
