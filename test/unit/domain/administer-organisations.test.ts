import { describe, expect, it } from 'vitest';
import {
  AdminInputError,
  newOrganisation,
  organisationIdFrom,
  placeholderContacts,
  updatedPolicy,
} from '../../../functions/domain/administer-organisations';
import { PRESETS } from '../../../functions/domain/presets';

const valid = {
  name: 'Riverside Care',
  preset: 'rcot',
  dpoEmail: 'dpo@riverside.example.org',
  timeZone: 'Europe/London',
};

const issuesOf = (act: () => unknown) => {
  try {
    act();
  } catch (error) {
    if (error instanceof AdminInputError) return error.issues.map((issue) => issue.path);
    throw error;
  }
  throw new Error('expected an AdminInputError');
};

describe('newOrganisation', () => {
  it('makes the id from the name, and starts at policy version 1', () => {
    const organisation = newOrganisation({ ...valid, name: 'Ysgol Gymraeg Llanfair – Café Süd' });

    expect(organisation.id).toBe('ysgol-gymraeg-llanfair-cafe-sud');
    expect(organisation.policyVersion).toBe(1);
  });

  it("replaces the preset's DPO whole, so none of the preset's contact details stays", () => {
    const organisation = newOrganisation(valid);

    expect(organisation.policy.dpo).toEqual({
      name: 'Data Protection Officer',
      role: 'Data Protection Officer',
      email: 'dpo@riverside.example.org',
    });
  });

  it('takes the DPO details a policy file adds, but the flags win', () => {
    const organisation = newOrganisation({
      ...valid,
      dpoName: 'Dana Protection',
      policy: { dpo: { email: 'other@riverside.example.org', phone: '+44 20 7946 0000' }, decisionLinkHours: 96 },
    });

    expect(organisation.policy.dpo).toMatchObject({
      name: 'Dana Protection',
      email: 'dpo@riverside.example.org',
      phone: '+44 20 7946 0000',
    });
    expect(organisation.policy.decisionLinkHours).toBe(96);
  });

  it('names every bad flag at once', () => {
    expect(
      issuesOf(() =>
        newOrganisation({ name: ' ', preset: 'hospital', dpoEmail: 'nobody', timeZone: '+01:00', id: '-x' }),
      ),
    ).toEqual(['--name', '--id', '--preset', '--dpo-email', '--time-zone']);
  });

  it('names the policy fields a file gets wrong, prefixed so they can be found in the file', () => {
    expect(
      issuesOf(() =>
        newOrganisation({
          ...valid,
          policy: { clocks: [{ id: 'initial-assessment', label: 'First look', hours: 24, warnBeforeHours: [] }] },
        }),
      ),
    ).toEqual(['policy.clocks']);
  });

  it('refuses a policy file for another preset', () => {
    expect(issuesOf(() => newOrganisation({ ...valid, policy: { preset: 'school' } }))).toEqual(['policy.preset']);
  });
});

describe('updatedPolicy', () => {
  it('merges the file into the current policy and keeps the rest', () => {
    const policy = updatedPolicy(PRESETS.school, { timeZone: 'Europe/Dublin' });

    expect(policy.timeZone).toBe('Europe/Dublin');
    expect(policy.clocks).toEqual(PRESETS.school.clocks);
  });

  it('refuses a change of preset and a file that is no object', () => {
    expect(issuesOf(() => updatedPolicy(PRESETS.school, { preset: 'rcot' }))).toEqual(['policy.preset']);
    expect(issuesOf(() => updatedPolicy(PRESETS.school, [1, 2]))).toEqual(['policy']);
  });
});

describe('placeholderContacts', () => {
  it("lists the preset's example addresses an organisation still has to replace", () => {
    expect(placeholderContacts(PRESETS.school)).toEqual(expect.arrayContaining(['dpo.email', 'escalation.0.email']));
    expect(organisationIdFrom("St Clare's")).toBe('st-clares');
  });
});
