import type { TableExports } from '../adapters/table-exports';
import { type ExportPlan, planExport, settle } from './plan-export';

export type ExportRunResult = ExportPlan & { exportArn?: string };

/**
 * One scheduled run:
 * 1. read the watermark; if an export was pending, ask DynamoDB how it ended;
 * 2. plan the next export (plan-export.ts): full, incremental from where the history ends, or nothing yet;
 * 3. ask for it, and record it as pending together with where the completed history now ends.
 * A failed export leaves the history where it was, so the next run asks for the same window again.
 */
export async function runExport(exports: TableExports, now: Date): Promise<ExportRunResult> {
  const watermark = await exports.watermark();
  const status = watermark.pending ? await exports.status(watermark.pending.exportArn) : undefined;
  const plan = planExport(watermark, status, now);
  if (plan.action === 'wait') return plan;
  const { exportArn } = await exports.start(plan);
  const exportedTo = settle(watermark, status);
  await exports.record(
    {
      ...(exportedTo ? { exportedTo } : {}),
      pending: {
        exportArn,
        type: plan.action === 'full' ? 'FULL_EXPORT' : 'INCREMENTAL_EXPORT',
        to: plan.action === 'full' ? plan.exportTime : plan.to,
      },
    },
    watermark.version,
  );
  return { ...plan, exportArn };
}
