import type { BreachRepository } from './ports';
import type { BreachState } from './state';

/**
 * Every breach of the organisation, in full: the list's pages, then each one's projection. One read per breach is
 * fine for the hundreds of breaches an organisation records over years; when registers grow past what a request can
 * read in time, they are better served from the exports (Athena).
 *
 * Each projection's organisation is checked again here: a register or a board report must never carry another
 * organisation's breach, whatever the index says.
 */
export async function organisationBreaches(
  breaches: Pick<BreachRepository, 'list' | 'state'>,
  organisationId: string,
  status?: BreachState['status'],
): Promise<BreachState[]> {
  const states: BreachState[] = [];
  let cursor: string | undefined;
  do {
    const page = await breaches.list(organisationId, {
      limit: 100,
      ...(status ? { status } : {}),
      ...(cursor ? { cursor } : {}),
    });
    const read = await Promise.all(page.items.map((item) => breaches.state(item.breachId)));
    states.push(...read.filter((s): s is BreachState => s !== undefined && s.organisationId === organisationId));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return states;
}
