import { toScaled } from '../local/time-scale';
import { aReportInput } from '../test/support/reports';
import { startBenchWorld } from './local-world';

/**
 * Clock precision in local mode with a time scale: a school breach reported now, nobody acting on it, clocks
 * compressed TIME_SCALE times (72 hours in 7.2 s). Each warning and missed-mark alert lands as a `deadline-warned`
 * or `deadline-missed` event whose `at` is when CheckMark ran; its mark is the scaled time the Wait waited for (the
 * CheckMark state's input). Lateness = how much later than its mark the alert came, in real time. Target: ≤ 1 s.
 */

const TIME_SCALE = 36_000;

interface Landing {
  mark: string;
  markAt: string;
  landedAt: string;
  latenessMs: number;
}

export async function measureClockPrecision(): Promise<Landing[]> {
  const world = await startBenchWorld({ timeScale: TIME_SCALE });
  try {
    const org = await world.organisation('school');
    const breachId = await world.report(org.id, aReportInput({}, new Date()));
    const arn = world.executionArn(breachId);
    // Every mark of the three clocks passes within 72 h / TIME_SCALE; wait for the last CheckMark to finish.
    const deadline = Date.now() + (72 * 3_600_000) / TIME_SCALE + 5_000;
    const checks = () =>
      world.runtime.stepFunctions.history(arn).filter((e) => e.type === 'StateExited' && e.state.name === 'CheckMark');
    while (Date.now() < deadline && checks().length < 9) await new Promise((r) => setTimeout(r, 100));

    const marks = world.runtime.stepFunctions.history(arn).flatMap((e) =>
      e.type === 'StateEntered' && e.state.name === 'CheckMark'
        ? [
            (
              e.state.input as {
                mark: { at: string; clockId: string; kind: string; hoursBefore?: number; scaleOriginMs?: number };
              }
            ).mark,
          ]
        : [],
    );
    const events = await world.breaches.events(breachId);
    const landings: Landing[] = [];
    for (const mark of marks) {
      const event = events.find((e) =>
        mark.kind === 'warning'
          ? e.type === 'deadline-warned' &&
            (e.data as { clockId: string; hoursBefore: number }).clockId === mark.clockId &&
            (e.data as { hoursBefore: number }).hoursBefore === mark.hoursBefore
          : e.type === 'deadline-missed' && (e.data as { clockId: string }).clockId === mark.clockId,
      );
      if (!event) continue;
      landings.push({
        mark: `${mark.clockId} ${mark.kind}${mark.kind === 'warning' ? ` ${mark.hoursBefore} h before` : ''}`,
        markAt: mark.at,
        landedAt: event.at,
        // The alert's time is on the breach's scaled clock (local/time-scale.ts): its distance from the scaled mark,
        // divided by the scale, is how late it came in real time.
        latenessMs:
          (Date.parse(event.at) - toScaled(Date.parse(mark.at), mark.scaleOriginMs ?? 0, TIME_SCALE)) / TIME_SCALE,
      });
    }
    return landings;
  } finally {
    await world.close();
  }
}

export async function clockPrecision(): Promise<void> {
  console.log(
    `\n3. Clock precision (local mode, time scale ${TIME_SCALE}: 1 h = ${(3_600_000 / TIME_SCALE).toFixed(0)} ms; ` +
      'target: worst lateness ≤ 1 s scaled)',
  );
  const landings = await measureClockPrecision();
  console.table(landings.map((l) => ({ ...l, latenessMs: l.latenessMs.toFixed(0) })));
  const worst = Math.max(...landings.map((l) => l.latenessMs));
  console.log(
    `    ${landings.length} alerts; worst lateness ${worst.toFixed(0)} ms against a floor of 0 ms: ` +
      (worst <= 1000 ? 'met (≤ 1 s)' : 'MISSED (> 1 s)'),
  );
}
