import { describe, expect, it } from 'vitest';
import { CSRF_FIELD } from '../../../functions/pages/forms';
import { escapeHtml } from '../../../functions/pages/html';
import { aDecisionView, BREACH_ID, mainOf, renderStepForm } from '../../support/decision-views';
import { submittedFields } from '../../support/form-fields';

const render = (view = aDecisionView('decide')) => renderStepForm(view);

describe('a step’s form in the console', () => {
  it('carries no script and no inline style, and loads the stylesheet from the assets path', () => {
    const page = render();
    expect(page).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    expect(page).toContain('<link rel="stylesheet" href="/v1/assets/govuk-frontend.min.css">');
  });

  it('posts to the step’s address with the session’s anti-forgery token', () => {
    const main = mainOf(render());
    expect(main).toContain(
      `<form method="post" novalidate action="/v1/console/breaches/${BREACH_ID}/decisions/decide">`,
    );
    expect(submittedFields(main).get(CSRF_FIELD)).toBe('the-token');
  });

  it('asks nobody who decides and says whose name the decision is recorded in', () => {
    const page = render();
    expect(page).not.toContain('name="decidedBy.');
    expect(page).toContain('This decision is recorded as taken by Dana Protection, Data Protection Officer.');
  });

  it('shows the recommendation with its reasons, factors and ENISA score for the decision on notification', () => {
    const view = aDecisionView('decide', { report: { dataCategories: ['health'] } });
    const page = render(view);
    const assessment = view.state.assessment;
    if (!assessment) throw new Error('no assessment');
    expect(page).toContain('The recommendation');
    expect(page).toContain(`${assessment.enisa.score} (`);
    expect(page).toContain('What raises the risk');
    for (const factor of assessment.factors) expect(page).toContain(escapeHtml(factor.explanation));
  });

  it('does not show the recommendation on other steps', () => {
    expect(render(aDecisionView('contain'))).not.toContain('The recommendation');
  });

  it('asks what the policy requires: the DPO consulted and SLT check for the school', () => {
    const school = render(aDecisionView('notify-authority', { preset: 'school' }));
    expect(school).toContain('name="dpoConsultedAt.day"');
    expect(school).toContain('name="qualityCheckedBy.name"');
    expect(render(aDecisionView('notify-authority', { preset: 'generic' }))).not.toContain('name="dpoConsultedAt.day"');
  });

  it('asks about each party the policy names', () => {
    const page = mainOf(
      render(
        aDecisionView('notify-other-parties', { preset: 'generic', overrides: { otherParties: ['insurer', 'board'] } }),
      ),
    );
    const fields = submittedFields(page);
    expect(fields.get('parties[0].party')).toBe('insurer');
    expect(fields.get('parties[1].party')).toBe('board');
    expect(page).toContain('Your insurer');
  });
});
