import type { WorkflowDeps } from '../functions/workflow-deps';
import { isObject } from './lambda-functions';

/**
 * `--time-scale N` for local mode: each breach's time runs N times faster than real time from a fixed origin, the
 * instant it was reported (`reportedAt`, which Prepare returns). On that breach's scaled clock, real instant r reads
 * origin + (r − origin) × N; a mark at scaled time s comes at real time origin + (s − origin) / N.
 *
 * - The schedule Prepare returns (every warning and deadline the Clock branch waits for) is moved to the real times
 *   its marks come at, and each mark carries its origin, so the mark's check can read the scaled clock.
 * - The check at each mark (CheckMark) runs with `now` on the breach's scaled clock: the 6 h warning says 6 hours
 *   are left, the 1 h warning 1 hour, and a warning whose deadline has passed on the scaled clock is superseded.
 * - The origin is part of the breach's record, not of the process: after a restart, the replay computes the same
 *   real times, so the marks still to come arrive when they would have, not late by the scaled restart time, and
 *   those that passed while it was down fire at once and alert once.
 *
 * The Wait states, the domain and the ASL are untouched; only these two tasks' inputs and clock differ.
 */

/** The mark's field that carries its breach's origin (epoch ms); the task's input schema ignores it. */
export const ORIGIN_FIELD = 'scaleOriginMs';

/** Real time → the breach's scaled time. */
export const toScaled = (realMs: number, originMs: number, scale: number): number =>
  originMs + (realMs - originMs) * scale;

/** The breach's scaled time → when it comes in real time; an instant before the origin stays where it is. */
export const toReal = (scaledMs: number, originMs: number, scale: number): number =>
  scaledMs <= originMs ? scaledMs : originMs + Math.round((scaledMs - originMs) / scale);

export function compressSchedule(output: unknown, scale: number): unknown {
  if (scale === 1 || !isObject(output) || !Array.isArray(output.schedule)) return output;
  const originMs = typeof output.reportedAt === 'string' ? Date.parse(output.reportedAt) : Number.NaN;
  if (Number.isNaN(originMs)) throw new Error('Prepare returned no reportedAt: the time scale has no origin');
  const schedule = output.schedule.map((mark: unknown) => {
    if (!isObject(mark) || typeof mark.at !== 'string') return mark;
    const at = Date.parse(mark.at);
    if (Number.isNaN(at)) return mark;
    return { ...mark, at: new Date(toReal(at, originMs, scale)).toISOString(), [ORIGIN_FIELD]: originMs };
  });
  return { ...output, schedule };
}

/** The origin a CheckMark input's mark carries, if it was compressed. */
export const originOf = (event: unknown): number | undefined => {
  if (!isObject(event) || !isObject(event.mark)) return undefined;
  const origin = event.mark[ORIGIN_FIELD];
  return typeof origin === 'number' && Number.isFinite(origin) ? origin : undefined;
};

type TaskHandler = (event: unknown) => Promise<unknown>;

/**
 * The CheckMark task on the breach's scaled clock: the real handler's use case, built with the same dependencies as
 * its module builds from the environment, but a `now` that reads the scaled clock of the mark's breach. Imported
 * lazily: the handler module builds its clients when first imported, once the runtime has set the environment.
 */
export async function scaledCheckMark(
  scale: number,
  options: {
    /** The dependencies the CheckMark function is wired with, from its own environment. */
    deps: WorkflowDeps;
    /** The real clock. @default Date.now */
    realNow?: () => number;
  },
): Promise<TaskHandler> {
  const { makeHandler } = await import('../functions/check-mark/make-handler');
  const { deps, realNow = Date.now } = options;
  const realTime = makeHandler(deps);
  return async (event) => {
    const originMs = originOf(event);
    if (originMs === undefined) return realTime(event);
    return makeHandler({ ...deps, now: () => new Date(toScaled(realNow(), originMs, scale)) })(event);
  };
}
