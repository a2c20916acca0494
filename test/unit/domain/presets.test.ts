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

/** Domains reserved for examples and tests (RFC 2606, RFC 6761): mail to them reaches nobody. */
const isReservedEmail = (address: string): boolean => {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return /(^|\.)example\.(org|com|net)$/.test(domain) || /\.(example|test|invalid|localhost)$/.test(domain);
};

/**
 * Ofcom's numbers reserved for drama (Ofcom, "Telephone numbers for use in TV and radio drama programmes"): mobiles
 * 07700 900000–900999, the geographic ranges (020 7946 0xxx, 0113–0118 496 0xxx, 0121–0161 496 0xxx, 0191 498 0xxx,
 * 028 9018 0xxx, 029 2018 0xxx, 01632 960xxx), freephone 0808 157 0xxx, premium 0909 879 0xxx and 03069 990xxx.
 */
const RESERVED_NUMBERS = [
  /^07700900\d{3}$/,
  /^02079460\d{3}$/,
  /^011[3-8]4960\d{3}$/,
  /^01[2-6]14960\d{3}$/,
  /^01914980\d{3}$/,
  /^02890180\d{3}$/,
  /^02920180\d{3}$/,
  /^01632960\d{3}$/,
  /^08081570\d{3}$/,
  /^09098790\d{3}$/,
  /^03069990\d{3}$/,
];
const isReservedPhone = (phone: string): boolean => {
  const digits = phone.replace(/[^\d+]/g, '').replace(/^\+44/, '0');
  return RESERVED_NUMBERS.some((range) => range.test(digits));
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

  it("carries no real person's contact details: reserved example domains and reserved numbers only", () => {
    // Every string anywhere in a preset that looks like an e-mail address or a phone number, whatever field holds it.
    const strings = (value: unknown): string[] =>
      typeof value === 'string'
        ? [value]
        : Array.isArray(value)
          ? value.flatMap(strings)
          : typeof value === 'object' && value !== null
            ? Object.values(value).flatMap(strings)
            : [];
    for (const id of PRESET_IDS) {
      // The supervisory authority's published contact is a public body's, which the law tells us to use.
      const { supervisoryAuthority: _authority, ...preset } = PRESETS[id];
      const texts = strings(preset);
      const emails = texts.flatMap((text) => text.match(/[^\s@<>()'"]+@[^\s@<>()'"]+/g) ?? []);
      const phones = texts.flatMap((text) => text.match(/\+?\d[\d ()-]{8,}\d/g) ?? []);
      expect(emails.length, id).toBeGreaterThan(0);
      for (const email of emails) expect(isReservedEmail(email), `${id}: ${email}`).toBe(true);
      for (const phone of phones) expect(isReservedPhone(phone), `${id}: ${phone}`).toBe(true);
    }
  });

  it('tells reserved contact details from real ones', () => {
    expect(isReservedEmail('dpo@rcot.example.org')).toBe(true);
    expect(isReservedEmail('someone@example.com')).toBe(true);
    expect(isReservedEmail('dpo@a-college.co.uk')).toBe(false);
    expect(isReservedEmail('casework@ico.org.uk')).toBe(false);
    expect(isReservedEmail('x@example.org.evil.com')).toBe(false);
    expect(isReservedPhone('07700 900077')).toBe(true);
    expect(isReservedPhone('+44 7700 900123')).toBe(true);
    expect(isReservedPhone('0113 496 0000')).toBe(true);
    expect(isReservedPhone('07123 456789')).toBe(false);
    expect(isReservedPhone('0303 123 1113')).toBe(false);
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
    expect(policy.escalation.map(({ group, when, severityLevels }) => ({ group, when, severityLevels }))).toEqual([
      { group: 'slt', when: 'always', severityLevels: [1, 2, 3, 4] },
      { group: 'governors', when: 'head-responsible', severityLevels: undefined },
    ]);
    expect([...policy.duties].sort()).toEqual(
      [
        'dpo-consulted-before-authority',
        'slt-quality-check',
        'closure-after-authority-actions',
        'document-decision-not-to-report',
        'final-report-to-board',
        'ict-provider-for-lost-devices',
        'ig-caldicott-for-care-data',
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
    expect(PRESETS.rcot.dpo.email).toBe('dpo@rcot.example.org');
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
