import { describe, expect, it } from 'vitest';
import { PROBLEMS, problemTemplate } from '../../infra/constructs/api';

/**
 * What API Gateway substitutes into a gateway response template (plain substitution, no escaping), in the forms its
 * documentation gives: messageString is the message already quoted as a JSON string; validationErrorString is raw
 * text, which itself quotes JSON values.
 */
const CONTEXT: Record<string, string> = {
  '$context.error.messageString': JSON.stringify('Invalid request body: "a" is not allowed'),
  '$context.error.validationErrorString':
    '[instance type (array) does not match any allowed primitive type (allowed: ["object"])]',
  '$context.requestId': 'c0ffee00-0000-4000-8000-000000000000',
};

const render = (template: string): string =>
  template.replace(/\$context\.[A-Za-z.]+/g, (variable) => {
    const value = CONTEXT[variable];
    if (value === undefined) throw new Error(`no sample for ${variable}`);
    return value;
  });

describe('gateway responses', () => {
  it.each(PROBLEMS.map((problem) => [problem.type.responseType, problem] as const))(
    '%s renders problem+json that parses, whatever text API Gateway substitutes',
    (_type, problem) => {
      const body = JSON.parse(render(problemTemplate(problem))) as Record<string, unknown>;

      expect(body).toMatchObject({
        type: 'about:blank',
        title: problem.title,
        requestId: CONTEXT['$context.requestId'],
      });
      expect(typeof body.detail).toBe('string');
      if (problem.statusCode) expect(body.status).toBe(Number(problem.statusCode));
    },
  );
});
