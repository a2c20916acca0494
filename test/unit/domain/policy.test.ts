import { describe, expect, it } from 'vitest';
import {
  AUTHORITY_MAX_HOURS,
  CLOCK_IDS,
  DEFAULT_CLOCKS,
  DUTY_PARTIES,
  ICO,
  isTimeZone,
  type OrganisationPolicyInput,
  organisationPolicySchema,
} from '../../../functions/domain/policy';

const valid = (): OrganisationPolicyInput => ({
  preset: 'custom',
  sector: 'generic',
  role: 'controller',
  timeZone: 'Europe/London',
  dpo: { name: 'Dana Officer', email: 'dpo@example.org' },
  escalation: [{ name: 'Board', email: 'board@example.org', group: 'board', when: 'deadline-missed' }],
  supervisoryAuthority: { ...ICO },
  clocks: DEFAULT_CLOCKS.map((clock) => ({ ...clock, warnBeforeHours: [...clock.warnBeforeHours] })),
  severityScale: 'enisa',
  duties: ['document-decision-not-to-report'],
  otherParties: [],
});

const messages = (input: unknown): string[] => {
  const result = organisationPolicySchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('organisationPolicySchema', () => {
  it('accepts a complete policy and defaults the decision link to 72 hours', () => {
    const policy = organisationPolicySchema.parse(valid());
    expect(policy.decisionLinkHours).toBe(72);
    expect(policy.clocks.map((clock) => clock.id)).toEqual(['initial-assessment', 'internal-report', 'authority']);
  });

  it('takes an optional postal address for the DPO, where people without e-mail write back', () => {
    expect(organisationPolicySchema.parse(valid()).dpo.postalAddress).toBeUndefined();
    const dpo = { name: 'Dana Officer', email: 'dpo@example.org', postalAddress: ' 1 Quay Street\nWorcester WR1 2JN ' };
    expect(organisationPolicySchema.parse({ ...valid(), dpo }).dpo.postalAddress).toBe(
      '1 Quay Street\nWorcester WR1 2JN',
    );
    expect(messages({ ...valid(), dpo: { ...dpo, postalAddress: '  ' } })).toEqual([
      expect.stringMatching(/^dpo\.postalAddress: /),
    ]);
  });

  it('keeps a decision link lifetime that is given', () => {
    expect(organisationPolicySchema.parse({ ...valid(), decisionLinkHours: 12 }).decisionLinkHours).toBe(12);
  });

  it('rejects a policy without an authority clock', () => {
    const input = valid();
    input.clocks = input.clocks.filter((clock) => clock.id !== 'authority');
    expect(messages(input)).toEqual([expect.stringMatching(/^clocks: an authority clock is required/)]);
  });

  it('rejects a clock that appears twice, naming the second one', () => {
    const input = valid();
    input.clocks = [...input.clocks, { id: 'initial-assessment', label: 'Again', hours: 12, warnBeforeHours: [] }];
    expect(messages(input)).toEqual(["clocks.3.id: clock 'initial-assessment' appears twice"]);
  });

  it('no longer caps the authority clock: other regimes run longer than 72 hours', () => {
    const withAuthorityHours = (hours: number) => {
      const input = valid();
      input.clocks = input.clocks.map((clock) => (clock.id === 'authority' ? { ...clock, hours } : clock));
      return input;
    };
    expect(messages(withAuthorityHours(AUTHORITY_MAX_HOURS + 24 * 20))).toEqual([]);
    expect(messages(withAuthorityHours(AUTHORITY_MAX_HOURS))).toEqual([]);
    expect(messages(withAuthorityHours(4))).toEqual([]);
  });

  it('accepts where the organisation is established and its sectors, and refuses a place that is not an ISO code', () => {
    const input = valid();
    expect(messages({ ...input, jurisdiction: { establishments: ['GB', 'IE'], sectors: ['nis2-important'] } })).toEqual(
      [],
    );
    expect(messages({ ...input, jurisdiction: { establishments: ['Ireland'], sectors: [] } })).toEqual([
      expect.stringMatching(/^jurisdiction\.establishments\.0: an ISO 3166 code/),
    ]);
  });

  it('requires an e-mail address for the DPO', () => {
    // As an API caller might send it: the type forbids it, the schema must too.
    const input = { ...valid(), dpo: { name: 'Dana Officer', phone: '0100 000000' } };
    expect(messages(input)).toEqual([expect.stringMatching(/^dpo\.email: /)]);
  });

  it('requires an e-mail address for each escalation contact', () => {
    const input = valid();
    input.escalation = [{ name: 'Governors', group: 'governors', when: 'head-responsible' }];
    expect(messages(input)).toEqual([expect.stringMatching(/^escalation\.0\.email: /)]);
  });

  it('rejects unknown fields, duties and other parties', () => {
    expect(messages({ ...valid(), colour: 'red' })).toHaveLength(1);
    expect(messages({ ...valid(), duties: ['tell-the-press'] })).toEqual([expect.stringMatching(/^duties\.0: /)]);
    expect(messages({ ...valid(), otherParties: ['press'] })).toEqual([expect.stringMatching(/^otherParties\.0: /)]);
  });

  it('rejects a duty or other party listed twice', () => {
    expect(messages({ ...valid(), duties: ['authority-acknowledgement', 'authority-acknowledgement'] })).toEqual([
      'duties: each value may appear only once',
    ]);
    expect(messages({ ...valid(), otherParties: ['court', 'court'] })).toEqual([
      'otherParties: each value may appear only once',
    ]);
  });

  it('rejects a processor policy without the notify-controller duty', () => {
    const input = { ...valid(), role: 'processor' as const, otherParties: ['controller' as const] };
    expect(messages(input)).toEqual([expect.stringMatching(/^duties: a processor's duty is to notify the controller/)]);
    expect(messages({ ...input, duties: ['notify-controller'] })).toEqual([]);
  });

  it.each(Object.entries(DUTY_PARTIES))('rejects the %s duty without the %s party', (duty, party) => {
    const input = { ...valid(), duties: [duty], otherParties: [] };
    if (duty === 'notify-controller') Object.assign(input, { role: 'processor' });
    expect(messages(input)).toEqual([`otherParties: the '${duty}' duty needs '${party}' among the other parties`]);
    expect(messages({ ...input, otherParties: [party] })).toEqual([]);
  });

  it('rejects a time zone Intl does not know, and a fixed offset', () => {
    expect(messages({ ...valid(), timeZone: 'Europe/Londres' })).toEqual([expect.stringMatching(/^timeZone: /)]);
    expect(messages({ ...valid(), timeZone: '+01:00' })).toEqual([expect.stringMatching(/^timeZone: /)]);
  });

  it('rejects a preset id that is not a lower-case slug', () => {
    expect(messages({ ...valid(), preset: 'My Preset' })).toEqual([expect.stringMatching(/^preset: /)]);
  });
});

describe('isTimeZone', () => {
  it.each(['Europe/London', 'UTC', 'America/Argentina/Buenos_Aires', 'Etc/GMT+1'])('accepts %s', (zone) => {
    expect(isTimeZone(zone)).toBe(true);
  });

  it.each(['', 'Mars/Olympus_Mons', '+01:00', 'GMT+1 ', 'Europe/London; DROP'])('rejects %j', (zone) => {
    expect(isTimeZone(zone)).toBe(false);
  });
});

describe('DEFAULT_CLOCKS', () => {
  it('runs 24, 48 and 72 elapsed hours, each warned 6 h and 1 h before', () => {
    expect(DEFAULT_CLOCKS.map(({ id, hours, warnBeforeHours }) => ({ id, hours, warnBeforeHours }))).toEqual([
      { id: 'initial-assessment', hours: 24, warnBeforeHours: [6, 1] },
      { id: 'internal-report', hours: 48, warnBeforeHours: [6, 1] },
      { id: 'authority', hours: 72, warnBeforeHours: [6, 1] },
    ]);
    expect(new Set(DEFAULT_CLOCKS.map((clock) => clock.id))).toEqual(new Set(CLOCK_IDS));
  });

  it('cannot be changed by a caller that shares it', () => {
    const authority = DEFAULT_CLOCKS[2];
    expect(() => {
      if (authority) authority.warnBeforeHours.push(12);
    }).toThrow(TypeError);
    expect(authority?.warnBeforeHours).toEqual([6, 1]);
  });
});

describe('ICO', () => {
  it('validates as a supervisory authority with the address, phone, e-mail and report page', () => {
    const policy = organisationPolicySchema.parse({ ...valid(), supervisoryAuthority: ICO });
    expect(policy.supervisoryAuthority).toEqual({
      name: "Information Commissioner's Office",
      address: 'Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF',
      phone: '0303 123 1113',
      email: 'casework@ico.org.uk',
      reportUrl: 'https://ico.org.uk/for-organisations/report-a-breach/personal-data-breach/',
    });
  });
});
