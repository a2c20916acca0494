import { describe, expect, it } from 'vitest';
import type { BreachEvent } from '../../../functions/domain/events';
import {
  errorPage,
  expiredLinkPage,
  forbiddenPage,
  recordedPage,
  unknownLinkPage,
  usedLinkPage,
} from '../../../functions/pages/outcome-pages';

const decided = {
  breachId: 'BR-7K3M-9QXD-2F8A-1C4T',
  seq: 4,
  type: 'decision-taken',
  at: '2025-07-01T12:00:00.000Z',
  actor: { kind: 'person', name: 'Dana <Officer>', role: 'DPO' },
  data: {
    step: 'decide',
    via: 'link',
    decision: {
      decidedBy: { name: 'Dana <Officer>', role: 'DPO' },
      conclusion: 'authority-only',
      rationale: 'x'.repeat(20),
    },
    plan: { authority: true, subjects: false, controller: false, otherParties: false },
  },
} as unknown as BreachEvent<'decision-taken'>;

describe('outcome pages', () => {
  it('confirms a recorded decision with its reference and what comes next', () => {
    const page = recordedPage({
      step: 'decide',
      breachId: decided.breachId,
      event: decided,
      timeZone: 'Europe/London',
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-panel__title">Decision recorded</h1>');
    expect(page.body).toContain('BR-7K3M-9QXD-2F8A-1C4T');
    expect(page.body).toContain('Notify the supervisory authority only');
    expect(page.body).toContain('recording the report to the supervisory authority');
    expect(page.body).toContain('Tuesday 1 July 2025, 13:00 BST');
    expect(page.body).toContain('Dana &lt;Officer&gt;');
  });

  it.each([
    [unknownLinkPage(), 404, 'This link is not valid'],
    [usedLinkPage(), 410, 'This link has already been used'],
    [expiredLinkPage(), 410, 'A new link will be sent automatically if the step is still waiting'],
    [forbiddenPage(), 403, 'The form could not be accepted'],
    [errorPage({ requestId: 'req-1' }), 500, 'req-1'],
  ])('answers %# with its status and a plain explanation', (page, status, text) => {
    expect(page.statusCode).toBe(status);
    expect(page.body).toContain(text);
    expect(page.body).not.toMatch(/<script|\sstyle=/);
  });

  it('uses the assets path it is given', () => {
    expect(usedLinkPage({ assetsPath: '/v1/assets' }).body).toContain('href="/v1/assets/govuk-frontend.min.css"');
  });
});
