import { describe, expect, it } from 'vitest';
import { CSRF_FIELD, renderDecisionPage } from '../../../functions/pages/decision-page';
import { escapeHtml } from '../../../functions/pages/html';
import { aDecisionView, VIEW_NOW } from '../../support/decision-views';
import { submittedFields } from '../../support/form-fields';

const render = (view = aDecisionView('decide')) =>
  renderDecisionPage({ view, csrfToken: 'the-token', now: VIEW_NOW, assetsPath: '/v1/assets' });

describe('the decision page', () => {
  it('shows a description holding markup as text', () => {
    const page = render(
      aDecisionView('contain', { report: { description: 'Sent <script>alert("x")</script> & "more"' } }),
    );
    expect(page).not.toContain('<script');
    expect(page).toContain('Sent &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;more&quot;');
  });

  it('escapes the policy’s own names too', () => {
    const view = aDecisionView('notify-authority');
    view.policy = {
      ...view.policy,
      supervisoryAuthority: { name: '<img src=x onerror=alert(1)>', reportUrl: 'javascript:alert(1)' },
    };
    const page = render(view);
    expect(page).not.toContain('<img');
    expect(page).not.toContain('href="javascript:');
  });

  it('carries no script and no inline style, and loads the stylesheet from the assets path', () => {
    const page = render();
    expect(page).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    expect(page).toContain('<link rel="stylesheet" href="/v1/assets/govuk-frontend.min.css">');
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB" class="govuk-template">/);
    expect(page).toContain('<span class="govuk-header__service-name">Breachdesk</span>');
  });

  it('embeds the CSRF token in the form and posts back to the same address', () => {
    const page = render();
    expect(page).toContain('<form method="post" novalidate id="decision-form">');
    expect(submittedFields(page).get(CSRF_FIELD)).toBe('the-token');
  });

  it('shows the recommendation with its reasons, factors and ENISA score for the decision on notification', () => {
    const view = aDecisionView('decide', { report: { dataCategories: ['health'] } });
    const page = render(view);
    const assessment = view.state.assessment;
    if (!assessment) throw new Error('no assessment');
    expect(page).toContain('The recommendation');
    expect(page).toContain(`${assessment.enisa.score} (`);
    expect(page).toContain('What raises the risk');
    expect(page).toContain('The full reasoning');
    for (const factor of assessment.factors) expect(page).toContain(escapeHtml(factor.explanation));
  });

  it('does not show the recommendation on other steps', () => {
    expect(render(aDecisionView('contain'))).not.toContain('The recommendation');
  });

  it('shows deadlines in the organisation’s time zone with their status', () => {
    const page = render(aDecisionView('contain', { now: new Date('2025-03-06T10:00:00Z') }));
    expect(page).toContain('Thursday 6 March 2025, 09:00 GMT (Europe/London)');
    expect(page).toContain('govuk-tag--red');
    expect(page).toContain('The deadline “Notification to the supervisory authority” passed');
  });

  it('prefills the person deciding with the DPO, and preselects no decision', () => {
    const view = aDecisionView('decide');
    const fields = submittedFields(render(view));
    expect(fields.get('decidedBy.name')).toBe(view.policy.dpo.name);
    expect(fields.has('conclusion')).toBe(false);
  });

  it('asks what the policy requires: sign-off for RCOT, the DPO consulted and SLT check for the school', () => {
    expect(render(aDecisionView('decide', { preset: 'rcot' }))).toContain('name="signedOffBy.name"');
    expect(render(aDecisionView('decide', { preset: 'generic' }))).not.toContain('name="signedOffBy.name"');
    const school = render(aDecisionView('notify-authority', { preset: 'school' }));
    expect(school).toContain('name="dpoConsultedAt.day"');
    expect(school).toContain('name="qualityCheckedBy.name"');
  });

  it('asks about each party the policy names', () => {
    const page = render(
      aDecisionView('notify-other-parties', { preset: 'generic', overrides: { otherParties: ['insurer', 'board'] } }),
    );
    const fields = submittedFields(page);
    expect(fields.get('parties[0].party')).toBe('insurer');
    expect(fields.get('parties[1].party')).toBe('board');
    expect(page).toContain('Your insurer');
  });
});
