/**
 * The names the functions' logs and metrics go out under, and the alarms in the stack read: one place for both, and
 * free of Powertools so that the CDK app can import it without the Lambda libraries.
 */

/** `service` on every log line and metric. */
export const SERVICE_NAME = 'breachdesk';

/** The CloudWatch namespace of Breachdesk's own metrics (EMF, functions/observability/metrics.ts). */
export const METRICS_NAMESPACE = 'Breachdesk';

/** Every metric the functions emit; each is a count. */
export const METRIC_NAMES = {
  /** A new breach recorded (API or form); a repeated request is not counted again. */
  breachesReported: 'BreachesReported',
  /** A clock's deadline passed unmet (the Clock branch recorded `deadline-missed`). */
  deadlinesMissed: 'DeadlinesMissed',
  /** Notices to the people affected that SES accepted. */
  noticesSent: 'NoticesSent',
  /** Notices SES refused for good (the person is marked failed). */
  noticesFailed: 'NoticesFailed',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];

/** The dimension every metric carries (Powertools adds `service`): what the alarms select by. */
export const METRIC_DIMENSIONS = { service: SERVICE_NAME } as const;
