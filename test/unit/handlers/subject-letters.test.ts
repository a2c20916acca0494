import type { APIGatewayProxyResult } from 'aws-lambda';
import { PDFDocument } from 'pdf-lib';
import { beforeEach, describe, expect, it } from 'vitest';
import { DRAFT_MARK } from '../../../functions/documents/subject-letters-pdf';
import type { DecisionData } from '../../../functions/domain/decisions';
import type { Organisation } from '../../../functions/domain/ports';
import { type Subject, subjectKey } from '../../../functions/domain/subjects';
import { makeHandler } from '../../../functions/subject-letters/make-handler';
import { flat, pageLines } from '../../e2e/support/pdf-text';
import { InMemoryBreachRepository, InMemoryOrganisationRepository } from '../../support/fakes';
import { anOrganisationWithPolicy, seedSubjectsBreach } from '../../support/subject-breach';
import { InMemorySubjectRepository } from '../../support/subject-fakes';
import { apiEvent, lambdaContext } from '../http/api-event';

/** GET /breaches/{id}/letters: who gets a letter follows the record, and what to check before posting is said. */

const BREACH = 'BR-7K3M-9QXD-2F8A-1C4E';
const dpo = { name: 'Dana Protection', role: 'DPO' };

const cora: Subject = { name: 'Cora Dunleavy', postalAddress: '7 Church Street, Bewdley DY12 2AA' };
const bram: Subject = {
  name: 'Bram Castillo',
  email: 'bram@example.org',
  postalAddress: '14 Mill Lane, Kidderminster',
};
const alma: Subject = { name: 'Alma Adeyemi', email: 'alma@example.org' };
const gus: Subject = {
  name: 'Fenna Goh',
  representative: { name: 'Gus Goh', relationship: 'attorney', postalAddress: '12 High Street, Worcester WR1 2HH' },
};
const alexei: Subject = { name: '王秀英', postalAddress: '1 Station Road, Bewdley DY12 1AA' };
const lucja: Subject = { name: 'Łucja Nowak', postalAddress: '3 Mill Row, Kidderminster DY10 2JJ' };

let breaches: InMemoryBreachRepository;
let organisations: InMemoryOrganisationRepository;
let subjects: InMemorySubjectRepository;
let organisation: Organisation;

const seed = async (people: readonly Subject[], notifySubjects?: DecisionData['notify-subjects']) => {
  await seedSubjectsBreach(breaches, { organisation, breachId: BREACH, ...(notifySubjects ? { notifySubjects } : {}) });
  await subjects.add(
    BREACH,
    people.map((subject) => ({ key: subjectKey(BREACH, subject), subject })),
    '2025-03-03T10:00:00Z',
  );
};

const decide = async (conclusion: DecisionData['decide']['conclusion'], told: boolean) => {
  await breaches.append(BREACH, {
    type: 'decision-taken',
    at: '2025-03-03T11:00:00Z',
    actor: { kind: 'person', ...dpo },
    data: {
      step: 'decide',
      decision: { decidedBy: dpo, conclusion, rationale: 'A rationale of at least one sentence.' },
      via: 'api',
      plan: { authority: conclusion !== 'no-notification', subjects: told, controller: false, otherParties: false },
    },
  });
};

const get = async (query: Record<string, string> = {}): Promise<APIGatewayProxyResult> =>
  makeHandler({
    breaches,
    organisations,
    subjects,
    now: () => new Date('2025-03-04T10:00:00Z'),
    logger: { error: () => undefined },
  })(
    apiEvent({
      path: `/breaches/${BREACH}/letters`,
      pathParameters: { id: BREACH },
      query: { format: 'pdf', ...query },
      organisationId: organisation.id,
    }),
    lambdaContext(),
  );

const read = async (response: APIGatewayProxyResult) => {
  const doc = await PDFDocument.load(Buffer.from(response.body, 'base64'));
  const pages = pageLines(doc);
  return { pages, text: flat(pages.flat().join(' ')) };
};

const problem = (response: APIGatewayProxyResult) => {
  expect(response.statusCode).toBe(409);
  expect(response.headers?.['content-type']).toContain('application/problem+json');
  return JSON.parse(response.body) as { detail: string };
};

beforeEach(async () => {
  breaches = new InMemoryBreachRepository();
  organisations = new InMemoryOrganisationRepository();
  subjects = new InMemorySubjectRepository();
  organisation = anOrganisationWithPolicy('org-a', 'social-care');
  organisation.policy.dpo = { ...organisation.policy.dpo, phone: '01632 960 321' };
  await organisations.put(organisation);
});

describe('GET /breaches/{id}/letters, before the notify-subjects decision', () => {
  it('prints drafts for the people without e-mail only, marked on every page and in a header', async () => {
    await seed([cora, bram, alma, gus]);

    const response = await get();

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['breachdesk-letters-status']).toBe('draft');
    expect(response.headers?.['x-letter-count']).toBe('2');
    expect(response.headers?.['content-disposition']).toContain(`draft-letters-${BREACH}.pdf`);
    expect(response.headers?.['breachdesk-letters-check']).toBeUndefined();
    const { pages, text } = await read(response);
    for (const page of pages) expect(page).toContain(DRAFT_MARK);
    expect(text).toContain('Dear Cora Dunleavy,');
    expect(text).toContain('Dear Gus Goh,');
    expect(text).not.toContain('Bram Castillo');
  });

  it('refuses once the decision to notify concluded that the people are not told', async () => {
    await seed([cora]);
    await decide('authority-only', false);

    expect(problem(await get()).detail).toBe(
      'The decision recorded on Monday 3 March 2025, 11:00 GMT concluded “Notify the supervisory authority only”: the people affected are not told. ' +
        'A printed letter would be a communication the record does not show, so none is printed.',
    );
  });
});

describe('GET /breaches/{id}/letters, after the notify-subjects decision', () => {
  it.each([
    ['email-and-letter', 3],
    ['letter', 3],
  ] as const)(
    'prints a final letter for everyone with a postal address when the decision says %s',
    async (method, count) => {
      await seed([cora, bram, alma, gus], { decidedBy: dpo, method });

      const response = await get();

      expect(response.statusCode).toBe(200);
      expect(response.headers?.['breachdesk-letters-status']).toBe('final');
      expect(response.headers?.['x-letter-count']).toBe(String(count));
      const { pages, text } = await read(response);
      expect(pages.flat()).not.toContain(DRAFT_MARK);
      expect(text).toContain('Dear Bram Castillo,');
      expect(text).not.toContain('Alma');
    },
  );

  it.each([
    ['email', 'told by e-mail only, not by letter'],
    ['phone', 'told by phone, not by letter'],
    ['in-person', 'told in person, not by letter'],
  ] as const)(
    'refuses with 409 when the decision says %s: a letter would be an unrecorded communication',
    async (method, words) => {
      await seed([cora, bram], { decidedBy: dpo, method });

      const { detail } = problem(await get());

      expect(detail).toBe(
        `The notify-subjects decision recorded on Monday 3 March 2025, 12:00 GMT says the people affected are ${words}. ` +
          'A printed letter would be a communication the record does not show, so none is printed.',
      );
    },
  );

  it('refuses with 409 under an Art. 34(3) exemption, naming it', async () => {
    await seed([cora], {
      decidedBy: dpo,
      method: 'public-communication',
      exemption: { ground: 'disproportionate-effort', explanation: 'No contact details for 150,000 people.' },
    });

    const { detail } = problem(await get());

    expect(detail).toContain('relies on the exemption of Art. 34(3)(c)');
    expect(detail).toContain('by a public communication (GET /breaches/{id}/public-notice)');
  });

  it('refuses an exemption even when the method names a letter', async () => {
    await seed([cora], {
      decidedBy: dpo,
      method: 'letter',
      exemption: { ground: 'subsequent-measures', explanation: 'Every code was changed within the hour.' },
    });

    expect(problem(await get()).detail).toContain('Art. 34(3)(b)');
  });
});

describe('files of `limit` letters', () => {
  it('gives a next cursor only when another letter follows, never one to a file with no letter in it', async () => {
    const mailed = Array.from({ length: 30 }, (_, i) => ({ name: `Person ${i}`, email: `p${i}@example.org` }));
    await seed([cora, ...mailed]);
    // Someone with e-mail only comes after Cora in key order: the scan must look past them.
    expect(mailed.some((p) => subjectKey(BREACH, p) > subjectKey(BREACH, cora))).toBe(true);

    const response = await get({ limit: '1' });

    expect(response.headers?.['x-letter-count']).toBe('1');
    expect(response.headers?.['x-next-cursor']).toBeUndefined();
  });

  it('gives the cursor of the last letter when more follow, and the next file starts after it', async () => {
    await seed([cora, lucja, gus]);

    const first = await get({ limit: '2' });
    const cursor = first.headers?.['x-next-cursor'];
    expect(first.headers?.['x-letter-count']).toBe('2');
    expect(cursor).toMatch(/^[0-9a-f]{64}$/);
    const second = await get({ limit: '2', cursor: String(cursor) });
    expect(second.headers?.['x-letter-count']).toBe('1');
    expect(second.headers?.['x-next-cursor']).toBeUndefined();
  });
});

describe('what to check before posting', () => {
  it('names the letters the PDF cannot print, by number and page, never by name', async () => {
    await seed([cora, alexei, lucja], { decidedBy: dpo, method: 'letter' });

    const response = await get();
    const { text } = await read(response);
    // The order of the letters is the order of the keys.
    const order = [cora, alexei, lucja].sort((a, b) => subjectKey(BREACH, a).localeCompare(subjectKey(BREACH, b)));
    const number = order.indexOf(alexei) + 1;

    expect(response.headers?.['breachdesk-letters-unprintable']).toBe(String(number));
    expect(response.headers?.['breachdesk-letters-check']).toBe(
      `1 letter contains characters the font cannot print (printed as ?): letter ${number} (page ${2 * number - 1}) of this file; ` +
        'check them and write the names and addresses in by hand before posting.',
    );
    expect(response.headers?.['breachdesk-letters-check']).not.toMatch(/王秀英|Łucja|Cora/);
    // Łucja prints as she writes her name, and is not flagged.
    expect(text).toContain('Dear Łucja Nowak,');
  });

  it('says when the letters give no way to reply but e-mail, and not when a phone or an address is given', async () => {
    organisation.policy.dpo = { name: 'Dana Protection', email: 'dpo@example.org' };
    await organisations.put(organisation);
    await seed([cora], { decidedBy: dpo, method: 'letter' });

    const check = (await get()).headers?.['breachdesk-letters-check'];
    expect(check).toBe(
      "The letters give no way to reply except by e-mail, which the people written to may not have: add the DPO's " +
        "phone number or postal address to the organisation's policy (dpo.phone, dpo.postalAddress).",
    );

    organisation.policy.dpo = { ...organisation.policy.dpo, postalAddress: '1 Quay Street, Worcester WR1 2JN' };
    await organisations.put(organisation);
    const withAddress = await get();
    expect(withAddress.headers?.['breachdesk-letters-check']).toBeUndefined();
    expect((await read(withAddress)).text).toContain('Postal address: 1 Quay Street, Worcester WR1 2JN');
  });
});
