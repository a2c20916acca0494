import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../functions/domain/errors';
import { PRESETS } from '../../../functions/domain/presets';
import {
  controllerAddress,
  formOrganisationRole,
  registeredController,
} from '../../../functions/domain/registered-controllers';
import { makeReportBreach } from '../../../functions/domain/report-breach';
import { anOrganisation, InMemoryBreachRepository } from '../../support/fakes';
import { aReportInput, REPORT_NOW } from '../../support/reports';

const policy = {
  controllers: [
    { name: 'Acme Schools Trust', email: 'dpo@acme.example.org', phone: '01632 960123', role: 'DPO' },
    { name: 'Beta Council', email: 'info@beta.example.org' },
  ],
};
const ATTACKER = 'attacker@evil.example.net';

describe('registered controllers', () => {
  it('finds a registered controller by address, else by name, ignoring case and spaces', () => {
    expect(registeredController(policy, { name: 'x', email: 'DPO@acme.example.org' })?.name).toBe('Acme Schools Trust');
    expect(registeredController(policy, { name: '  beta council ' })?.email).toBe('info@beta.example.org');
    expect(registeredController(policy, { name: 'Gamma Ltd', email: ATTACKER })).toBeUndefined();
    expect(registeredController({}, { name: 'Beta Council' })).toBeUndefined();
  });

  it("replaces what a form reporter typed with the registered controller's own details", () => {
    const role = formOrganisationRole(
      { role: 'processor', controller: { name: 'Acme Schools Trust', email: ATTACKER } },
      policy,
    );

    expect(role).toEqual({ role: 'processor', controller: policy.controllers[0] });
  });

  it('refuses a controller the policy does not register, naming the field and the registered ones', () => {
    const attempt = () =>
      formOrganisationRole({ role: 'processor', controller: { name: 'Evil Ltd', email: ATTACKER } }, policy);

    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).errors).toEqual([
        {
          path: 'organisationRole.controller.name',
          message:
            'must be one of the controllers this organisation is registered to process data for: Acme Schools Trust, Beta Council',
        },
      ]);
    }
  });

  it('mails a form report only at a registered address, and an API report where its authenticated caller said', () => {
    expect(controllerAddress('form', { name: 'Acme Schools Trust', email: ATTACKER }, policy)).toBeUndefined();
    expect(controllerAddress('form', { name: 'Acme Schools Trust', email: 'dpo@acme.example.org' }, policy)).toBe(
      'dpo@acme.example.org',
    );
    expect(controllerAddress('api', { name: 'Anyone', email: 'dpo@anyone.example.org' }, policy)).toBe(
      'dpo@anyone.example.org',
    );
  });
});

describe('a report from the hosted form', () => {
  const reportBreach = (breaches: InMemoryBreachRepository) =>
    makeReportBreach({
      breaches,
      workflow: {
        start: async (name) => ({
          executionArn: `arn:aws:states:eu-west-2:1:execution:x:${name}`,
          alreadyStarted: false,
        }),
      },
      now: () => REPORT_NOW,
      logger: { error: () => undefined },
    });
  const organisation = { ...anOrganisation('org-p'), policy: { ...PRESETS['generic-processor'] } };

  it("cannot make the organisation processor for a controller of the reporter's choosing, and records nothing", async () => {
    const breaches = new InMemoryBreachRepository();

    const attempt = reportBreach(breaches)({
      organisation,
      idempotencyKey: 'form:key-1',
      channel: 'form',
      body: aReportInput({
        organisationRole: { role: 'processor', controller: { name: 'Evil Ltd', email: ATTACKER } },
      }),
    });

    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    expect(breaches.eventCount).toBe(0);
  });

  it("records the registered controller's address, never the one the reporter typed", async () => {
    const breaches = new InMemoryBreachRepository();

    const { breachId } = await reportBreach(breaches)({
      organisation,
      idempotencyKey: 'form:key-2',
      channel: 'form',
      body: aReportInput({
        organisationRole: { role: 'processor', controller: { name: 'Client Organisation', email: ATTACKER } },
      }),
    });

    const state = await breaches.state(breachId);
    expect(state?.report.organisationRole).toEqual({
      role: 'processor',
      controller: { name: 'Client Organisation', email: 'dpo@client.example.org', role: 'Controller' },
    });
    expect(JSON.stringify(await breaches.events(breachId))).not.toContain(ATTACKER);
  });

  it('lets an API caller, who holds the organisation key, name the controller', async () => {
    const breaches = new InMemoryBreachRepository();
    const controller = { name: 'New Client', email: 'dpo@new-client.example.org' };

    const { breachId } = await reportBreach(breaches)({
      organisation,
      idempotencyKey: 'api-key-3',
      body: aReportInput({ organisationRole: { role: 'processor', controller } }),
    });

    expect((await breaches.state(breachId))?.report.organisationRole).toEqual({ role: 'processor', controller });
  });
});
