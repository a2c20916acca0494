import { isObject } from './lambda-functions';

/**
 * `--time-scale N` for local mode: the schedule Prepare returns (every warning and deadline the Clock branch waits
 * for) is compressed around now, each future mark moved to now + (at − now) / N. The Wait states, the domain and the
 * ASL are untouched; a mark already past stays where it is, so it fires at once and alerts once, as it would at 1×.
 * The milestones a mark checks are still judged by the case's record, not by the compressed time.
 */
export function compressSchedule(output: unknown, scale: number, nowMs: number): unknown {
  if (scale === 1 || !isObject(output) || !Array.isArray(output.schedule)) return output;
  const schedule = output.schedule.map((mark: unknown) => {
    if (!isObject(mark) || typeof mark.at !== 'string') return mark;
    const at = Date.parse(mark.at);
    if (Number.isNaN(at) || at <= nowMs) return mark;
    return { ...mark, at: new Date(nowMs + Math.round((at - nowMs) / scale)).toISOString() };
  });
  return { ...output, schedule };
}
