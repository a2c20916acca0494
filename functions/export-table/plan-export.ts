/**
 * Which export of the table to ask for next: the first is a full export; after that each run exports only what
 * changed since the last export that completed (an incremental export from its end), so the bucket holds the whole
 * history without copying the whole table every day.
 *
 * DynamoDB's limits shape the plan (ExportTableToPointInTime, IncrementalExportSpecification): an incremental
 * window is 15 minutes to 24 hours long and must lie within the table's point-in-time recovery window (35 days).
 * A window that would start before the recovery window can no longer be exported incrementally: a full export
 * starts the chain afresh. A longer gap is caught up 24 hours per run.
 */

export interface ExportWatermark {
  /** Where the exported history ends: the last completed export's export time (full) or ExportToTime (incremental). */
  exportedTo?: string;
  /** The export asked for on the last run, not yet seen completed. */
  pending?: PendingExport;
}

export interface PendingExport {
  exportArn: string;
  type: 'FULL_EXPORT' | 'INCREMENTAL_EXPORT';
  /** The point in time the export runs to: where `exportedTo` moves when it completes. */
  to: string;
}

export type PendingStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export type ExportPlan =
  | { action: 'full'; exportTime: string }
  | { action: 'incremental'; from: string; to: string }
  | { action: 'wait'; reason: string };

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
export const MIN_WINDOW_MS = 15 * MINUTE_MS;
export const MAX_WINDOW_MS = 24 * HOUR_MS;
/** PITR keeps 35 days; an hour of margin so a window accepted now is still inside it when DynamoDB starts on it. */
export const PITR_WINDOW_MS = 35 * 24 * HOUR_MS - HOUR_MS;

/** Where the history ends once the pending export's outcome is known. */
export const settle = (watermark: ExportWatermark, status: PendingStatus | undefined): string | undefined =>
  status === 'COMPLETED' && watermark.pending ? watermark.pending.to : watermark.exportedTo;

export function planExport(
  watermark: ExportWatermark,
  pendingStatus: PendingStatus | undefined,
  now: Date,
): ExportPlan {
  if (watermark.pending && pendingStatus === 'IN_PROGRESS') {
    return { action: 'wait', reason: `export ${watermark.pending.exportArn} is still running` };
  }
  const exportedTo = settle(watermark, pendingStatus);
  if (exportedTo === undefined) return { action: 'full', exportTime: now.toISOString() };
  const from = Date.parse(exportedTo);
  if (now.getTime() - from > PITR_WINDOW_MS) return { action: 'full', exportTime: now.toISOString() };
  if (now.getTime() - from < MIN_WINDOW_MS) {
    return { action: 'wait', reason: 'less than 15 minutes since the last export: nothing to export yet' };
  }
  const to = Math.min(now.getTime(), from + MAX_WINDOW_MS);
  return { action: 'incremental', from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
