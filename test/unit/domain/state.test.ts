import { describe, expect, it } from 'vitest';
import { assessBreach } from '../../../functions/domain/assessment';
import type { BreachEvent, NewEvent } from '../../../functions/domain/events';
import { PRESETS } from '../../../functions/domain/presets';
import {
  applyEvent,
  EmptyEventStreamError,
  EventSequenceGapError,
  EventStreamError,
  FirstEventNotReportedError,
  ForeignEventError,
  foldEvents,
} from '../../../functions/domain/state';
import {
  aChain,
  aFactAmended,
  aReport,
  aReportedEvent,
  aStepFailed,
  aWorkflowStarted,
} from '../../support/event-fixtures';

const reportedOnly = () => aChain('b-1', [aReportedEvent()]);

describe('foldEvents', () => {
  it('opens the state from the reported event', () => {
    // Prepare
    const [reported] = reportedOnly();

    // Act
    const state = foldEvents(reportedOnly());

    // Assess
    expect(state).toEqual({
      breachId: 'b-1',
      organisationId: 'org-1',
      stage: 'reported',
      status: 'open',
      report: aReport(),
      awareAt: '2025-03-03T09:00:00Z',
      reportedAt: '2025-03-03T09:15:00Z',
      channel: 'api',
      policyPreset: 'generic',
      requestHash: 'a'.repeat(64),
      failures: [],
      decisions: {},
      pendingSteps: [],
      alerted: [],
      mailed: [],
      milestones: {},
      version: 1,
      lastHash: reported?.hash,
    });
  });

  it('merges amended facts into the report and moves awareness when it changes', () => {
    const events = aChain('b-1', [
      aReportedEvent(),
      aFactAmended({ approximateSubjects: 40, awareAt: '2025-03-02T18:00:00Z' }),
      aFactAmended({ location: 'Main office' }),
    ]);

    const state = foldEvents(events);

    expect(state.report).toEqual({
      ...aReport(),
      approximateSubjects: 40,
      awareAt: '2025-03-02T18:00:00Z',
      location: 'Main office',
    });
    expect(state.awareAt).toBe('2025-03-02T18:00:00Z');
    expect(state.version).toBe(3);
  });

  it('leaves a fact alone when an amendment carries it as undefined, as storage would drop it', () => {
    const events = aChain('b-1', [
      aReportedEvent(aReport({ location: 'Annex' })),
      aFactAmended({ location: undefined }),
    ]);

    expect(foldEvents(events).report.location).toBe('Annex');
  });

  it('records the execution and every failed step', () => {
    const events = aChain('b-1', [
      aReportedEvent(),
      aWorkflowStarted('arn:aws:states:eu-west-2:123:execution:lifecycle:b-1'),
      aStepFailed('assess', '2025-03-03T10:00:00Z'),
      aStepFailed('notify', '2025-03-03T11:00:00Z'),
    ]);

    const state = foldEvents(events);

    expect(state.executionArn).toBe('arn:aws:states:eu-west-2:123:execution:lifecycle:b-1');
    expect(state.failures).toEqual([
      { step: 'assess', error: 'Lambda.Timeout', at: '2025-03-03T10:00:00Z' },
      { step: 'notify', error: 'Lambda.Timeout', at: '2025-03-03T11:00:00Z' },
    ]);
    expect(state.lastHash).toBe(events[3]?.hash);
  });

  it('steps over event types it does not know, moving only version and head', () => {
    // Prepare: an event written by a newer release.
    const [reported] = reportedOnly();
    if (reported === undefined) throw new Error('no event');
    const future = {
      ...reported,
      type: 'hologram-sent',
      data: { to: 'mars' },
      seq: 2,
      prevHash: reported.hash,
      hash: 'f'.repeat(64),
    } as unknown as BreachEvent;

    // Act
    const state = foldEvents([reported, future]);

    // Assess
    expect(state).toEqual({ ...foldEvents([reported]), version: 2, lastHash: 'f'.repeat(64) });
  });

  it('refuses an empty stream', () => {
    expect(() => foldEvents([])).toThrow(EmptyEventStreamError);
  });

  it('refuses a stream that does not open with reported', () => {
    const events = aChain('b-1', [aStepFailed('x')]);

    expect(() => foldEvents(events)).toThrow(FirstEventNotReportedError);
  });

  it('refuses a gap in the sequence', () => {
    const events = aChain('b-1', [aReportedEvent(), aStepFailed('a'), aStepFailed('b')]);

    const fold = () => foldEvents([events[0], events[2]] as BreachEvent[]);

    expect(fold).toThrow(EventSequenceGapError);
    expect(fold).toThrow(expect.objectContaining({ expectedSeq: 2, seq: 3 }));
  });

  it('refuses a stream that starts after seq 1', () => {
    const events = aChain('b-1', [aReportedEvent(), aStepFailed('a')]);

    expect(() => foldEvents(events.slice(1))).toThrow(EventSequenceGapError);
  });

  it('refuses a second reported event', () => {
    const events = aChain('b-1', [aReportedEvent(), aReportedEvent()]);

    expect(() => foldEvents(events)).toThrow(FirstEventNotReportedError);
  });
});

describe('applyEvent', () => {
  it('leaves the state it was given untouched', () => {
    // Prepare
    const events = aChain('b-1', [aReportedEvent(), aStepFailed('a'), aFactAmended({ approximateSubjects: 1 })]);
    const before = foldEvents(events.slice(0, 1));
    const snapshot = structuredClone(before);

    // Act
    const after = applyEvent(applyEvent(before, events[1] as BreachEvent), events[2] as BreachEvent);

    // Assess
    expect(before).toEqual(snapshot);
    expect(after.failures).toHaveLength(1);
    expect(after.report.approximateSubjects).toBe(1);
  });

  it('gives the same state step by step as the fold', () => {
    const events = aChain('b-1', [aReportedEvent(), aWorkflowStarted('arn'), aStepFailed('a')]);

    const stepwise = events.reduce<ReturnType<typeof foldEvents> | undefined>(applyEvent, undefined);

    expect(stepwise).toEqual(foldEvents(events));
  });

  it('refuses an event of another breach', () => {
    const state = foldEvents(reportedOnly());
    const [, other] = aChain('b-2', [aReportedEvent(), aStepFailed('x')]);

    expect(() => applyEvent(state, other as BreachEvent)).toThrow(ForeignEventError);
    expect(() => applyEvent(state, other as BreachEvent)).toThrow(EventStreamError);
  });
});

describe('unconfirmed notices resolved by a person', () => {
  const system = { kind: 'system', component: 'subject-notices' } as const;
  const dpo = { name: 'Dana Protection', role: 'DPO' };
  const completedWithUnconfirmed = (): NewEvent[] => [
    aReportedEvent(),
    {
      type: 'subjects-added',
      at: '2025-03-04T09:00:00Z',
      actor: system,
      data: { accepted: 120, added: 120, rejected: 0, source: 'json' },
    },
    {
      type: 'subject-notices-completed',
      at: '2025-03-04T10:00:00Z',
      actor: system,
      data: { sent: 70, failed: 0, unconfirmed: 50 },
    },
  ];
  const resolved = (resolution: 'sent' | 'resend'): NewEvent => ({
    type: 'subject-notices-unconfirmed-resolved',
    at: '2025-03-04T11:00:00Z',
    actor: { kind: 'person', ...dpo },
    data: { resolution, resolved: 50, reason: 'SES logs checked.', decidedBy: dpo },
  });

  it('counts people confirmed sent as sent, and none unconfirmed', () => {
    const state = foldEvents(aChain('b-1', [...completedWithUnconfirmed(), resolved('sent')]));

    expect(state.subjects).toMatchObject({ listed: 120, sent: 120, unconfirmed: 0 });
  });

  it('leaves people put back in the queue to the run that sends them', () => {
    const resend = foldEvents(aChain('b-1', [...completedWithUnconfirmed(), resolved('resend')]));
    const sentAgain = foldEvents(
      aChain('b-1', [
        ...completedWithUnconfirmed(),
        resolved('resend'),
        {
          type: 'subject-notices-sent',
          at: '2025-03-04T11:00:05Z',
          actor: system,
          data: { sent: 50, failed: 0, deferred: 0, remaining: 0, unconfirmed: 0 },
        },
      ]),
    );

    expect(resend.subjects).toMatchObject({ sent: 70, unconfirmed: 0 });
    expect(sentAgain.subjects).toMatchObject({ sent: 120, unconfirmed: 0 });
  });
});

describe('the people affected erased after closure', () => {
  const system = { kind: 'system', component: 'subject-notices' } as const;
  const dpo = { name: 'Dana Protection', role: 'DPO' };
  const closedWithPeople = (): NewEvent[] => [
    aReportedEvent(),
    {
      type: 'subjects-added',
      at: '2025-03-04T09:00:00Z',
      actor: system,
      data: { accepted: 150, added: 150, rejected: 0, source: 'json' },
    },
    {
      type: 'subject-notices-completed',
      at: '2025-03-04T10:00:00Z',
      actor: system,
      data: { sent: 150, failed: 0, unconfirmed: 0 },
    },
    { type: 'closed', at: '2025-04-01T09:00:00Z', actor: system, data: {} },
  ];
  const erased = (count: number, remaining: number, at: string): NewEvent => ({
    type: 'subjects-erased',
    at,
    actor: { kind: 'person', ...dpo },
    data: { erased: count, remaining, reason: 'Case closed; retention rule R-7.', decidedBy: dpo },
  });

  it('adds up the people erased across calls and dates the erasure by the call that left nobody', () => {
    const partial = foldEvents(aChain('b-1', [...closedWithPeople(), erased(100, 50, '2025-05-01T09:00:00Z')]));
    const done = foldEvents(
      aChain('b-1', [
        ...closedWithPeople(),
        erased(100, 50, '2025-05-01T09:00:00Z'),
        erased(50, 0, '2025-05-01T09:00:30Z'),
      ]),
    );

    expect(partial.subjects).toMatchObject({ erased: 100 });
    expect(partial.subjects?.erasedAt).toBeUndefined();
    // The notices' counts stay: they say what was done and name nobody.
    expect(done.subjects).toMatchObject({ listed: 150, sent: 150, erased: 150, erasedAt: '2025-05-01T09:00:30Z' });
    expect(done.status).toBe('closed');
  });
});

describe('what meets a clock', () => {
  const system = { kind: 'system', component: 'assessment' } as const;
  const dpo = { name: 'Dana Protection', role: 'DPO' };
  const assessed = (): NewEvent[] => [
    aReportedEvent(),
    {
      type: 'assessment-computed',
      at: '2025-03-03T10:00:00Z',
      actor: system,
      data: { assessment: assessBreach(aReport(), PRESETS.school) },
    },
  ];

  it('leaves the initial assessment and the internal report unmet while only the machine has assessed', () => {
    const state = foldEvents(aChain('b-1', assessed()));

    expect(state.stage).toBe('assessed');
    expect(state.milestones).toEqual({});
  });

  it('meets them when a person decides on the assessment', () => {
    const state = foldEvents(
      aChain('b-1', [
        ...assessed(),
        {
          type: 'decision-taken',
          at: '2025-03-03T12:00:00Z',
          actor: { kind: 'person', ...dpo },
          data: {
            step: 'decide',
            via: 'api',
            decision: {
              decidedBy: dpo,
              conclusion: 'authority-only',
              rationale: 'Names and classes of thirty pupils went to the wrong parent.',
            },
            plan: { authority: true, subjects: false, controller: false, otherParties: false },
          },
        },
      ]),
    );

    expect(state.milestones).toEqual({
      'initial-assessment': '2025-03-03T12:00:00Z',
      'internal-report': '2025-03-03T12:00:00Z',
    });
  });
});
