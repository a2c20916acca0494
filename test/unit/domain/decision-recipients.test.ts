import { describe, expect, it } from 'vitest';
import { consoleCaseUrl } from '../../../functions/domain/console-links';
import { decisionRecipients } from '../../../functions/domain/decision-recipients';
import { buildActionReminderMail } from '../../../functions/domain/mail/action-reminder';
import { buildControllerAddressMissingMail } from '../../../functions/domain/mail/controller-address-missing';
import { buildDeadlineAlertMail } from '../../../functions/domain/mail/deadline-alert';
import { buildDecisionRequestMails, type DecisionStep } from '../../../functions/domain/mail/decision-request';
import type { MailMessage } from '../../../functions/domain/mail/message';
import { buildNewBreachMail } from '../../../functions/domain/mail/new-breach';
import { buildRevisionRequestMail } from '../../../functions/domain/mail/revision-request';
import { buildStepFailedMail } from '../../../functions/domain/mail/step-failed';
import { buildWorkflowEndedMail } from '../../../functions/domain/mail/workflow-ended';
import { presetPolicy } from '../../../functions/domain/presets';
import { type Role, stepAuthority } from '../../../functions/domain/roles';
import type { User } from '../../../functions/domain/users';
import { aReport } from '../../support/event-fixtures';

const BASE = 'https://breachdesk.example.org';
const BREACH = 'BR-2026-ABCD';
const SECRET_LINK = `${BASE}/console/decisions/${'s'.repeat(43)}`;
const school = presetPolicy('school', {
  dpo: { name: 'Dana Protection', email: 'dpo@school.example.org', role: 'DPO' },
});
const rcot = presetPolicy('rcot', { dpo: { name: 'Dana Protection', email: 'dpo@rcot.example.org', role: 'DPO' } });

const person = (id: string, roles: Role[], extra: Partial<User> = {}): User => ({
  id: `usr_${id}-000000`,
  organisationId: 'st-clares',
  name: id,
  email: `${id}@school.example.org`,
  roles,
  ...extra,
});
const AWAY = { from: '2026-12-01T00:00:00Z', until: '2026-12-08T00:00:00Z' };
const DURING = '2026-12-04T12:00:00Z';
const AFTER = '2026-12-08T00:00:00Z';
const dpo = person('dpo', ['dpo'], { away: AWAY });
const deputy = person('deputy', ['deputy-dpo']);

describe('who receives what while the DPO is away', () => {
  it('addresses the policy’s DPO when nobody is away, exactly as the policy alone does', () => {
    expect(decisionRecipients('deadline-warning', school, { people: [deputy], at: DURING })).toEqual({
      to: ['dpo@school.example.org'],
      cc: ['slt@school.example.org'],
      deciders: [],
    });
  });

  it('sends the clock alert to the deputy while every DPO is away, with the DPO in copy', () => {
    const got = decisionRecipients('deadline-missed', school, { people: [dpo, deputy], at: DURING });
    expect(got.to).toEqual(['deputy@school.example.org']);
    expect(got.cc).toEqual(['dpo@school.example.org', 'slt@school.example.org']);
    expect(got.standingIn).toEqual({ until: AWAY.until, by: 'deputy data protection officer' });
  });

  it('goes back to the DPO the moment the absence ends', () => {
    expect(decisionRecipients('deadline-missed', school, { people: [dpo, deputy], at: AFTER }).to).toEqual([
      'dpo@school.example.org',
    ]);
  });

  it('stays with the DPOs while one of several is present', () => {
    const other = person('other', ['dpo']);
    expect(decisionRecipients('deadline-missed', school, { people: [dpo, other, deputy], at: DURING }).to).toEqual([
      'dpo@school.example.org',
    ]);
  });

  it('falls to the school’s SLT when there is no deputy present, and to the DPO when there is nobody at all', () => {
    const deputyAway = person('deputy', ['deputy-dpo'], { away: AWAY });
    const deactivated = person('former', ['deputy-dpo'], { deactivatedAt: '2026-11-01T00:00:00Z' });
    expect(
      decisionRecipients('deadline-warning', school, { people: [dpo, deputyAway, deactivated], at: DURING }),
    ).toMatchObject({ to: ['slt@school.example.org'], standingIn: { by: 'senior leadership team' } });
    const generic = presetPolicy('generic', { dpo: { name: 'D', email: 'dpo@g.example.org', role: 'DPO' } });
    expect(decisionRecipients('deadline-warning', generic, { people: [dpo], at: DURING }).to).toEqual([
      'dpo@g.example.org',
    ]);
  });
});

describe('who is sent the link that records a decision', () => {
  const governor = person('gail', ['governors']);
  const headReport = aReport({ responsibleRole: 'head' } as never);

  it('gives the DPO’s steps to the DPO desk, the copy going without the link', () => {
    const got = decisionRecipients('decision-request', school, {
      people: [dpo, deputy],
      at: DURING,
      deciderRoles: stepAuthority('contain', school, aReport()).roles,
    });
    expect(got.deciders).toEqual(['deputy@school.example.org']);
    expect(got.cc).toContain('dpo@school.example.org');
  });

  it('gives the decision on a breach caused by the head to the governors alone', () => {
    const roles = stepAuthority('decide', school, headReport).roles;
    const got = decisionRecipients('decision-request', school, {
      people: [person('dpo', ['dpo']), governor],
      at: DURING,
      responsibleRole: 'head',
      deciderRoles: roles,
    });
    expect(got.deciders).toEqual(['gail@school.example.org', 'governors@school.example.org']);
    expect(got.to).toEqual(got.deciders);
    expect(got.cc).toEqual(['dpo@school.example.org', 'slt@school.example.org']);
  });

  it('gives RCOT’s notification decision to senior management', () => {
    const roles = stepAuthority('decide', rcot, aReport()).roles;
    const got = decisionRecipients('decision-request', rcot, { people: [], deciderRoles: roles });
    expect(got.deciders).toEqual(['senior-management@rcot.example.org']);
    expect(got.cc).toEqual(['dpo@rcot.example.org']);
  });
});

const linksOf = (mail: MailMessage): string[] => [...mail.text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);

describe('the links in every mail', () => {
  const caseUrl = consoleCaseUrl(BASE, BREACH);

  const requestMails = (step: DecisionStep, policy = school, responsibleRole?: 'head') =>
    buildDecisionRequestMails({
      breachId: BREACH,
      policy,
      url: SECRET_LINK,
      expiresAt: '2026-12-07T00:00:00Z',
      requestedAt: DURING,
      breachUrl: caseUrl,
      context: {
        people: [person('dpo', ['dpo']), person('gail', ['governors'])],
        at: DURING,
        ...(responsibleRole ? { responsibleRole } : {}),
        deciderRoles: stepAuthority(step, policy, aReport(responsibleRole ? ({ responsibleRole } as never) : {})).roles,
      },
      ...(step === 'decide'
        ? { step, recommendation: { conclusion: 'authority-only' as const, rationale: 'health data' } }
        : { step: step as Exclude<DecisionStep, 'decide'> }),
    } as Parameters<typeof buildDecisionRequestMails>[0]);

  it('sends the governors the decision link and tells the DPO and SLT without it', () => {
    const { request, notice } = requestMails('decide', school, 'head');
    expect(request.to).toEqual(['gail@school.example.org', 'governors@school.example.org']);
    expect(request.cc).toBeUndefined();
    expect(linksOf(request)).toEqual([SECRET_LINK]);
    expect(notice?.to).toEqual(['dpo@school.example.org', 'slt@school.example.org']);
    expect(notice?.text).toContain('for the governors to take');
    // The notice carries the case page and nothing that records the step.
    expect(linksOf(notice as MailMessage)).toEqual([caseUrl]);
    expect(notice?.html).not.toContain('/decisions/');
  });

  it('sends the DPO the containment link and the SLT a notice without it', () => {
    const { request, notice } = requestMails('contain');
    expect(request.to).toEqual(['dpo@school.example.org']);
    expect(linksOf(request)).toContain(SECRET_LINK);
    expect(notice?.to).toEqual(['slt@school.example.org']);
    expect(`${notice?.text}${notice?.html}`).not.toContain(SECRET_LINK);
  });

  it('points every “Open the breach” at the console’s case page', () => {
    const policy = school;
    const built: MailMessage[] = [
      buildNewBreachMail({
        breach: { breachId: BREACH, report: aReport(), reportedAt: DURING, channel: 'form' },
        policy,
        breachUrl: caseUrl,
      }),
      buildDeadlineAlertMail({
        breachId: BREACH,
        policy,
        mark: 'missed',
        deadline: { clockId: 'authority', label: 'Report to the ICO', dueAt: DURING },
        now: AFTER,
        breachUrl: caseUrl,
      }),
      buildStepFailedMail({ breachId: BREACH, policy, step: 'Assess', failedAt: DURING, breachUrl: caseUrl }),
      buildWorkflowEndedMail({
        breachId: BREACH,
        policy,
        status: 'FAILED',
        endedAt: DURING,
        executionArn: 'arn:aws:states:eu-west-2:123456789012:execution:x:y',
        awareAt: DURING,
        breachUrl: caseUrl,
      }),
      buildRevisionRequestMail({
        breachId: BREACH,
        policy,
        decidedConclusion: 'no-notification',
        recommendedConclusion: 'authority-only',
        amendmentReason: 'More records were found.',
        breachUrl: caseUrl,
      }),
      buildControllerAddressMissingMail({
        breachId: BREACH,
        policy,
        controller: { name: 'Acme' },
        at: DURING,
        breachUrl: caseUrl,
      }),
      buildActionReminderMail({
        breachId: BREACH,
        policy,
        action: {
          actionId: 'act-1',
          title: 'Train staff',
          owner: { name: 'Sam' },
          source: 'recommendation',
          dueAt: AFTER,
        },
        kind: 'overdue',
        breachUrl: caseUrl,
      } as Parameters<typeof buildActionReminderMail>[0]),
    ];
    for (const mail of built) {
      expect(mail.text, mail.subject).toContain(`Open the breach:\n${caseUrl}`);
      expect(
        linksOf(mail).every((link) => link === caseUrl),
        mail.subject,
      ).toBe(true);
    }
    expect(caseUrl).toBe(`${BASE}/console/breaches/${BREACH}`);
  });
});
