import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MissingConfigError, requiredEnv } from '../../../functions/config';

/**
 * The deployed entry points: on Lambda (AWS_LAMBDA_FUNCTION_NAME is set) configuration is read when the module loads,
 * and a missing variable fails loudly; anywhere else importing a module wires nothing (local mode calls `wire`).
 */
const modules = {
  intake: () => import('../../../functions/intake/handler'),
  'get-breach': () => import('../../../functions/get-breach/handler'),
  'list-breaches': () => import('../../../functions/list-breaches/handler'),
  authorizer: () => import('../../../functions/authorizer/handler'),
  verification: () => import('../../../functions/verification/handler'),
  register: () => import('../../../functions/register/handler'),
  attachments: () => import('../../../functions/attachments/handler'),
};

// Unit tests share one module cache: start from modules no other file has loaded.
beforeAll(() => {
  vi.resetModules();
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('handler modules', () => {
  it.each(Object.entries(modules))('%s refuses to load on Lambda without TABLE_NAME', async (_name, load) => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'Breachdesk-Function');
    vi.stubEnv('TABLE_NAME', '');
    vi.stubEnv('STATE_MACHINE_ARN', 'arn:aws:states:eu-west-2:123456789012:stateMachine:breach-lifecycle');

    await expect(load()).rejects.toMatchObject({ name: 'MissingConfigError', variable: 'TABLE_NAME' });
  });

  it('intake refuses to load on Lambda without STATE_MACHINE_ARN', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'Breachdesk-Intake');
    vi.stubEnv('TABLE_NAME', 'breachdesk');
    vi.stubEnv('STATE_MACHINE_ARN', '');

    await expect(modules.intake()).rejects.toMatchObject({ name: 'MissingConfigError', variable: 'STATE_MACHINE_ARN' });
  });

  it.each(Object.entries(modules))('%s exports a handler once configured', async (_name, load) => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'Breachdesk-Function');
    vi.stubEnv('TABLE_NAME', 'breachdesk');
    vi.stubEnv('ATTACHMENTS_BUCKET', 'breachdesk-attachments');
    vi.stubEnv('STATE_MACHINE_ARN', 'arn:aws:states:eu-west-2:123456789012:stateMachine:breach-lifecycle');

    const { handler } = await load();

    expect(handler).toBeTypeOf('function');
  });
});

/** The functions that tell the people affected, who live in a table of their own (adapters/table-layout.ts). */
const subjectModules = {
  'add-subjects': () => import('../../../functions/add-subjects/handler'),
  'subject-letters': () => import('../../../functions/subject-letters/handler'),
  'send-subject-notices': () => import('../../../functions/send-subject-notices/handler'),
  'resolve-unconfirmed': () => import('../../../functions/resolve-unconfirmed/handler'),
  'erase-subjects': () => import('../../../functions/erase-subjects/handler'),
  'ses-events': () => import('../../../functions/ses-events/handler'),
};

describe('subject handler modules', () => {
  it.each(Object.entries(subjectModules))(
    '%s refuses to load on Lambda without SUBJECTS_TABLE_NAME',
    async (_name, load) => {
      vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'Breachdesk-Function');
      vi.stubEnv('TABLE_NAME', 'breachdesk');
      vi.stubEnv('SES_REGION', 'eu-west-2');
      vi.stubEnv('SENDER_ADDRESS', 'dpo@example.org');
      vi.stubEnv('SUBJECTS_TABLE_NAME', '');

      await expect(load()).rejects.toMatchObject({ name: 'MissingConfigError', variable: 'SUBJECTS_TABLE_NAME' });
    },
  );

  it.each(Object.entries(subjectModules))('%s exports a handler once configured', async (_name, load) => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'Breachdesk-Function');
    vi.stubEnv('SES_REGION', 'eu-west-2');
    vi.stubEnv('TABLE_NAME', 'breachdesk');
    vi.stubEnv('SENDER_ADDRESS', 'dpo@example.org');
    vi.stubEnv('SUBJECTS_TABLE_NAME', 'breachdesk-subjects');

    const { handler } = await load();

    expect(handler).toBeTypeOf('function');
  });
});

describe('off Lambda', () => {
  it('imports a handler module without reading any configuration: local mode wires it with its own', async () => {
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', '');
    vi.stubEnv('TABLE_NAME', '');

    const module = await modules.intake();

    expect(module.wire).toBeTypeOf('function');
    await expect(module.handler({} as never, {} as never)).rejects.toThrow(
      'environment variable TABLE_NAME is required',
    );
  });
});

describe('requiredEnv', () => {
  it('returns a set value and refuses an unset or blank one', () => {
    expect(requiredEnv('A', { A: 'x' })).toBe('x');
    expect(() => requiredEnv('A', {})).toThrow(MissingConfigError);
    expect(() => requiredEnv('A', { A: '  ' })).toThrow('environment variable A is required but not set');
  });
});
