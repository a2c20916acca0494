import { describe, expect, it } from 'vitest';
import { core } from 'zod/mini';
import { DUTIES, ICO, OTHER_PARTIES, organisationPolicySchema } from '../../../functions/domain/policy';
import {
  deepMerge,
  InvalidPolicyError,
  isPresetId,
  PRESET_DESCRIPTIONS,
  PRESET_IDS,
  PRESETS,
  type PresetId,
  presetPolicy,
} from '../../../functions/domain/presets';

const invalidPolicyError = (fn: () => unknown): InvalidPolicyError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidPolicyError) return error;
    throw error;
  }
  throw new Error('expected an InvalidPolicyError');
};

describe('PRESETS', () => {
  it('holds exactly the listed ids, each described on one line', () => {
    expect(Object.keys(PRESETS).sort()).toEqual([...PRESET_IDS].sort());
    expect(Object.keys(PRESET_DESCRIPTIONS).sort()).toEqual([...PRESET_IDS].sort());
    for (const id of PRESET_IDS) expect(PRESET_DESCRIPTIONS[id]).toMatch(/^[^\n]{20,160}$/);
  });

  it.each(PRESET_IDS)('%s validates against the policy schema and names itself', (id) => {
    const reparsed = organisationPolicySchema.safeParse(PRESETS[id]);
    expect(reparsed.success ? [] : reparsed.error.issues).toEqual([]);
    expect(PRESETS[id].preset).toBe(id);
  });

  it.each(PRESET_IDS)('%s reports to the ICO within 72 elapsed hours and shows times in Europe/London', (id) => {
    const policy = PRESETS[id];
    expect(policy.supervisoryAuthority).toEqual(ICO);
    expect(policy.timeZone).toBe('Europe/London');
    expect(policy.clocks.find((clock) => clock.id === 'authority')?.hours).toBe(72);
  });

  it('uses placeholder example.org contacts except the DPO RCOT publishes in its policy', () => {
    for (const id of PRESET_IDS) {
      const emails = [PRESETS[id].dpo.email, ...PRESETS[id].escalation.map((contact) => contact.email)];
      const expected = id === 'rcot' ? emails.slice(1) : emails;
      for (const email of expected) expect(email).toMatch(/@([a-z-]+\.)?example\.org$/);
    }
    expect(PRESETS.rcot.dpo).toEqual({
      name: 'Trevor White',
      email: 'gdpr@rcot.co.uk',
      phone: '07384 258772',
      role: 'Data Protection Officer',
    });
  });

  it('uses every duty and every other party in at least one preset', () => {
    const duties = new Set(PRESET_IDS.flatMap((id) => PRESETS[id].duties));
    const parties = new Set(PRESET_IDS.flatMap((id) => PRESETS[id].otherParties));
    expect(DUTIES.filter((duty) => !duties.has(duty))).toEqual([]);
    expect(OTHER_PARTIES.filter((party) => !parties.has(party))).toEqual([]);
  });

  it('runs the social care guide through the DSPT and tells vulnerable people through a representative', () => {
    const policy = PRESETS['social-care'];
    expect(policy.sector).toBe('social-care');
    expect(policy.duties).toEqual(
      expect.arrayContaining(['dspt-report', 'notify-through-representative', 'change-property-access-codes']),
    );
    expect(policy.otherParties).toEqual(
      expect.arrayContaining(['dspt', 'local-authority', 'insurer', 'legal-adviser']),
    );
  });

  it('gives Elite Care the police route, subjects told in all cases and a report to the board', () => {
    const policy = PRESETS['elite-care'];
    expect(policy.duties).toEqual(
      expect.arrayContaining([
        'police-route',
        'inform-subjects-always',
        'document-decision-not-to-report',
        'final-report-to-board',
      ]),
    );
    expect(policy.otherParties).toEqual(expect.arrayContaining(['police', 'board']));
    expect(policy.clocks.find((clock) => clock.id === 'initial-assessment')?.hours).toBe(24);
  });

  it('gives RCOT senior-management sign-off and a written acknowledgement from the authority', () => {
    expect(PRESETS.rcot.duties).toEqual(
      expect.arrayContaining(['senior-management-sign-off', 'authority-acknowledgement']),
    );
    expect(PRESETS.rcot.escalation.map((contact) => contact.group)).toEqual(['senior-management']);
  });

  it('expresses the generic procedure both as controller and as processor', () => {
    expect(PRESETS.generic.role).toBe('controller');
    expect(PRESETS.generic.duties).not.toContain('notify-controller');
    expect(PRESETS['generic-processor'].role).toBe('processor');
    expect(PRESETS['generic-processor'].duties).toContain('notify-controller');
    expect(PRESETS['generic-processor'].otherParties).toContain('controller');
  });

  it('runs the school on levels 0–4, escalating to SLT always and to governors when the head is responsible', () => {
    const policy = PRESETS.school;
    expect(policy.severityScale).toBe('levels-0-4');
    expect(policy.escalation.map(({ group, when }) => ({ group, when }))).toEqual([
      { group: 'slt', when: 'always' },
      { group: 'governors', when: 'head-responsible' },
    ]);
    expect([...policy.duties].sort()).toEqual(
      [
        'dpo-consulted-before-authority',
        'slt-quality-check',
        'closure-after-authority-actions',
        'document-decision-not-to-report',
        'final-report-to-board',
        'ict-provider-for-lost-devices',
      ].sort(),
    );
    expect([...policy.otherParties].sort()).toEqual(
      ['data-sharing-partners', 'court', 'affected-companies', 'ict-provider', 'governors'].sort(),
    );
    expect(policy.clocks.find((clock) => clock.id === 'internal-report')?.hours).toBe(48);
  });

  it('uses the school severity scale only for the school', () => {
    expect(PRESET_IDS.filter((id) => PRESETS[id].severityScale === 'levels-0-4')).toEqual(['school']);
  });

  it('cannot be changed through the shared object', () => {
    expect(() => {
      (PRESETS.school.duties as string[]).push('dspt-report');
    }).toThrow(TypeError);
    expect(() => {
      PRESETS.rcot.dpo.email = 'someone@example.org';
    }).toThrow(TypeError);
    expect(PRESETS.rcot.dpo.email).toBe('gdpr@rcot.co.uk');
  });
});

describe('presetPolicy', () => {
  it('returns a fresh copy of the preset when there are no overrides', () => {
    for (const id of PRESET_IDS) {
      const policy = presetPolicy(id);
      expect(policy).toEqual(PRESETS[id]);
      expect(policy).not.toBe(PRESETS[id]);
      const shared = PRESETS[id].otherParties.length;
      policy.otherParties.push('insurer');
      expect(PRESETS[id].otherParties).toHaveLength(shared);
    }
  });

  it('merges nested overrides field by field, keeping what is not overridden', () => {
    const policy = presetPolicy('school', {
      dpo: { name: 'Pat Deputy' },
      timeZone: 'Europe/Dublin',
      decisionLinkHours: 24,
    });
    expect(policy.dpo).toEqual({ ...PRESETS.school.dpo, name: 'Pat Deputy' });
    expect(policy.timeZone).toBe('Europe/Dublin');
    expect(policy.decisionLinkHours).toBe(24);
    expect(policy.escalation).toEqual(PRESETS.school.escalation);
  });

  it('replaces lists whole rather than merging them by position', () => {
    const policy = presetPolicy('school', {
      clocks: [{ id: 'authority', label: 'ICO', hours: 48, warnBeforeHours: [12] }],
      otherParties: ['court', 'ict-provider'],
    });
    expect(policy.clocks).toEqual([{ id: 'authority', label: 'ICO', hours: 48, warnBeforeHours: [12] }]);
    expect(policy.otherParties).toEqual(['court', 'ict-provider']);
  });

  it('turns the generic controller preset into a processor when the duty comes with the role', () => {
    const policy = presetPolicy('generic', {
      role: 'processor',
      duties: ['notify-controller'],
      otherParties: ['controller'],
    });
    expect(policy.role).toBe('processor');
  });

  it('throws InvalidPolicyError with the ZodError as cause and field-level issues for an invalid override', () => {
    const error = invalidPolicyError(() => presetPolicy('generic', { role: 'processor' }));
    expect(error.cause).toBeInstanceOf(core.$ZodError);
    expect(error.name).toBe('InvalidPolicyError');
    expect(error.issues).toEqual([{ path: 'duties', message: expect.stringMatching(/notify-controller/) }]);
    expect(error.message).toMatch(/^preset 'generic' with overrides is not a valid policy: duties /);
  });

  it('throws when an override removes the authority clock', () => {
    const error = invalidPolicyError(() =>
      presetPolicy('rcot', { clocks: [{ id: 'initial-assessment', label: 'Assess', hours: 24, warnBeforeHours: [] }] }),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(['clocks']);
  });

  it('throws for a DPO e-mail that is not an address, and for an unknown field', () => {
    expect(invalidPolicyError(() => presetPolicy('school', { dpo: { email: 'not-an-address' } })).issues).toEqual([
      { path: 'dpo.email', message: expect.any(String) },
    ]);
    const unknownField = { colour: 'red' } as unknown as Parameters<typeof presetPolicy>[1];
    expect(invalidPolicyError(() => presetPolicy('school', unknownField)).issues).toHaveLength(1);
  });

  it('throws for an unknown preset id and for overrides that change the preset', () => {
    expect(invalidPolicyError(() => presetPolicy('hospital' as PresetId)).message).toBe("unknown preset 'hospital'");
    const changing = { preset: 'rcot' } as unknown as Parameters<typeof presetPolicy>[1];
    expect(invalidPolicyError(() => presetPolicy('school', changing)).issues[0]?.path).toBe('preset');
    const same = { preset: 'school' } as unknown as Parameters<typeof presetPolicy>[1];
    expect(presetPolicy('school', same).preset).toBe('school');
  });
});

describe('isPresetId', () => {
  it('recognises the preset ids and nothing else', () => {
    expect(PRESET_IDS.every(isPresetId)).toBe(true);
    expect([undefined, 42, 'School', 'hospital', 'toString'].some(isPresetId)).toBe(false);
  });
});

describe('deepMerge', () => {
  it('ignores undefined overrides and does not share objects with either input', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 'x' };
    const overrides = { a: { b: undefined, c: [3] }, e: { f: true } };
    const merged = deepMerge(base, overrides);
    expect(merged).toEqual({ a: { b: 1, c: [3] }, d: 'x', e: { f: true } });
    expect(merged.a).not.toBe(base.a);
    expect((merged as unknown as typeof overrides).e).not.toBe(overrides.e);
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 'x' });
  });
});
