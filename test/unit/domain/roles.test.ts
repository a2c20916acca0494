import { describe, expect, it } from 'vitest';
import { presetPolicy } from '../../../functions/domain/presets';
import { actingRole, can, mayTakeStep, ROLES, stepAuthority } from '../../../functions/domain/roles';

describe('what each role may do', () => {
  it('lets a reporter report but neither see cases nor decide', () => {
    expect(can(['reporter'], 'report')).toBe(true);
    expect(can(['reporter'], 'view-cases')).toBe(false);
    expect(can(['reporter'], 'decide')).toBe(false);
  });

  it('lets an auditor read every case and write nothing', () => {
    expect(can(['auditor'], 'view-cases')).toBe(true);
    expect(can(['auditor'], 'decide')).toBe(false);
    expect(can(['auditor'], 'report')).toBe(false);
    expect(can(['auditor'], 'administer')).toBe(false);
  });

  it('grants an administrator administration only', () => {
    expect(can(['administrator'], 'administer')).toBe(true);
    expect(can(['administrator'], 'decide')).toBe(false);
  });

  it('gives every role at least one action', () => {
    for (const role of ROLES) {
      expect(
        ['report', 'view-cases', 'decide', 'administer'].some((a) => can([role], a as never)),
        role,
      ).toBe(true);
    }
  });
});

describe('who may take a step', () => {
  const report = { responsibleRole: 'staff' as const };

  it('asks senior management to sign off the decision at RCOT, and refuses the DPO', () => {
    const authority = stepAuthority('decide', presetPolicy('rcot'), report);
    expect(authority.roles).toEqual(['senior-management']);
    expect(mayTakeStep(['dpo'], authority)).toBe(false);
    expect(mayTakeStep(['senior-management'], authority)).toBe(true);
    expect(actingRole(['dpo', 'senior-management'], authority)).toBe('senior-management');
  });

  it('gives the decision to the governors at the school when the head is responsible', () => {
    const school = presetPolicy('school');
    expect(stepAuthority('decide', school, { responsibleRole: 'head' }).roles).toEqual(['governors']);
    expect(mayTakeStep(['dpo', 'slt'], stepAuthority('decide', school, { responsibleRole: 'head' }))).toBe(false);
    expect(stepAuthority('decide', school, report).roles).toEqual(['dpo', 'deputy-dpo']);
  });

  it('leaves every other step to the DPO or the deputy, never to an auditor', () => {
    const authority = stepAuthority('contain', presetPolicy('rcot'), report);
    expect(mayTakeStep(['deputy-dpo'], authority)).toBe(true);
    expect(mayTakeStep(['auditor'], authority)).toBe(false);
    expect(mayTakeStep(['reporter'], authority)).toBe(false);
  });
});
