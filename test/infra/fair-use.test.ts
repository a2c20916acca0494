import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAIR_USE, FAIR_USE_PROBLEM } from '../../functions/fair-use';
import { buildBreachdeskApp } from './synth';

interface Rule {
  readonly Name: string;
  readonly Action?: { Block?: { CustomResponse?: { ResponseCode: number; CustomResponseBodyKey: string } } };
  readonly Statement: { RateBasedStatement?: Record<string, unknown> };
}

const FOLDED = [
  { Priority: 0, Type: 'URL_DECODE' },
  { Priority: 1, Type: 'LOWERCASE' },
];

let template: Template;
let rules: Rule[];
let bodies: Record<string, { ContentType: string; Content: string }>;

beforeAll(() => {
  template = Template.fromStack(buildBreachdeskApp().stack);
  const acls = Object.values(template.findResources('AWS::WAFv2::WebACL')) as {
    Properties: { Rules: Rule[]; CustomResponseBodies: typeof bodies };
  }[];
  expect(acls).toHaveLength(1);
  rules = acls[0]?.Properties.Rules ?? [];
  bodies = acls[0]?.Properties.CustomResponseBodies ?? {};
});

const rule = (name: string): Rule => {
  const found = rules.find((r) => r.Name === name);
  if (!found) throw new Error(`no rule ${name}`);
  return found;
};

const answers429WithProblem = (r: Rule) => {
  const response = r.Action?.Block?.CustomResponse;
  expect(response?.ResponseCode).toBe(429);
  const body = bodies[response?.CustomResponseBodyKey ?? ''];
  expect(body?.ContentType).toBe('APPLICATION_JSON');
  expect(JSON.parse(body?.Content ?? '{}')).toEqual(FAIR_USE_PROBLEM);
};

describe('fair use per organisation in the web ACL', () => {
  it('counts the report form per organisation (its path), whoever sends it, and answers 429 problem JSON', () => {
    const form = rule('ReportFormPerOrganisation');
    expect(form.Statement.RateBasedStatement).toEqual({
      AggregateKeyType: 'CUSTOM_KEYS',
      // Case and percent-encoding folded: one organisation's path cannot be spelt several ways to dodge the count.
      CustomKeys: [{ UriPath: { TextTransformations: FOLDED } }],
      Limit: FAIR_USE.reportFormPerOrganisation,
      EvaluationWindowSec: FAIR_USE.windowSeconds,
      ScopeDownStatement: {
        ByteMatchStatement: {
          FieldToMatch: { UriPath: {} },
          PositionalConstraint: 'STARTS_WITH',
          SearchString: '/v1/report/',
          TextTransformations: FOLDED,
        },
      },
    });
    answers429WithProblem(form);
  });

  it('counts the key routes per API key, which belongs to one organisation', () => {
    const api = rule('ApiPerKey');
    expect(api.Statement.RateBasedStatement).toEqual({
      AggregateKeyType: 'CUSTOM_KEYS',
      CustomKeys: [{ Header: { Name: 'authorization', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }],
      Limit: FAIR_USE.apiPerKey,
      EvaluationWindowSec: FAIR_USE.windowSeconds,
    });
    answers429WithProblem(api);
  });

  it('keeps the per-caller limit as well, so no single address floods any organisation', () => {
    expect(rule('RequestsPerIp').Statement.RateBasedStatement).toMatchObject({ AggregateKeyType: 'IP' });
  });
});
