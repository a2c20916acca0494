import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Counter } from './counter';
import { METRICS_NAMESPACE, SERVICE_NAME } from './names';

/**
 * Breachdesk's CloudWatch metrics, written as Embedded Metric Format lines to the function's log (no API call, no
 * extra permission); instrument.ts flushes them at the end of each invocation.
 */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

export const metricsCounter: Counter = {
  count: (name, value = 1) => {
    if (value > 0) metrics.addMetric(name, MetricUnit.Count, value);
  },
};
