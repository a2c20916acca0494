import { STEP_TITLES } from '../domain/decisions';
import type { DecisionLinkStatus, DecisionLinkTarget } from '../domain/open-decision-link';
import { paragraph } from './components';
import { type ConsolePageBase, consolePage } from './console-pages';
import { html } from './html';

/**
 * What a signed-in person is told when the decision link they opened is spent: used, expired, replaced by a newer
 * mail, or its breach no longer waiting for the step. Each says that nothing was recorded by opening it, and links to
 * the case; when the breach still waits for the step (the link ran out or was replaced), it links to the step's form
 * too, since a person holding the role can record it there.
 */

type Spent = Exclude<DecisionLinkStatus, 'open'>;

const WORDS: Record<Spent, { title: string; why: string }> = {
  used: {
    title: 'This link has already been used',
    why: 'Each link records one decision, and the decision for this link has been recorded. It stays on the record: if it needs correcting, contact the data protection officer (DPO) or whoever is handling the breach.',
  },
  expired: {
    title: 'This link has expired',
    why: 'Decision links work for a limited time, so that an old e-mail does not lead to a decision taken on an old picture of the breach.',
  },
  superseded: {
    title: 'A newer link has been sent',
    why: 'A more recent e-mail was sent for this step, and only the link in the latest e-mail works.',
  },
  'not-awaited': {
    title: 'This step is not waiting for a decision',
    why: 'The case has moved on: the decision may have been recorded another way, or the case has been closed.',
  },
};

/** 410 for a link that is spent, 409 for a step the breach no longer waits for. */
export const spentLinkStatusCode = (status: Spent): number => (status === 'not-awaited' ? 409 : 410);

export const renderSpentDecisionLink = (p: ConsolePageBase, target: DecisionLinkTarget & { status: Spent }): string => {
  const words = WORDS[target.status];
  const caseUrl = `${p.base}/breaches/${target.breachId}`;
  const content = html`<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<span class="govuk-caption-l">Breach ${target.breachId}: ${STEP_TITLES[target.step]}</span>
<h1 class="govuk-heading-l">${words.title}</h1>
${paragraph(words.why)}
${paragraph('Opening this link has recorded nothing.')}
${
  target.stepAwaited && target.status !== 'used'
    ? paragraph(
        html`The breach is still waiting for this step: <a class="govuk-link" href="${caseUrl}/decisions/${target.step}">record “${STEP_TITLES[target.step]}”</a>.`,
      )
    : undefined
}
${paragraph(html`<a class="govuk-link" href="${caseUrl}">Open breach ${target.breachId}</a>`)}
</div></div>`;
  return consolePage(p, words.title, content);
};
