import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../../functions/domain/events';
import { otherPartiesFor } from '../../../functions/domain/other-parties';
import { PRESETS, type PresetId } from '../../../functions/domain/presets';
import type { BreachReportInput } from '../../../functions/domain/report';
import { at, decisionEvent, PLAN_AUTHORITY, reportedEvents, stateOf } from '../../support/authority-histories';

const partiesOf = (preset: PresetId, overrides: Partial<BreachReportInput> = {}, more: NewEvent[] = []) =>
  otherPartiesFor(stateOf([...reportedEvents(preset, overrides), ...more]), PRESETS[preset]);

describe('other parties to consider', () => {
  it.each([
    ['social-care', ['dspt', 'local-authority', 'insurer', 'legal-adviser', 'ig-team-caldicott-guardian']],
    ['elite-care', ['police', 'board']],
    ['rcot', []],
    ['generic', []],
    ['generic-processor', ['controller']],
    ['school', ['data-sharing-partners', 'court', 'affected-companies', 'ict-provider', 'governors']],
  ] as const)('lists the %s preset’s parties, each pending with the policy’s reason', (preset, expected) => {
    const parties = partiesOf(preset);

    expect(parties.map((p) => p.party)).toEqual(expected);
    for (const item of parties) {
      expect(item.status).toBe('pending');
      expect(item.reasons[0]?.source).toBe('policy');
    }
  });

  it('puts the police first for a malicious breach under the police route, saying why', () => {
    const [first] = partiesOf('elite-care', { malicious: 'yes', cause: { category: 'stolen-device' } });

    expect(first?.party).toBe('police');
    expect(first?.reasons.map((r) => r.source)).toEqual(['facts', 'policy']);
  });

  it('adds the police when the decision says they are told, under any preset', () => {
    const decide = decisionEvent(
      'decide',
      20,
      {
        conclusion: 'authority-only',
        rationale: 'A laptop was stolen from a car; the theft is a crime.',
        police: { report: true, reason: 'Theft of the laptop' },
      },
      PLAN_AUTHORITY,
    );
    const parties = partiesOf('rcot', {}, [decide]);

    expect(parties).toEqual([
      {
        party: 'police',
        reasons: [{ source: 'decision', text: 'The decision says the police are told: Theft of the laptop' }],
        status: 'pending',
      },
    ]);
  });

  it('explains the ICT provider for a lost device at the school', () => {
    const ict = partiesOf('school', { cause: { category: 'lost-device' } }).find((p) => p.party === 'ict-provider');

    expect(ict?.reasons.map((r) => r.source)).toEqual(['policy', 'facts']);
    expect(ict?.reasons[1]?.text).toContain('A device was lost');
  });

  it('adds the controller when the organisation is processor for the breach', () => {
    const parties = partiesOf('generic', {
      organisationRole: { role: 'processor', controller: { name: 'Acme Trust', email: 'dpo@acme.example' } },
    });

    expect(parties.map((p) => p.party)).toEqual(['controller']);
    expect(parties[0]?.reasons[0]?.text).toContain('Acme Trust');
  });

  it('tracks who was told, when and with what reference, and who was not, with the note', () => {
    const parties = partiesOf('social-care', {}, [
      decisionEvent('notify-other-parties', 40, {
        parties: [
          { party: 'local-authority', told: true, at: at(39), reference: 'LA-5' },
          { party: 'insurer', told: false, note: 'No claim expected.' },
        ],
      }),
    ]);

    expect(parties.map(({ reasons: _r, ...rest }) => rest)).toEqual([
      { party: 'dspt', status: 'pending' },
      { party: 'local-authority', status: 'told', recordedFrom: 'decision', at: at(39), reference: 'LA-5' },
      { party: 'insurer', status: 'not-told', note: 'No claim expected.' },
      { party: 'legal-adviser', status: 'pending' },
      { party: 'ig-team-caldicott-guardian', status: 'pending' },
    ]);
  });

  it('counts the police as told when the report says so, with the crime reference', () => {
    const [police] = partiesOf('elite-care', { police: { informed: true, crimeReference: 'CR-99' } });

    expect(police).toMatchObject({ party: 'police', status: 'told', recordedFrom: 'report', reference: 'CR-99' });
  });
});
