import { describe, expect, it } from 'vitest';
import {
  functionNameFromArn,
  InvalidDefinitionError,
  InvalidFunctionArnError,
  localFunctionArn,
  substituteDefinition,
  UnresolvedPlaceholderError,
} from '../../local/lambda-functions';

const asl = (resource: string): string =>
  JSON.stringify({ StartAt: 'Step', States: { Step: { Type: 'Task', Resource: resource, End: true } } });

describe('substituteDefinition', () => {
  it('fills each function ARN placeholder with the local ARN and maps the ARN back to the name', () => {
    // Act
    const { definition, functionsByArn } = substituteDefinition(asl(`\${PrepareFunctionArn}`));

    // Assess
    const arn = 'arn:aws:lambda:eu-west-2:000000000000:function:breachdesk-local-Prepare';
    expect(localFunctionArn('Prepare')).toBe(arn);
    expect(definition.States.Step).toMatchObject({ Resource: arn });
    expect([...functionsByArn]).toEqual([[arn, 'Prepare']]);
  });

  it('uses the ARN scheme it is given', () => {
    // Act
    const { functionsByArn } = substituteDefinition(asl(`\${CheckFunctionArn}`), (name) => `fn-${name}`);

    // Assess
    expect(functionsByArn.get('fn-Check')).toBe('Check');
  });

  it('refuses a placeholder it cannot fill rather than run it literally', () => {
    expect(() => substituteDefinition(asl(`\${TableName}`))).toThrow(UnresolvedPlaceholderError);
    expect(() => substituteDefinition(asl(`\${TableName}`))).toThrow(/\$\{TableName\}/);
  });

  it('refuses text that is not a state machine', () => {
    expect(() => substituteDefinition('{')).toThrow(InvalidDefinitionError);
    expect(() => substituteDefinition('[]')).toThrow(InvalidDefinitionError);
  });
});

describe('functionNameFromArn', () => {
  it.each([
    ['breachdesk-local-Prepare', 'breachdesk-local-Prepare'],
    ['arn:aws:lambda:eu-west-2:000000000000:function:breachdesk-local-Prepare', 'breachdesk-local-Prepare'],
    ['arn:aws:lambda:eu-west-2:000000000000:function:breachdesk-local-Prepare:live', 'breachdesk-local-Prepare'],
    ['000000000000:function:breachdesk-local-Prepare', 'breachdesk-local-Prepare'],
  ])('reads the function name from %s', (arn, name) => {
    expect(functionNameFromArn(arn)).toBe(name);
  });

  it('refuses what Lambda would not accept as a function name', () => {
    expect(() => functionNameFromArn('arn:aws:states:::lambda:invoke')).toThrow(InvalidFunctionArnError);
  });
});
