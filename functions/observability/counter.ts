import type { MetricName } from './names';

/**
 * What a handler needs of metrics: add to a count. The functions get Powertools' EMF metrics (metrics.ts); tests get
 * a recorder of their own.
 */
export interface Counter {
  count(name: MetricName, value?: number): void;
}
