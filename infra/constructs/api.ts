import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { AUTHORIZER_CACHE_SECONDS } from '../../functions/authorizer-cache';
import { FAIR_USE, FAIR_USE_PROBLEM } from '../../functions/fair-use';
import { apiRoutes, type FunctionName, functionTriggeredBy } from '../../functions/manifest';

export interface ApiProps {
  /**
   * Every function of functions/manifest.ts: the authorizer checks the organisation API key of every `api-key`
   * route, and each function with an `api` trigger answers its routes.
   */
  readonly functions: Readonly<Record<FunctionName, lambda.IFunction>>;
  /**
   * Create the account's API Gateway CloudWatch role (`AWS::ApiGateway::Account`), which access logging needs. An
   * account-wide setting: turn it on (`-c breachdesk:apiGatewayCloudWatchRole=true`) in an account where no other
   * stack has set one, e.g. a fresh account; the role is retained when the stack is deleted, since the account
   * setting keeps pointing at it.
   * @default false
   */
  readonly createCloudWatchRole?: boolean;
  /**
   * Steady-state requests per second across the stage; per-organisation limits come with usage plans.
   * @default 50
   */
  readonly throttlingRateLimit?: number;
  /**
   * Requests the stage absorbs in a burst above the rate.
   * @default 100
   */
  readonly throttlingBurstLimit?: number;
  /**
   * Requests one client IP may make in any five minutes before the web ACL blocks it.
   * @default 1000
   */
  readonly requestsPerIpPerFiveMinutes?: number;
  /**
   * How long the access log keeps its entries.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly accessLogRetention?: logs.RetentionDays;
}

/**
 * The body template of a gateway response: RFC 9457 problem details. Gateway response templates are plain variable
 * substitution, not VTL, so each `$context` value must already be JSON where it is written (messageString is quoted by
 * API Gateway; the others are written inside quotes or are fixed text).
 */
export const problemTemplate = (problem: Problem): string =>
  [
    '{"type":"about:blank"',
    `"title":"${problem.title}"`,
    ...(problem.statusCode ? [`"status":${problem.statusCode}`] : []),
    `"detail":${problem.detail}`,
    '"requestId":"$context.requestId"}',
  ].join(',');

/** A gateway response body, RFC 9457 problem details, so that even API Gateway's own errors read like ours. */
export interface Problem {
  readonly type: apigw.ResponseType;
  readonly statusCode?: string;
  readonly title: string;
  /** A VTL expression that yields a JSON value (already quoted). */
  readonly detail: string;
}

export const PROBLEMS: readonly Problem[] = [
  {
    type: apigw.ResponseType.UNAUTHORIZED,
    statusCode: '401',
    title: 'Unauthorized',
    detail: '"A valid API key is required in the Authorization header."',
  },
  {
    type: apigw.ResponseType.ACCESS_DENIED,
    statusCode: '403',
    title: 'Forbidden',
    detail: '"This API key may not access this resource."',
  },
  // API Gateway answers an unknown path with MISSING_AUTHENTICATION_TOKEN; to a caller it is simply not found.
  {
    type: apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN,
    statusCode: '404',
    title: 'Not Found',
    detail: '"No such resource."',
  },
  {
    type: apigw.ResponseType.BAD_REQUEST_BODY,
    statusCode: '400',
    title: 'Bad Request',
    // Not $context.error.validationErrorString: a gateway response template is plain substitution (no escaping),
    // and that string is raw text which quotes JSON itself ('allowed: ["object"]'), so it cannot be embedded in JSON.
    // The only model (JsonObjectBody) and the required path parameters make the cause known.
    detail: '"The request body must be a JSON object."',
  },
  {
    type: apigw.ResponseType.BAD_REQUEST_PARAMETERS,
    statusCode: '400',
    title: 'Bad Request',
    // Not $context.error.validationErrorString: a gateway response template is plain substitution (no escaping),
    // and that string is raw text which quotes JSON itself ('allowed: ["object"]'), so it cannot be embedded in JSON.
    // The only model (JsonObjectBody) and the required path parameters make the cause known.
    detail: '"A required path parameter is missing or empty."',
  },
  {
    type: apigw.ResponseType.REQUEST_TOO_LARGE,
    statusCode: '413',
    title: 'Content Too Large',
    detail: '$context.error.messageString',
  },
  {
    type: apigw.ResponseType.UNSUPPORTED_MEDIA_TYPE,
    statusCode: '415',
    title: 'Unsupported Media Type',
    detail: '$context.error.messageString',
  },
  {
    type: apigw.ResponseType.THROTTLED,
    statusCode: '429',
    title: 'Too Many Requests',
    detail: '$context.error.messageString',
  },
  { type: apigw.ResponseType.DEFAULT_4XX, title: 'Request Rejected', detail: '$context.error.messageString' },
  {
    type: apigw.ResponseType.DEFAULT_5XX,
    title: 'Service Error',
    detail: '"The request could not be completed; it may be retried."',
  },
];

/**
 * The public REST API. Every route runs behind the organisation API-key authorizer, a web ACL, stage throttling
 * and request validation; every request is access-logged as JSON without the caller's IP address or user agent.
 */
export class Api extends Construct {
  public static readonly STAGE = 'v1';
  public readonly restApi: apigw.RestApi;

  /**
   * The API's base URL built from the RestApi's id alone, not from its deployment: the lifecycle functions write it
   * into mails, and the deployment depends on the methods, whose functions depend on the state machine, which
   * depends on the lifecycle functions. `restApi.url` would close that loop.
   */
  public get publicBaseUrl(): string {
    const stack = Stack.of(this);
    return `https://${this.restApi.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}/${Api.STAGE}`;
  }

  public constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.restApi = new apigw.RestApi(this, 'RestApi', {
      description: 'Breachdesk: personal data breach reports',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      cloudWatchRole: props.createCloudWatchRole ?? false,
      ...(props.createCloudWatchRole ? { cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN } : {}),
      // The PDFs (register, authority report, letters, board report) answer base64 with isBase64Encoded; API Gateway
      // turns that back into bytes only when the first type of the caller's Accept header is a binary media type. An
      // API client asks for application/pdf; a browser following a console link asks for text/html first, so that is
      // listed too. Responses not marked isBase64Encoded (every HTML page) pass through as they are, and no route
      // takes a body of either type (a request body of a binary type would reach the function base64-encoded).
      // multipart/form-data is the console's file upload (the people affected): listed so that its body reaches the
      // function base64-encoded, byte for byte, as the local gateway hands over every non-text body; passed as text
      // it would be decoded as UTF-8 on the way. No caller accepts it, so no response is affected.
      binaryMediaTypes: ['application/pdf', 'text/html', 'multipart/form-data'],
      deployOptions: {
        stageName: Api.STAGE,
        tracingEnabled: true,
        throttlingRateLimit: props.throttlingRateLimit ?? 50,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 100,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        // The source IP and user agent are personal data of the reporter and add nothing the request id cannot find.
        accessLogFormat: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            extendedRequestId: '$context.extendedRequestId',
            requestTime: '$context.requestTimeEpoch',
            httpMethod: '$context.httpMethod',
            resourcePath: '$context.resourcePath',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integration.latency',
            principalId: '$context.authorizer.principalId',
            errorType: '$context.error.responseType',
            wafStatus: '$context.waf.status',
            xrayTraceId: '$context.xrayTraceId',
          }),
        ),
      },
    });
    const cloudWatchRole = this.restApi.node.tryFindChild('CloudWatchRole');
    if (cloudWatchRole) {
      Validations.of(cloudWatchRole).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          "The account's API Gateway logging role is API Gateway's own service role: AWS maintains this managed " +
          'policy for exactly this purpose (writing access and execution logs), and the role is assumable by ' +
          'apigateway.amazonaws.com only.',
      });
    }
    Validations.of(this.restApi.deploymentStage).acknowledge({
      id: 'AwsSolutions-APIG6',
      reason:
        'Execution logging needs the account-wide API Gateway CloudWatch role, which this stack deliberately does ' +
        'not own (@aws-cdk/aws-apigateway:disableCloudWatchRole); the JSON access log records every request and ' +
        'its error type, and the Lambda functions log their own failures.',
    });

    for (const problem of PROBLEMS) {
      this.restApi.addGatewayResponse(problem.type.responseType, {
        type: problem.type,
        statusCode: problem.statusCode,
        responseHeaders: { 'Content-Type': "'application/problem+json'" },
        templates: { 'application/json': problemTemplate(problem) },
      });
    }

    const authorizer = new apigw.TokenAuthorizer(this, 'ApiKeyAuthorizer', {
      handler: props.functions[functionTriggeredBy((trigger) => trigger.kind === 'authorizer')],
      identitySource: apigw.IdentitySource.header('Authorization'),
      resultsCacheTtl: Duration.seconds(AUTHORIZER_CACHE_SECONDS),
    });
    const validator = new apigw.RequestValidator(this, 'RequestValidator', {
      restApi: this.restApi,
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const objectBody = this.restApi.addModel('JsonObjectBody', {
      contentType: 'application/json',
      description: 'Only the shape API Gateway can check cheaply; the functions validate the fields.',
      schema: { schema: apigw.JsonSchemaVersion.DRAFT4, type: apigw.JsonSchemaType.OBJECT },
    });
    // No test-invoke permission: the console's test button would bypass the authorizer. One integration per function.
    const integrations = new Map<FunctionName, apigw.LambdaIntegration>();
    const integration = (name: FunctionName): apigw.LambdaIntegration => {
      let found = integrations.get(name);
      if (!found) {
        found = new apigw.LambdaIntegration(props.functions[name], { allowTestInvoke: false });
        integrations.set(name, found);
      }
      return found;
    };
    const resourceAt = (path: string): apigw.IResource =>
      path
        .split('/')
        .filter((segment) => segment !== '')
        .reduce<apigw.IResource>(
          (parent, segment) => parent.getResource(segment) ?? parent.addResource(segment),
          this.restApi.root,
        );

    // Public routes: a person following a mailed link has no API key. The link carries a 256-bit single-use secret
    // whose SHA-256 is looked up server-side; the hosted form is a reporting address; the stylesheet is public.
    const publicMethods: apigw.Method[] = [];
    for (const route of apiRoutes()) {
      const pathParameters = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((match) => match[1]);
      const method = resourceAt(route.path).addMethod(route.method, integration(route.functionName), {
        requestValidator: validator,
        ...(pathParameters.length > 0
          ? { requestParameters: Object.fromEntries(pathParameters.map((p) => [`method.request.path.${p}`, true])) }
          : {}),
        ...(route.jsonBody ? { requestModels: { 'application/json': objectBody } } : {}),
        ...(route.access === 'api-key' ? { authorizer, authorizationType: apigw.AuthorizationType.CUSTOM } : {}),
      });
      if (route.access === 'public') publicMethods.push(method);
    }
    for (const method of publicMethods) {
      for (const id of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) {
        Validations.of(method).acknowledge({
          id,
          reason:
            'Deliberately public: the decision page is reached from a mailed link whose 256-bit single-use secret is ' +
            'the credential (checked against its SHA-256 in the table, expiring, claimed once); the report form is ' +
            "an organisation's reporting address for staff without API keys (CSRF-protected, size-limited, behind " +
            'the web ACL and throttling); /assets serves only the public stylesheet.',
        });
      }
    }

    for (const method of this.restApi.methods.filter((m) => !publicMethods.includes(m))) {
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-COG4',
        reason:
          'Callers are organisations, not user-pool users: each request carries an organisation API key that the ' +
          'TOKEN Lambda authorizer checks against its SHA-256 in the table.',
      });
    }

    this.addWebAcl(props.requestsPerIpPerFiveMinutes ?? 1000);
    this.acknowledgeStageFindings(accessLogs);
  }

  /** The HIPAA Security and NIST 800-53 R5 findings on the stage and its access log, with their reasons. */
  private acknowledgeStageFindings(accessLogs: logs.LogGroup): void {
    for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
      Validations.of(this.restApi.deploymentStage).acknowledge({
        id: `${pack}-APIGWCacheEnabledAndEncrypted`,
        reason:
          'No stage cache on purpose: every answer is tenant-specific and personal (a breach, a decision page), so a ' +
          'cache would only be a second copy of personal data to protect, and every read must see the latest event.',
      });
      Validations.of(this.restApi.deploymentStage).acknowledge({
        id: `${pack}-APIGWExecutionLoggingEnabled`,
        reason:
          'Execution logging needs the account-wide API Gateway CloudWatch role, which this stack does not own, and ' +
          'at INFO it would log request bodies (personal data); the JSON access log records every request instead.',
      });
      Validations.of(this.restApi.deploymentStage).acknowledge({
        id: `${pack}-APIGWSSLEnabled`,
        reason:
          'The rule asks for a client certificate for the backends; every integration is a Lambda proxy reached ' +
          'inside AWS with IAM, there is no HTTP backend to present a certificate to. Callers use TLS only.',
      });
      Validations.of(accessLogs).acknowledge({
        id: `${pack}-CloudWatchLogGroupEncrypted`,
        reason:
          'Encrypted at rest by CloudWatch Logs with service keys; the access log format leaves out the source IP, ' +
          'user agent, path and query, so it holds no personal data a customer-managed key would protect further.',
      });
    }
  }

  private addWebAcl(requestsPerIpPerFiveMinutes: number): void {
    const managedRule = (
      name: string,
      priority: number,
      ruleActionOverrides?: wafv2.CfnWebACL.RuleActionOverrideProperty[],
    ): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ruleActionOverrides } },
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: false, metricName: name },
    });
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      // Sampled requests would keep copies of reports, which can carry personal data, in the WAF console.
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: false, metricName: 'breachdesk-api' },
      rules: [
        {
          name: 'RequestsPerIp',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit: requestsPerIpPerFiveMinutes } },
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            sampledRequestsEnabled: false,
            metricName: 'RequestsPerIp',
          },
        },
        // A breach report with a long description can exceed the rule set's 8 KB body limit; it is only counted,
        // and API Gateway's own 10 MB limit and the intake schema bound the body instead.
        managedRule('AWSManagedRulesCommonRuleSet', 1, [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }]),
        managedRule('AWSManagedRulesKnownBadInputsRuleSet', 2),
        ...fairUseRules(),
      ],
      customResponseBodies: {
        [TOO_MANY_REQUESTS_BODY]: { contentType: 'APPLICATION_JSON', content: JSON.stringify(FAIR_USE_PROBLEM) },
      },
    });
    for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
      Validations.of(webAcl).acknowledge({
        id: `${pack}-WAFv2LoggingEnabled`,
        reason:
          'WAF logs would record the full request, a breach report included (personal data), in a second place; ' +
          'CloudWatch metrics per rule and the access log (with its WAF status) record what was blocked.',
      });
    }
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.restApi.deploymentStage.stageArn,
      webAclArn: webAcl.attrArn,
    });
  }
}

const TOO_MANY_REQUESTS_BODY = 'tooManyRequests';

/**
 * Fair use per organisation (functions/fair-use.ts): rate-based rules that answer 429 problem+json. The report form
 * is counted per organisation whoever sends it (its path names the organisation); the key routes per API key, which
 * belongs to one organisation (the `Authorization` header: a request without one is not counted here, and the
 * authorizer refuses it). One tenant's burst or a flood of its form is stopped there, and the others' requests pass.
 */
function fairUseRules(): wafv2.CfnWebACL.RuleProperty[] {
  const tooManyRequests: wafv2.CfnWebACL.RuleActionProperty = {
    block: { customResponse: { responseCode: 429, customResponseBodyKey: TOO_MANY_REQUESTS_BODY } },
  };
  const visibility = (metricName: string) => ({
    cloudWatchMetricsEnabled: true,
    sampledRequestsEnabled: false,
    metricName,
  });
  // Case and percent-encoding folded, so one organisation's path cannot be spelt several ways to dodge the count.
  const folded = [
    { priority: 0, type: 'URL_DECODE' },
    { priority: 1, type: 'LOWERCASE' },
  ];
  return [
    {
      name: 'ReportFormPerOrganisation',
      priority: 3,
      action: tooManyRequests,
      statement: {
        rateBasedStatement: {
          aggregateKeyType: 'CUSTOM_KEYS',
          customKeys: [{ uriPath: { textTransformations: folded } }],
          limit: FAIR_USE.reportFormPerOrganisation,
          evaluationWindowSec: FAIR_USE.windowSeconds,
          scopeDownStatement: {
            byteMatchStatement: {
              fieldToMatch: { uriPath: {} },
              positionalConstraint: 'STARTS_WITH',
              searchString: `/${Api.STAGE}${reportFormPrefix()}`,
              textTransformations: folded,
            },
          },
        },
      },
      visibilityConfig: visibility('ReportFormPerOrganisation'),
    },
    {
      name: 'ApiPerKey',
      priority: 4,
      action: tooManyRequests,
      statement: {
        rateBasedStatement: {
          aggregateKeyType: 'CUSTOM_KEYS',
          customKeys: [{ header: { name: 'authorization', textTransformations: [{ priority: 0, type: 'NONE' }] } }],
          limit: FAIR_USE.apiPerKey,
          evaluationWindowSec: FAIR_USE.windowSeconds,
        },
      },
      visibilityConfig: visibility('ApiPerKey'),
    },
  ];
}

/** Where the report form's paths start (`/report/`), from its routes in the manifest. */
export const reportFormPrefix = (): string => {
  const route = apiRoutes().find((r) => r.functionName === 'ReportForm');
  if (!route) throw new Error('the manifest has no report form route');
  return route.path.replace(/\{.*$/, '');
};
