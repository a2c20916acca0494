import type { BreachEvent, NewEvent } from '../../functions/domain/events';
import { chainHash, genesisHash } from '../../functions/domain/hash-chain';
import type { BreachReport } from '../../functions/domain/report';

/** A complete, valid report: a misdirected e-mail with a pupil list attached. */
export const aReport = (overrides: Partial<BreachReport> = {}): BreachReport => ({
  reporter: { anonymised: false, name: 'Sam Reporter', email: 'sam@example.org', role: 'teacher' },
  organisationRole: { role: 'controller' },
  occurred: { kind: 'at', at: '2025-03-03T08:30:00Z' },
  awareAt: '2025-03-03T09:00:00Z',
  discovery: { channel: 'staff' },
  description: 'A class list was e-mailed to the wrong parent.',
  breachTypes: ['confidentiality'],
  cause: { category: 'misdirected-email' },
  dataCategories: ['basic-identifiers', 'contact-details'],
  subjectCategories: ['pupils-or-students'],
  approximateSubjects: 28,
  approximateRecords: 28,
  protection: { kind: 'none' },
  containment: { contained: false },
  recovery: 'unknown',
  recipient: 'trusted',
  malicious: 'no',
  police: { informed: false },
  thirdPartyData: { involved: false },
  responsibleRole: 'staff',
  ...overrides,
});

export const aReportedEvent = (report: BreachReport = aReport()): NewEvent<'reported'> => ({
  type: 'reported',
  at: '2025-03-03T09:15:00Z',
  actor: { kind: 'api-client', organisationId: 'org-1' },
  data: { report, channel: 'api', requestHash: 'a'.repeat(64), policyPreset: 'generic' },
});

export const aStepFailed = (step: string, at = '2025-03-03T10:00:00Z'): NewEvent<'step-failed'> => ({
  type: 'step-failed',
  at,
  actor: { kind: 'system', component: 'workflow' },
  data: { step, error: 'Lambda.Timeout' },
});

export const aWorkflowStarted = (executionArn: string): NewEvent<'workflow-started'> => ({
  type: 'workflow-started',
  at: '2025-03-03T09:16:00Z',
  actor: { kind: 'system', component: 'intake' },
  data: { executionArn },
});

export const aFactAmended = (
  changes: Partial<BreachReport>,
  at = '2025-03-03T11:00:00Z',
): NewEvent<'fact-amended'> => ({
  type: 'fact-amended',
  at,
  actor: { kind: 'person', name: 'Dee Pio', role: 'DPO' },
  data: { changes, reason: 'corrected after interview' },
});

/** Seals new events into a valid chain, as the repository would store them. */
export const aChain = (breachId: string, events: readonly NewEvent[], organisationId = 'org-1'): BreachEvent[] => {
  const sealed: BreachEvent[] = [];
  for (const event of events) {
    const previous = sealed.at(-1);
    const unsealed = {
      ...event,
      breachId,
      organisationId,
      seq: sealed.length + 1,
      prevHash: previous === undefined ? genesisHash(breachId) : previous.hash,
    };
    sealed.push({ ...unsealed, hash: chainHash(unsealed) });
  }
  return sealed;
};
