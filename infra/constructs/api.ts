import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface ApiProps {
  /** Checks the organisation API key in the `Authorization` header for every route. */
  readonly authorizer: lambda.IFunction;
  /** `POST /breaches`: reports a breach. */
  readonly intake: lambda.IFunction;
  /** `GET /breaches`: lists the calling organisation's breaches. */
  readonly listBreaches: lambda.IFunction;
  /** `GET /breaches/{id}`: one breach of the calling organisation. */
  readonly getBreach: lambda.IFunction;
  /** `POST /breaches/{id}/decisions/{step}`: a decision taken through the API instead of a decision link. */
  readonly submitDecision: lambda.IFunction;
  /** `GET|POST /decisions/{secret}`: the decision page behind a mailed link; the link's secret is the credential. */
  readonly decisionPage: lambda.IFunction;
  /** `GET /assets/{proxy+}`: the pages' stylesheet. */
  readonly assets: lambda.IFunction;
  /** `GET|POST /console` and `/console/{proxy+}`: the console, behind its own OIDC sign-in and session cookie. */
  readonly console: lambda.IFunction;
  /** `GET|POST /report/{organisation}`: the hosted report form, for staff without an API key. */
  readonly reportForm: lambda.IFunction;
  /** `GET /verification`: re-checks the hash chains of the calling organisation's breaches (issue 6). */
  readonly verification: lambda.IFunction;
  /** `GET /register`: the calling organisation's breach register as JSON, CSV or PDF (issue 6). */
  readonly register: lambda.IFunction;
  /** `GET /breaches/{id}/authority-report`: the report to the supervisory authority as JSON, text or PDF (issue 5). */
  readonly authorityReport: lambda.IFunction;
  /** `POST /breaches/{id}/authority-reports`: a follow-up or final report to the authority was submitted (issue 5). */
  readonly authorityFollowUp: lambda.IFunction;
  /** `POST /breaches/{id}/authority-acknowledgement`: the authority's written confirmation of receipt (issue 5). */
  readonly authorityAcknowledgement: lambda.IFunction;
  /** `GET /breaches/{id}/other-parties`: the other parties to tell, why, and whether they were (issue 5). */
  readonly otherParties: lambda.IFunction;
  /**
   * The people affected (issue 5): `POST /breaches/{id}/subjects` (JSON or CSV), `GET /breaches/{id}/public-notice`,
   * `GET /breaches/{id}/letters`, `POST /breaches/{id}/subjects/unconfirmed` (a person resolves notices a crashed
   * run left unconfirmed), and `DELETE /breaches/{id}/subjects` (their contact details erased once the case is closed).
   */
  readonly subjects: {
    readonly add: lambda.IFunction;
    readonly publicNotice: lambda.IFunction;
    readonly letters: lambda.IFunction;
    readonly resolveUnconfirmed: lambda.IFunction;
    readonly erase: lambda.IFunction;
  };
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
    detail: '$context.error.validationErrorString',
  },
  {
    type: apigw.ResponseType.BAD_REQUEST_PARAMETERS,
    statusCode: '400',
    title: 'Bad Request',
    detail: '$context.error.validationErrorString',
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
      cloudWatchRole: false,
      // GET /register?format=pdf and GET /breaches/{id}/authority-report?format=pdf answer base64 with isBase64Encoded; API Gateway turns it back into bytes only for
      // a binary media type named first in the caller's Accept header. Request bodies of this type get base64 too,
      // but no route takes one.
      binaryMediaTypes: ['application/pdf'],
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
        templates: {
          'application/json': [
            '{"type":"about:blank"',
            `"title":"${problem.title}"`,
            ...(problem.statusCode ? [`"status":${problem.statusCode}`] : []),
            `"detail":${problem.detail}`,
            '"requestId":"$context.requestId"}',
          ].join(','),
        },
      });
    }

    const authorizer = new apigw.TokenAuthorizer(this, 'ApiKeyAuthorizer', {
      handler: props.authorizer,
      identitySource: apigw.IdentitySource.header('Authorization'),
      resultsCacheTtl: Duration.seconds(60),
    });
    const validator = new apigw.RequestValidator(this, 'RequestValidator', {
      restApi: this.restApi,
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const objectBody = this.restApi.addModel('JsonObjectBody', {
      contentType: 'application/json',
      description: 'Only the shape API Gateway can check cheaply; the intake function validates the fields.',
      schema: { schema: apigw.JsonSchemaVersion.DRAFT4, type: apigw.JsonSchemaType.OBJECT },
    });
    const methodOptions: apigw.MethodOptions = {
      authorizer,
      authorizationType: apigw.AuthorizationType.CUSTOM,
      requestValidator: validator,
    };
    const integration = (fn: lambda.IFunction): apigw.LambdaIntegration =>
      // No test-invoke permission: the console's test button would bypass the authorizer.
      new apigw.LambdaIntegration(fn, { allowTestInvoke: false });

    const breaches = this.restApi.root.addResource('breaches');
    breaches.addMethod('POST', integration(props.intake), {
      ...methodOptions,
      requestModels: { 'application/json': objectBody },
    });
    breaches.addMethod('GET', integration(props.listBreaches), methodOptions);
    const breach = breaches.addResource('{id}');
    breach.addMethod('GET', integration(props.getBreach), {
      ...methodOptions,
      requestParameters: { 'method.request.path.id': true },
    });
    breach
      .addResource('decisions')
      .addResource('{step}')
      .addMethod('POST', integration(props.submitDecision), {
        ...methodOptions,
        requestModels: { 'application/json': objectBody },
        requestParameters: { 'method.request.path.id': true, 'method.request.path.step': true },
      });

    // The notify steps (issue 5): the authority report and its phases and receipt, and the other parties.
    const byId = { 'method.request.path.id': true };
    breach
      .addResource('authority-report')
      .addMethod('GET', integration(props.authorityReport), { ...methodOptions, requestParameters: byId });
    breach.addResource('authority-reports').addMethod('POST', integration(props.authorityFollowUp), {
      ...methodOptions,
      requestModels: { 'application/json': objectBody },
      requestParameters: byId,
    });
    breach.addResource('authority-acknowledgement').addMethod('POST', integration(props.authorityAcknowledgement), {
      ...methodOptions,
      requestModels: { 'application/json': objectBody },
      requestParameters: byId,
    });
    breach
      .addResource('other-parties')
      .addMethod('GET', integration(props.otherParties), { ...methodOptions, requestParameters: byId });

    // The people affected (issue 5). A CSV body has no model: the function parses and validates it row by row.
    const subjects = breach.addResource('subjects');
    subjects.addMethod('POST', integration(props.subjects.add), {
      ...methodOptions,
      requestModels: { 'application/json': objectBody },
      requestParameters: byId,
    });
    subjects.addMethod('DELETE', integration(props.subjects.erase), {
      ...methodOptions,
      requestModels: { 'application/json': objectBody },
      requestParameters: byId,
    });
    subjects.addResource('unconfirmed').addMethod('POST', integration(props.subjects.resolveUnconfirmed), {
      ...methodOptions,
      requestModels: { 'application/json': objectBody },
      requestParameters: byId,
    });
    breach
      .addResource('public-notice')
      .addMethod('GET', integration(props.subjects.publicNotice), { ...methodOptions, requestParameters: byId });
    breach
      .addResource('letters')
      .addMethod('GET', integration(props.subjects.letters), { ...methodOptions, requestParameters: byId });

    // Auditors (issue 6): the organisation's own tamper check and breach register.
    this.restApi.root.addResource('verification').addMethod('GET', integration(props.verification), methodOptions);
    this.restApi.root.addResource('register').addMethod('GET', integration(props.register), methodOptions);

    // Public routes: a person following a mailed link has no API key. The link carries a 256-bit single-use secret
    // whose SHA-256 is looked up server-side; the stylesheet is public anyway.
    const publicMethods: apigw.Method[] = [];
    const decision = this.restApi.root.addResource('decisions').addResource('{secret}');
    for (const verb of ['GET', 'POST']) {
      publicMethods.push(
        decision.addMethod(verb, integration(props.decisionPage), {
          requestParameters: { 'method.request.path.secret': true },
          requestValidator: validator,
        }),
      );
    }
    const reportForm = this.restApi.root.addResource('report').addResource('{organisation}');
    for (const verb of ['GET', 'POST']) {
      publicMethods.push(
        reportForm.addMethod(verb, integration(props.reportForm), {
          requestParameters: { 'method.request.path.organisation': true },
          requestValidator: validator,
        }),
      );
    }
    const consoleRoot = this.restApi.root.addResource('console');
    const consolePages = consoleRoot.addResource('{proxy+}');
    for (const verb of ['GET', 'POST']) {
      publicMethods.push(consoleRoot.addMethod(verb, integration(props.console)));
      publicMethods.push(
        consolePages.addMethod(verb, integration(props.console), {
          requestParameters: { 'method.request.path.proxy': true },
        }),
      );
    }
    publicMethods.push(
      this.restApi.root
        .addResource('assets')
        .addResource('{proxy+}')
        .addMethod('GET', integration(props.assets), { requestParameters: { 'method.request.path.proxy': true } }),
    );
    for (const method of publicMethods) {
      for (const id of ['AwsSolutions-APIG4', 'AwsSolutions-COG4']) {
        Validations.of(method).acknowledge({
          id,
          reason:
            'Deliberately public: the decision page is reached from a mailed link whose 256-bit single-use secret is ' +
            'the credential (checked against its SHA-256 in the table, expiring, claimed once); the report form is ' +
            "an organisation's reporting address for staff without API keys (CSRF-protected, size-limited, behind " +
            'the web ACL and throttling); /assets serves only the public stylesheet; /console signs people in with ' +
            'OIDC (Cognito, code + PKCE) and checks its own hashed, revocable session on every request.',
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
      ],
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
