import { describe, expect, it } from 'vitest';
import { checkMark } from '../../../functions/domain/check-mark';
import { scheduleFor } from '../../../functions/domain/clocks';
import type { NewEvent } from '../../../functions/domain/events';
import type { MailMessage } from '../../../functions/domain/mail/message';
import { PRESETS } from '../../../functions/domain/presets';
import { at, DPO, reportedEvents } from '../../support/authority-histories';
import { anOrganisation, InMemoryBreachRepository, InMemoryOrganisationRepository } from '../../support/fakes';

/**
 * CheckMark after awareness was amended: a mark of the earlier plan (still in flight when the Clock branch re-planned)
 * is superseded and alerts nobody; the new plan's mark alerts, once, with its own deadline.
 */

const HOUR = 3_600_000;

const world = async () => {
  const breaches = new InMemoryBreachRepository();
  const organisations = new InMemoryOrganisationRepository();
  await organisations.put(anOrganisation('org-1'));
  const [reported, assessed] = reportedEvents('generic');
  await breaches.create('BR-0000-0000-0000-0001', 'org-1', reported as NewEvent<'reported'>);
  await breaches.append('BR-0000-0000-0000-0001', assessed as NewEvent);
  const sent: MailMessage[] = [];
  return {
    breaches,
    deps: (now: Date) => ({
      breaches,
      organisations,
      mailer: { send: async (message: MailMessage) => (sent.push(message), { messageId: `m-${sent.length}` }) },
      breachUrl: (id: string) => `https://breachdesk.test/breaches/${id}`,
      now: () => now,
    }),
    sent,
  };
};

describe('checkMark after awareness is amended', () => {
  it('supersedes a mark of the earlier plan and alerts the new one once, keyed by its deadline', async () => {
    const { breaches, deps, sent } = await world();
    const id = 'BR-0000-0000-0000-0001';
    const before = await breaches.state(id);
    const oldMark = scheduleFor(before?.awareAt ?? '', PRESETS.generic.clocks).find(
      (m) => m.clockId === 'initial-assessment' && m.kind === 'deadline',
    );
    const earlier = new Date(Date.parse(before?.awareAt ?? '') - 6 * HOUR).toISOString();
    await breaches.append(id, {
      type: 'fact-amended',
      at: at(3),
      actor: { kind: 'person', ...DPO },
      data: { changes: { awareAt: earlier }, reason: 'Known six hours earlier than first said.' },
    });
    const newMark = scheduleFor(earlier, PRESETS.generic.clocks).find(
      (m) => m.clockId === 'initial-assessment' && m.kind === 'deadline',
    );
    if (!oldMark || !newMark) throw new Error('the generic policy has an initial-assessment clock');

    // At the old mark's time, long after the new deadline: the old mark says nothing.
    expect(await checkMark(deps(new Date(oldMark.at)), id, oldMark)).toBe('superseded');
    expect(sent).toHaveLength(0);
    expect(await checkMark(deps(new Date(newMark.at)), id, newMark)).toBe('alerted');
    expect(await checkMark(deps(new Date(newMark.at)), id, newMark)).toBe('already-alerted');
    const missed = (await breaches.events(id)).filter((e) => e.type === 'deadline-missed');
    expect(missed.map((e) => e.data)).toEqual([{ clockId: 'initial-assessment', dueAt: newMark.dueAt }]);
    expect(sent).toHaveLength(1);
  });
});
