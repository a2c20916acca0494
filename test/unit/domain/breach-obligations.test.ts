import { describe, expect, it } from 'vitest';
import {
  breachObligationStatus,
  breachObligations,
  obligationMarks,
  obligationStatus,
  primaryObligation,
} from '../../../functions/domain/breach-obligations';
import { scheduleFor } from '../../../functions/domain/clocks';
import { buildDeadlineAlertMail } from '../../../functions/domain/mail/deadline-alert';
import { buildObligationReport } from '../../../functions/domain/obligation-report';
import { DEFAULT_CLOCKS } from '../../../functions/domain/policy';
import { PRESET_IDS, presetPolicy } from '../../../functions/domain/presets';
import { aReport } from '../../support/reports';

const AWARE = '2026-03-02T09:00:00.000Z';
const hoursAfter = (hours: number) => new Date(Date.parse(AWARE) + hours * 3_600_000).toISOString();

describe('a breach’s obligations', () => {
  it('adds no marks to any preset’s breach with people in the UK: the presets run the clocks they always ran', () => {
    for (const id of PRESET_IDS) {
      const policy = presetPolicy(id);
      const obligations = breachObligations({ awareAt: AWARE, report: aReport() }, policy);
      expect(primaryObligation(obligations, policy)?.authority?.id, id).toBe('ico');
      expect(obligationMarks(obligations, primaryObligation(obligations, policy)?.id), id).toEqual([]);
    }
  });

  it('adds each other authority’s warnings and mark beside the policy clocks', () => {
    const DPC = 'eu-gdpr-art-33@dpc-ie/notification';
    const policy = presetPolicy('generic');
    const report = aReport({ peopleIn: [{ place: 'GB' }, { place: 'IE' }] });
    const obligations = breachObligations({ awareAt: AWARE, report }, policy);
    const marks = obligationMarks(obligations, primaryObligation(obligations, policy)?.id);
    expect(marks).toEqual([
      { at: hoursAfter(66), clockId: DPC, kind: 'warning', hoursBefore: 6, dueAt: hoursAfter(72) },
      { at: hoursAfter(71), clockId: DPC, kind: 'warning', hoursBefore: 1, dueAt: hoursAfter(72) },
      { at: hoursAfter(72), clockId: DPC, kind: 'deadline', dueAt: hoursAfter(72) },
    ]);
    expect(scheduleFor(AWARE, DEFAULT_CLOCKS).every((m) => !m.clockId.includes('/'))).toBe(true);
  });

  it('stands the obligations down when the decision is that no notification is needed, but keeps PECR', () => {
    const policy = presetPolicy('generic', {
      jurisdiction: { establishments: ['GB'], sectors: ['electronic-communications'] },
    });
    const report = aReport({ peopleIn: [{ place: 'GB' }, { place: 'IE' }] });
    const ids = breachObligations({ awareAt: AWARE, report, conclusion: 'no-notification' }, policy).map(
      (o) => o.ruleId,
    );
    expect(ids).toEqual(['pecr-reg-5a']);
  });

  it('says per stage whether it was met, met late, missed or pending', () => {
    const policy = presetPolicy('generic');
    const obligations = breachObligations(
      { awareAt: AWARE, report: aReport({ peopleIn: [{ place: 'GB' }, { place: 'IE' }] }) },
      policy,
    );
    const status = obligationStatus(
      obligations,
      { 'uk-gdpr-art-33@ico/notification': hoursAfter(10) },
      new Date(hoursAfter(80)),
    );
    expect(status.map((o) => o.stages[0]?.status)).toEqual(['met', 'missed']);
  });
});

describe('each obligation in the record', () => {
  it('counts the ICO met when the authority clock is, and another authority met when its stage was sent', () => {
    const state = {
      awareAt: AWARE,
      report: aReport({ peopleIn: [{ place: 'GB' }, { place: 'IE' }, { place: 'DE-BE' }] }),
      decisions: {},
      milestones: { authority: hoursAfter(20) },
      obligationsSent: { 'eu-gdpr-art-33@dpc-ie/notification': hoursAfter(75) },
    };
    const status = breachObligationStatus(state, presetPolicy('generic'), new Date(hoursAfter(80)));
    expect(status.map((o) => [o.id, o.stages[0]?.status])).toEqual([
      ['uk-gdpr-art-33@ico', 'met'],
      ['eu-gdpr-art-33@dpc-ie', 'met-late'],
      ['eu-gdpr-art-33@bln-bfdi-be', 'missed'],
    ]);
  });
});

describe('an obligation’s alert and report', () => {
  const policy = presetPolicy('generic', {
    jurisdiction: { establishments: ['DE-HE'], sectors: ['financial-entity'] },
  });
  const report = aReport({ peopleIn: [{ place: 'DE' }], incident: { doraMajor: true, classifiedAt: AWARE } });
  const dora = breachObligations({ awareAt: AWARE, report }, policy).find((o) => o.ruleId === 'dora-art-19');

  it('names the stage, the law and the authority in the alert', () => {
    const stage = dora?.stages[0];
    const mail = buildDeadlineAlertMail({
      breachId: 'BR-1',
      policy,
      mark: 'warning',
      deadline: { clockId: stage?.key ?? '', label: `${stage?.label} (DORA) to BaFin`, dueAt: hoursAfter(4) },
      now: hoursAfter(3),
      breachUrl: 'https://breachdesk.test/b/BR-1',
    });
    expect(mail.subject).toContain('1 hour left – DORA initial notification (DORA) to BaFin');
    expect(mail.text).toContain('Send this report to the authority named');
  });

  it('follows the DORA stage’s structure and flags a German-speaking authority', () => {
    const stage = dora?.stages[0];
    if (!dora || !stage) throw new Error('no DORA obligation');
    const content = buildObligationReport({
      obligation: dora,
      stage,
      report,
      dpo: { name: 'Dana Protection', email: 'dpo@bank.example' },
      now: new Date(hoursAfter(2)),
    });
    expect(content.sections.map((s) => s.heading)).toEqual([
      'Incident',
      'Clients and data affected',
      'Impact',
      'Recovery actions',
      'Contact',
      'Legal basis',
    ]);
    expect(content.translationNeeded).toBe(true);
    expect(content.sections.at(-1)?.text).toContain('Regulation (EU) 2022/2554 Art. 19(4)');
  });
});
