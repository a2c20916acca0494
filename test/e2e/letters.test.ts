import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS_WINDOW } from '../../functions/documents/subject-letters-pdf';
import { recordAccessCodesChanged } from '../../functions/domain/access-codes';
import { generateApiKey, hashApiKey } from '../../functions/domain/api-keys';
import { type LocalApiGateway, startApiGateway } from '../../local/api-gateway';
import { apiMount } from '../../local/api-routes';
import { aReportInput } from '../support/reports';
import type { StoredEmail } from '../support/ses';
import { type LifecycleWorld, type Organisation, startLifecycleWorld } from './support/lifecycle-world';
import { flat, type PlacedText, pageLines, pageTexts } from './support/pdf-text';

/**
 * Issue 5's notices on paper, inside the running lifecycle. A social care provider (shared/policies/000) loses a bag
 * of printed care plans with the key-safe codes of the people it visits. Some of them have an e-mail address, some
 * only a postal address, some are told through a representative (next of kin, an attorney, a care professional).
 * The decision says e-mail and letter: the state machine mails everyone it can reach by e-mail exactly once, and the
 * letters route (GET /breaches/{id}/letters, through the local API Gateway, behind the authorizer) prints one letter
 * for everyone with a postal address (drafts, before the decision, for the people without e-mail), read back here from
 * the PDF itself: padded so a double-sided print never mixes two people, names in other Latin alphabets transliterated,
 * names the fonts cannot print flagged in the response, and the DPO's postal address given for a reply.
 *
 * Then a care home (shared/policies/001) whose visitors' book is stolen tells the public instead: Art. 34(3)(c),
 * disproportionate effort, and GET /breaches/{id}/public-notice; its letters route refuses, as a letter would be a
 * communication the record does not show.
 */

const manager = { name: 'Rae Manager', role: 'Registered Manager' };
const homeManager = { name: 'Morgan Home', role: 'Home Manager' };
const DPO_PHONE = '01632 960 321';
/** Where people without e-mail write back: the letters print it at the top and among the contacts. */
const DPO_ADDRESS = 'Care Office, 20 Foregate Street\nWorcester WR1 1DN';
const ICO_NAME = "Information Commissioner's Office";
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

interface Person {
  name: string;
  email?: string;
  postalAddress?: string;
  representative?: { name: string; email?: string; relationship: string; postalAddress?: string };
}

// E-mail only: an e-mail, no letter.
const alma: Person = { name: 'Alma Adeyemi', email: 'alma.adeyemi@people.example.org' };
// E-mail and a postal address: an e-mail and, because the decision says e-mail and letter, a letter too.
const bram: Person = {
  name: 'Bram Castillo',
  email: 'bram.castillo@people.example.org',
  postalAddress: 'Flat 2, 14 Mill Lane, Kidderminster DY10 1AB',
};
// Postal address only: a letter.
const cora: Person = { name: 'Cora Dunleavy', postalAddress: '7 Church Street\nBewdley\nDY12 2AA' };
// Told through next of kin who has no e-mail address: a letter to the next of kin about him.
const dmitri: Person = {
  name: 'Dmitri Ebbesen',
  postalAddress: '31 Orchard Close, Stourport-on-Severn DY13 8QP',
  representative: { name: 'Ellen Ebbesen', relationship: 'next-of-kin' },
};
// Told through an attorney with an e-mail address, and a postal address for the letter.
const fenna: Person = {
  name: 'Fenna Goh',
  postalAddress: '5 The Green, Hartlebury DY11 7TD',
  representative: { name: 'Gus Goh', email: 'gus.goh@people.example.org', relationship: 'attorney' },
};
// Told through a care professional, by e-mail only: no letter.
const hal: Person = {
  name: 'Hal Iwu',
  representative: { name: 'Isla Kaur', email: 'isla.kaur@care.example.org', relationship: 'care-professional' },
};
// Postal only, uploaded by CSV, with Latin-1 accents a printed letter must keep.
const siobhan: Person = { name: 'Siobhán Ó Dálaigh', postalAddress: '9 Bridge Street, Worcester WR1 2LP' };
// E-mail only, uploaded by CSV.
const ivo: Person = { name: 'Ivo Jansen', email: 'ivo.jansen@people.example.org' };
// Postal only, by CSV: a Polish name whose Ł has no decomposition, so it must be transliterated, never printed '?'.
const lucja: Person = { name: 'Łucja Nowak', postalAddress: '3 Mill Row, Kidderminster DY10 2JJ' };
// By CSV, told through an attorney who has no e-mail but an office address of their own: the letter goes there.
const piotr: Person = {
  name: 'Piotr Zieliński',
  representative: {
    name: 'Marta Zielińska',
    relationship: 'attorney',
    postalAddress: 'Zielińska Law, 8 Broad Street, Worcester WR1 3LH',
  },
};
// Postal only, by JSON, a name in a script the letters' font lacks: it cannot print it, and the response must say so.
const yuri: Person = { name: '王秀英', postalAddress: '2 Lock Lane, Stourport-on-Severn DY13 9AA' };

const everyone = [alma, bram, cora, dmitri, fenna, hal, siobhan, ivo, lucja, piotr, yuri];
/** Whoever reads the notice: the representative when there is one. */
const addressee = (p: Person) => p.representative?.name ?? p.name;
const emailOf = (p: Person) => (p.representative ? p.representative.email : p.email);
/** Where the letter goes: the representative's own address, else the person's. */
const letterAddress = (p: Person) => p.representative?.postalAddress ?? p.postalAddress;
const byEmail = everyone.filter((p) => emailOf(p) !== undefined);
const byLetter = everyone.filter((p) => letterAddress(p) !== undefined);
const namesOf = (p: Person) => [p.name, ...(p.representative ? [p.representative.name] : [])];
/** A name as the letters' font prints it: every Latin script as written, a script it lacks as '?' (and flagged). */
const PRINTED: Record<string, string> = { 王秀英: '???' };
const printed = (text: string) => PRINTED[text] ?? text;

let world: LifecycleWorld;
let gateway: LocalApiGateway;
let provider: Organisation;
let providerName: string;
let providerKey: string;

const api = (key: string, method: string, path: string, body?: string, contentType = 'application/json') =>
  fetch(`${gateway.url}/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': contentType }) },
    ...(body === undefined ? {} : { body }),
  });

/** A real key for the organisation the world made, so requests pass the TOKEN authorizer as deployed. */
async function keyFor(org: Organisation): Promise<string> {
  const key = generateApiKey();
  await world.organisations.addApiKeyHash(org.id, hashApiKey(key));
  return key;
}

async function nameOf(org: Organisation): Promise<string> {
  const stored = await world.organisations.get(org.id);
  if (!stored) throw new Error(`no organisation ${org.id}`);
  return stored.name;
}

interface Letter {
  /** The lines of every page of the letter, in order. */
  lines: string[];
  pages: number;
  /** The lines of each page after the first: a continuation, or the blank page that pads the letter. */
  continuations: string[][];
  /** Where the address block starts: the line after the reference under the letterhead. */
  at: number;
  /** The name the letter is addressed to (the line under the letterhead's reference). */
  to: string;
  text: string;
}

const DRAFT = 'DRAFT — not yet decided: how the people affected are told is not recorded. Do not post.';

/**
 * The letters of one file: each starts on a page of its own with the organisation's letterhead; whom it is addressed
 * to is the first line in the envelope's window.
 */
function lettersOf(
  pages: string[][],
  placed: PlacedText[][],
  organisationName: string,
): { letters: Letter[]; orphanPages: number } {
  const letters: Letter[] = [];
  let orphanPages = 0;
  pages.forEach((lines, index) => {
    const inWindow = (placed[index] ?? []).filter(
      (t) =>
        t.x >= ADDRESS_WINDOW.left &&
        t.x < ADDRESS_WINDOW.right &&
        t.y <= ADDRESS_WINDOW.top &&
        t.y >= ADDRESS_WINDOW.bottom,
    );
    const starts = lines[0] === organisationName && inWindow.length > 0;
    const current = letters.at(-1);
    if (starts) {
      const to = inWindow[0]?.text ?? '';
      letters.push({ lines: [...lines], pages: 1, continuations: [], at: lines.indexOf(to), to, text: '' });
    } else if (current) {
      current.lines.push(...lines);
      current.continuations.push(lines);
      current.pages += 1;
    } else orphanPages += 1;
  });
  for (const letter of letters) letter.text = flat(letter.lines.join(' '));
  return { letters, orphanPages };
}

async function fetchLetters(breachId: string, query = 'format=pdf') {
  const response = await api(providerKey, 'GET', `/breaches/${breachId}/letters?${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/pdf');
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  const doc = await PDFDocument.load(bytes);
  const pages = pageLines(doc);
  const placed = pageTexts(doc);
  return {
    count: Number(response.headers.get('x-letter-count')),
    next: response.headers.get('x-next-cursor') ?? undefined,
    status: response.headers.get('breachdesk-letters-status'),
    check: response.headers.get('breachdesk-letters-check') ?? undefined,
    unprintable: response.headers.get('breachdesk-letters-unprintable') ?? undefined,
    pageCount: doc.getPageCount(),
    pages,
    ...lettersOf(pages, placed, providerName),
  };
}

const isNotice = (mail: StoredEmail) => /^Important: a data breach at /.test(mail.subject);

beforeAll(async () => {
  world = await startLifecycleWorld();
  provider = await world.organisation('social-care', { dpo: { phone: DPO_PHONE, postalAddress: DPO_ADDRESS } });
  providerName = await nameOf(provider);
  providerKey = await keyFor(provider);
  gateway = await startApiGateway();
  gateway.mount(apiMount(world.runtime.http));
});

afterAll(async () => {
  await gateway?.close();
  await world?.close();
});

describe('letters and e-mails to the people affected, from the running lifecycle', () => {
  let breachId: string;
  const description =
    'A carer’s bag with printed care plans and the key-safe codes of eight service users was stolen from her car.';

  it('takes the report and the people affected, by JSON and by CSV, each person once', async () => {
    const response = await world.report(
      provider,
      aReportInput(
        {
          description,
          cause: { category: 'stolen-paper' },
          dataCategories: ['basic-identifiers', 'property-access-codes', 'social-care-records'],
          subjectCategories: ['service-users', 'vulnerable-adults'],
          approximateSubjects: 8,
          approximateRecords: 8,
          recipient: 'unknown',
          recovery: 'not-recovered',
          malicious: 'yes',
          police: { informed: true, crimeReference: 'WM/20412/26' },
          containment: { contained: false },
        },
        new Date(),
      ),
    );
    expect(response.statusCode).toBe(201);
    breachId = (JSON.parse(response.body) as { breachId: string }).breachId;

    const json = await api(
      providerKey,
      'POST',
      `/breaches/${breachId}/subjects`,
      JSON.stringify({ subjects: [alma, bram, cora, dmitri, fenna, hal, { name: 'Nobody Reachable' }, yuri] }),
    );
    expect(json.status).toBe(200);
    const jsonResult = (await json.json()) as {
      accepted: number;
      added: number;
      rejected: { index: number }[];
      rejectedCount: number;
    };
    expect(jsonResult).toMatchObject({ accepted: 7, added: 7, rejectedCount: 1 });
    expect(jsonResult.rejected.map((r) => r.index)).toEqual([6]);

    // The CSV repeats two people (capitalised differently) and adds four: the repeats are the same people.
    const quote = (v = '') => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const row = (p: Person) =>
      [
        p.name,
        p.email,
        p.postalAddress,
        p.representative?.name,
        p.representative?.email,
        p.representative?.relationship,
        p.representative?.postalAddress,
      ]
        .map(quote)
        .join(',');
    const csv = [
      'name,email,postal_address,representative_name,representative_email,representative_relationship,representative_postal_address',
      row({ name: alma.name.toUpperCase(), email: alma.email?.toUpperCase() }),
      row({ ...cora, postalAddress: cora.postalAddress?.toUpperCase() }),
      row(siobhan),
      row(ivo),
      row(lucja),
      row(piotr),
      '',
    ].join('\r\n');
    const upload = await api(providerKey, 'POST', `/breaches/${breachId}/subjects`, csv, 'text/csv');
    expect(upload.status).toBe(200);
    expect(await upload.json()).toMatchObject({ accepted: 6, added: 4, rejectedCount: 0 });

    const log = JSON.stringify(await world.events(breachId));
    for (const name of everyone.flatMap(namesOf)) expect(log).not.toContain(name);
    expect((await world.eventsOf(breachId, 'subjects-added')).map((e) => e.data.source)).toEqual(['json', 'csv']);
  });

  it('before anyone decides how, prints draft letters only for the people it cannot e-mail', async () => {
    const before = await fetchLetters(breachId);
    const cannotEmail = byLetter.filter((p) => emailOf(p) === undefined).map(addressee);
    expect(before.count).toBe(cannotEmail.length);
    expect(before.letters.map((l) => l.to).sort()).toEqual(cannotEmail.map(printed).sort());
    // Drafts: the decision on how people are told is not recorded yet, and every page says so.
    expect(before.status).toBe('draft');
    for (const page of before.pages) expect(page).toContain(DRAFT);
  });

  it('records containment, the decision, and the reports to the DSPT and the ICO', async () => {
    await world.waitForStep(breachId, 'contain');
    await world.decideByLink(breachId, 'contain', {
      decidedBy: manager,
      contained: true,
      measures: 'All eight key-safe codes were changed by 10:00; the carer’s rota app access was reset.',
      containedAt: hoursAgo(0.5),
    });
    await world.waitForStep(breachId, 'decide');
    const { assessment } = await world.state(breachId);
    await world.decideByLink(breachId, 'decide', {
      decidedBy: manager,
      conclusion: 'authority-and-subjects',
      rationale: 'Codes to the homes of vulnerable adults were stolen with their care plans: a high risk of harm.',
      ...(assessment?.conclusion === 'authority-and-subjects' ? {} : { departureReason: 'Home access codes stolen.' }),
    });
    await world.waitForStep(breachId, 'notify-authority');
    await world.decideByLink(breachId, 'notify-authority', {
      decidedBy: manager,
      channel: 'dspt',
      submittedAt: hoursAgo(0.3),
      reference: 'ICO/00098770',
      dspt: { reference: 'DSPT-INC-20977', icoConfirmationSentAt: hoursAgo(0.2) },
    });
  });

  it('mails everyone it can reach by e-mail exactly once, to them or to their representative', async () => {
    await world.waitForStep(breachId, 'notify-subjects');
    await world.decideByLink(breachId, 'notify-subjects', {
      decidedBy: manager,
      method: 'email-and-letter',
      notifiedAt: hoursAgo(0),
      count: everyone.length,
      throughRepresentatives: true,
      // What the preview's "Send N notices" confirms: everyone on the list.
      confirmedSend: (await world.state(breachId)).subjects?.listed,
    });
    // The Case branch leaves the SendSubjectNotices loop only when nobody is pending any more.
    await world.waitForStep(breachId, 'notify-other-parties');

    const notices = (await world.ses.messages()).filter(isNotice);
    const recipients = notices.flatMap((m) => m.destination.to);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect([...recipients].sort()).toEqual(byEmail.map((p) => emailOf(p) as string).sort());
    for (const p of byEmail) {
      const [mail] = notices.filter((m) => m.destination.to.includes(emailOf(p) as string));
      expect(mail?.subject).toContain(providerName);
      const text = mail?.body.text ?? '';
      expect(text).toContain(`Dear ${addressee(p)},`);
      if (p.representative) expect(text).toContain(`you support ${p.name}`);
      for (const other of everyone.filter((x) => x !== p).flatMap(namesOf)) expect(text).not.toContain(other);
    }

    const [completed] = await world.eventsOf(breachId, 'subject-notices-completed');
    expect(completed?.data).toMatchObject({ sent: byEmail.length, failed: 0, unconfirmed: 0 });
  });

  it('prints one letter for everyone with a postal address, and none for the people with only an e-mail', async () => {
    const file = await fetchLetters(breachId);
    expect(file.count).toBe(byLetter.length);
    expect(file.next).toBeUndefined();
    expect(file.status).toBe('final');
    expect(file.pages.flat()).not.toContain(DRAFT);
    expect(file.orphanPages).toBe(0);
    expect(file.letters).toHaveLength(byLetter.length);
    expect(file.letters.map((l) => l.to).sort()).toEqual(byLetter.map(addressee).map(printed).sort());
    // Each letter on pages of its own, the whole file nothing but the letters.
    expect(file.letters.reduce((sum, l) => sum + l.pages, 0)).toBe(file.pageCount);
    for (const letter of file.letters) {
      expect(letter.text.match(/Dear /g)).toHaveLength(1);
      expect(letter.text.match(/Yours sincerely,/g)).toHaveLength(1);
    }
    const all = flat(file.pages.flat().join(' '));
    // Nobody without a letter address is named: Piotr is written to through his attorney's office, so his letter names him.
    for (const p of everyone.filter((x) => letterAddress(x) === undefined)) {
      for (const name of namesOf(p)) expect(all).not.toContain(name);
    }
  });

  it('prints so that a double-sided print never puts two people on one sheet', async () => {
    const file = await fetchLetters(breachId);
    expect(file.pageCount % 2).toBe(0);
    for (const letter of file.letters) {
      // A letter in clear print takes whole sheets, printed on both sides; every page after its first says whose
      // it is (a blank page that pads it says so too).
      expect(letter.pages % 2, letter.to).toBe(0);
      expect(letter.continuations).toHaveLength(letter.pages - 1);
      for (const page of letter.continuations)
        expect(page.join(' ')).toContain(`Reference ${breachId} · Letter to ${letter.to}`);
      expect(letter.text).toContain('Yours sincerely,');
    }
  });

  it('says which letters it could not print correctly, without naming anyone, and prints Latin names in full', async () => {
    const file = await fetchLetters(breachId);
    const flagged = file.letters.findIndex((l) => l.to === printed(yuri.name)) + 1;
    const firstPage = file.letters.slice(0, flagged - 1).reduce((sum, l) => sum + l.pages, 1);
    expect(file.unprintable).toBe(String(flagged));
    expect(file.check).toBe(
      `1 letter contains characters the font cannot print (printed as ?): letter ${flagged} (page ${firstPage}) of ` +
        'this file; check them and write the names and addresses in by hand before posting.',
    );
    for (const name of everyone.flatMap(namesOf)) expect(file.check).not.toContain(name);
    // Łucja's and Piotr's names print as they write them, never as '?ucja' or 'Lucja'.
    const letter = file.letters.find((l) => l.to === 'Łucja Nowak');
    expect(letter?.text).toContain('Dear Łucja Nowak,');
    expect(file.letters.map((l) => l.to)).toContain('Marta Zielińska');
    expect(
      file.letters
        .filter((l) => l.to !== printed(yuri.name))
        .map((l) => l.text)
        .join(' '),
    ).not.toContain('?');
  });

  it('addresses each letter to the person, or to their representative on their behalf, at the postal address', async () => {
    const { letters } = await fetchLetters(breachId);
    const printedOn = [Date.now() - 60_000, Date.now() + 60_000].map((t) =>
      new Intl.DateTimeFormat('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'Europe/London',
      }).format(new Date(t)),
    );
    for (const p of byLetter) {
      const letter = letters.find((l) => l.to === printed(addressee(p)));
      expect(letter, addressee(p)).toBeDefined();
      if (!letter) continue;
      // The sender's address beside the letterhead, for a reply by post.
      expect(letter.lines.slice(1, letter.at)).toEqual(['Care Office', '20 Foregate Street', 'Worcester WR1 1DN']);
      // To the representative's own address when given (Piotr's attorney), else the person's.
      const address = printed(letterAddress(p) ?? '')
        .split(/\n|,/)
        .map((part) => part.trim());
      // The window holds the addressee and the address, nothing else; whom it is about comes below it.
      const from = letter.at + 1;
      expect(letter.lines.slice(from, from + address.length)).toEqual(address);
      expect(printedOn.some((day) => letter.text.includes(day))).toBe(true);
      expect(letter.text).toContain(`Dear ${printed(addressee(p))},`);
      if (p.representative) {
        const name = printed(p.name);
        expect(letter.lines[from + address.length + 1]).toBe(`About: ${name}`);
        const as =
          p.representative.relationship === 'attorney'
            ? 'as their attorney (lasting power of attorney)'
            : 'as their next of kin';
        expect(letter.text).toContain(`You are receiving this because you support ${name} ${as}`);
        expect(letter.text).toContain(`Where this notice says “you”, it means ${name}.`);
      } else {
        expect(letter.text).toContain('involves information about you.');
      }
      for (const other of everyone.filter((x) => x !== p).flatMap(namesOf)) {
        expect(letter.text).not.toContain(printed(other));
      }
    }
    // Piotr's attorney is written to at her office, not at his address (he has none on the list).
    const marta = letters.find((l) => l.to === 'Marta Zielińska');
    expect(marta?.text).toContain('Zielińska Law 8 Broad Street Worcester WR1 3LH');
  });

  it('says in plain language what happened, what it could mean, what was done, what to do and whom to contact', async () => {
    const { letters } = await fetchLetters(breachId);
    for (const letter of letters) {
      const { text } = letter;
      // Every part of Art. 34(2), in the order a reader meets them.
      const headings = [
        'A data breach may affect your personal information',
        'What happened',
        'What this could mean for you',
        'What we have done',
        'What you can do',
        'Who to contact',
      ];
      const at = headings.map((h) => letter.lines.indexOf(h));
      expect(at, letter.to).not.toContain(-1);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      // What happened: from the record's facts.
      expect(text).toContain('paper records were stolen');
      expect(text).toContain('the access code to your home, such as a key safe code');
      // What it could mean.
      expect(text).toContain('Someone could try to use the access code to get into your home.');
      expect(text).toContain('could cause you distress or unfair treatment');
      // What was done: contained, the police, the ICO, the codes (the social-care duty).
      expect(text).toContain('We stopped the breach');
      expect(text).toContain('We reported it to the police.');
      expect(text).toContain(`We reported the breach to the ${ICO_NAME}.`);
      expect(text).toContain('We are changing the access codes that were at risk.');
      // What they can do.
      expect(text).toContain('check that doors and key safes are locked');
      expect(text).toContain(`You also have the right to complain to the ${ICO_NAME}`);
      // The contact point, reachable without e-mail too.
      expect(text).toContain('Data protection officer: Dana Protection');
      expect(text).toContain(`E-mail: ${provider.dpo}`);
      expect(text).toContain(`Phone: ${DPO_PHONE}`);
      expect(text).toContain('Postal address: Care Office, 20 Foregate Street, Worcester WR1 1DN');
      expect(text).toContain(`Our reference: ${breachId}`);
      expect(text).toContain(`Data protection officer, ${providerName}`);
      // Never the record's free text, written for the DPO and the authority.
      expect(text).not.toContain(flat(description).slice(0, 40));
      expect(text).not.toContain('rota app');
    }
  });

  it('prints the same notice on paper as the e-mail said, for someone told both ways', async () => {
    const { letters } = await fetchLetters(breachId);
    const notices = (await world.ses.messages()).filter(isNotice);
    for (const p of [bram, fenna]) {
      const letter = letters.find((l) => l.to === addressee(p));
      const mail = notices.find((m) => m.destination.to.includes(emailOf(p) as string));
      const mailLines = (mail?.body.text ?? '').split('\n');
      const items = mailLines.filter((line) => line.startsWith('- ')).map((line) => flat(line.slice(2)));
      const contact = mailLines.slice(mailLines.indexOf('Who to contact') + 2).filter((l) => /^[A-Z][\w -]+: /.test(l));
      expect(items.length).toBeGreaterThan(5);
      expect(contact.length).toBeGreaterThanOrEqual(5);
      for (const line of [...items, ...contact]) expect(letter?.text, p.name).toContain(flat(line));
      // Everything else the e-mail says, line by line, from the greeting to the closing paragraph under its rule
      // ("…We are telling you under Article 34 of the UK GDPR."): the masthead and the underlines aside.
      const rest = mailLines.slice(2).filter((l) => l.trim() !== '' && !/^(-+|=+)$/.test(l));
      expect(rest.at(-1)).toMatch(/We are telling you under Article 34 of the UK GDPR\.$/);
      for (const line of rest) expect(letter?.text, p.name).toContain(flat(line.replace(/^- /, '•  ')));
    }
  });

  it('gives a long list in files of `limit` letters, each letter in exactly one file', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let files = 0;
    do {
      const file = await fetchLetters(breachId, `format=pdf&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      files += 1;
      expect(file.count).toBe(file.letters.length);
      expect(file.count).toBeLessThanOrEqual(2);
      expect(file.orphanPages).toBe(0);
      seen.push(...file.letters.map((l) => l.to));
      cursor = file.next;
    } while (cursor !== undefined && files < 10);
    expect(files).toBe(Math.ceil(byLetter.length / 2));
    expect([...seen].sort()).toEqual(byLetter.map(addressee).map(printed).sort());
  });

  it('has no public notice: the people are told one by one', async () => {
    const response = await api(providerKey, 'GET', `/breaches/${breachId}/public-notice`);
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('closes, and mailed nobody twice over the whole lifecycle', async () => {
    await world.decideByApi(provider, breachId, 'notify-other-parties', {
      decidedBy: manager,
      parties: [
        { party: 'dspt', told: true, at: hoursAgo(0.3), reference: 'DSPT-INC-20977' },
        { party: 'local-authority', told: true, at: hoursAgo(0.05) },
        { party: 'insurer', told: false, note: 'No loss to claim.' },
        { party: 'legal-adviser', told: false, note: 'Not needed.' },
      ],
    });
    await world.waitForStep(breachId, 'evaluate');
    await world.decideByLink(breachId, 'evaluate', {
      decidedBy: manager,
      rootCauses: ['Key-safe codes printed in care plans carried on rounds'],
      lessons: 'Codes live in the rostering app only.',
      recommendations: [{ action: 'Remove codes from printed care plans', owner: 'Registered Manager' }],
    });
    await world.waitForStep(breachId, 'close');
    await world.settle(provider, breachId, { name: 'Dana Protection', role: 'Data Protection Officer' });
    await recordAccessCodesChanged(world.caseDeps, {
      organisationId: provider.id,
      breachId,
      body: {
        changedAt: new Date().toISOString(),
        properties: 8,
        how: 'Each key safe re-coded on the next visit.',
        recordedBy: manager,
      },
    });
    await world.decideByLink(breachId, 'close', { decidedBy: manager, recommendationsCompleted: true });
    expect(await world.waitForEnd(breachId)).toEqual({ status: 'SUCCEEDED' });

    const recipients = (await world.ses.messages()).filter(isNotice).flatMap((m) => m.destination.to);
    expect(recipients).toHaveLength(byEmail.length);
    expect(new Set(recipients).size).toBe(byEmail.length);
    // The letters stay printable from the closed record.
    expect((await fetchLetters(breachId)).count).toBe(byLetter.length);
  });
});

describe('the public notice of Art. 34(3)(c), when telling each person would be disproportionate', () => {
  let home: Organisation;
  let homeName: string;
  let homeKey: string;
  let breachId: string;
  const visitor: Person = { name: 'Vera Visitor', email: 'vera.visitor@people.example.org' };
  const description =
    'The visitors’ book at the Oakfield home, with two years of health screening answers, was stolen.';

  beforeAll(async () => {
    home = await world.organisation('elite-care');
    homeName = await nameOf(home);
    homeKey = await keyFor(home);
  });

  it('recommends a public communication for the members of the public in a stolen visitors’ book', async () => {
    const response = await world.report(
      home,
      aReportInput(
        {
          description,
          cause: { category: 'stolen-paper' },
          dataCategories: ['basic-identifiers', 'health'],
          subjectCategories: ['public'],
          approximateSubjects: 2500,
          approximateRecords: 2500,
          recipient: 'unknown',
          recovery: 'not-recovered',
          malicious: 'yes',
          police: { informed: true, crimeReference: 'WM/31877/26' },
          containment: { contained: true, how: 'Sign-in moved to a locked tablet.', containedAt: hoursAgo(1) },
        },
        new Date(),
      ),
    );
    expect(response.statusCode).toBe(201);
    breachId = (JSON.parse(response.body) as { breachId: string }).breachId;
    // One visitor wrote in and left an address: on the list, but the decision below tells the public instead.
    const upload = await api(
      homeKey,
      'POST',
      `/breaches/${breachId}/subjects`,
      JSON.stringify({ subjects: [visitor] }),
    );
    expect(upload.status).toBe(200);

    await world.waitForStep(breachId, 'contain');
    await world.decideByLink(breachId, 'contain', {
      decidedBy: homeManager,
      contained: true,
      measures: 'Sign-in moved to a locked tablet; the police were given the CCTV of the entrance.',
      containedAt: hoursAgo(1),
    });
    await world.waitForStep(breachId, 'decide');
    const { assessment } = await world.state(breachId);
    expect(assessment?.publicCommunication).toBe(true);
    expect(assessment?.exemption).toMatchObject({ applies: true, ground: 'disproportionate-effort' });

    // Recommended already: the notice can be drafted before anyone decides.
    const draft = await api(homeKey, 'GET', `/breaches/${breachId}/public-notice`);
    expect(draft.status).toBe(200);
  });

  it('tells the public instead of each person, and mails nobody', async () => {
    const { assessment } = await world.state(breachId);
    await world.decideByLink(breachId, 'decide', {
      decidedBy: homeManager,
      conclusion: 'authority-and-subjects',
      rationale: 'Health answers of thousands of visitors were stolen by a thief: a high risk of distress and misuse.',
      police: { report: true, reason: 'A theft: the police gave a crime number.' },
      ...(assessment?.conclusion === 'authority-and-subjects' ? {} : { departureReason: 'Health data stolen.' }),
    });
    await world.waitForStep(breachId, 'notify-authority');
    await world.decideByLink(breachId, 'notify-authority', {
      decidedBy: homeManager,
      channel: 'ico-online-form',
      submittedAt: hoursAgo(0.2),
      reference: 'ICO/00098771',
    });
    await world.waitForStep(breachId, 'notify-subjects');

    // A notice to each person cannot be replaced by a one-to-one method without the public communication.
    const withoutNotice = await world.decideByApi(home, breachId, 'notify-subjects', {
      decidedBy: homeManager,
      method: 'letter',
      exemption: { ground: 'disproportionate-effort', explanation: 'No addresses for most visitors.' },
    });
    expect(withoutNotice.statusCode).toBe(422);
    expect(withoutNotice.body).toContain('"method"');

    await world.decideByLink(breachId, 'notify-subjects', {
      decidedBy: homeManager,
      method: 'public-communication',
      notifiedAt: hoursAgo(0),
      exemption: {
        ground: 'disproportionate-effort',
        explanation: 'The book holds names and health answers but no contact details for 2,500 visitors.',
      },
      note: 'Notice on the home’s website and in the entrance; press release to the local paper.',
    });
    await world.waitForStep(breachId, 'notify-other-parties');

    const [exempted] = await world.eventsOf(breachId, 'subject-notices-exempted');
    expect(exempted?.data).toMatchObject({ ground: 'disproportionate-effort', publicNotice: true });
    const mails = await world.ses.messages();
    expect(mails.filter((m) => m.destination.to.includes(visitor.email as string))).toHaveLength(0);
  });

  it('prints no letter once the decision says the public is told instead: it would be an unrecorded communication', async () => {
    const response = await api(homeKey, 'GET', `/breaches/${breachId}/letters?format=pdf`);
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const { detail } = (await response.json()) as { detail: string };
    expect(detail).toMatch(/^The notify-subjects decision recorded on \w+day \d{1,2} \w+ \d{4}, /);
    expect(detail).toContain('relies on the exemption of Art. 34(3)(c)');
    expect(detail).toContain(
      'told by a public communication (GET /breaches/{id}/public-notice), not one by one by letter',
    );
    expect(detail).toContain('A printed letter would be a communication the record does not show, so none is printed.');
  });

  it('publishes a notice with every part of Art. 34(2), from the record’s facts and nobody’s name', async () => {
    const response = await api(homeKey, 'GET', `/breaches/${breachId}/public-notice`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    const lines = text.split('\n');
    expect(lines[0]).toBe(`${homeName}: a data breach that may affect members of the public`);
    expect(lines[1]).toBe('='.repeat(lines[0]?.length ?? 0));
    for (const heading of ['What happened', 'What this could mean for you', 'What we have done', 'What you can do']) {
      expect(lines, heading).toContain(heading);
    }
    expect(lines).toContain('Who to contact');
    expect(text).toContain('We cannot contact everyone affected one by one');
    expect(text).toContain('paper records were stolen');
    expect(text).toContain('information about your health');
    expect(text).toContain('We reported it to the police.');
    expect(text).toContain(`We reported the breach to the ${ICO_NAME}.`);
    expect(text).toContain(`Data protection officer: Dana Protection`);
    expect(text).toContain(`E-mail: ${home.dpo}`);
    expect(text).toContain(`Our reference: ${breachId}`);
    expect(text).not.toContain(visitor.name);
    expect(text).not.toContain('Oakfield');
    expect(text).not.toContain('CCTV');
    expect(text).not.toMatch(/^Dear /m);
  });

  it('is refused for another organisation’s breach as if it did not exist', async () => {
    const response = await api(providerKey, 'GET', `/breaches/${breachId}/public-notice`);
    expect(response.status).toBe(404);
  });

  it('closes with the final report to the board', async () => {
    await world.decideByLink(breachId, 'notify-other-parties', {
      decidedBy: homeManager,
      parties: [
        { party: 'police', told: true, at: hoursAgo(0.5), reference: 'WM/31877/26' },
        { party: 'board', told: true, at: hoursAgo(0.1) },
      ],
    });
    await world.waitForStep(breachId, 'evaluate');
    await world.decideByLink(breachId, 'evaluate', {
      decidedBy: homeManager,
      rootCauses: ['Visitors’ book left on an unattended desk'],
      lessons: 'Visitor sign-in is electronic and locked.',
      recommendations: [{ action: 'Retire paper visitors’ books in every home', owner: 'Operations director' }],
    });
    await world.waitForStep(breachId, 'close');
    await world.settle(home, breachId, { name: 'Dana Protection', role: 'Data Protection Officer' });
    const closed = await world.decideByApi(home, breachId, 'close', {
      decidedBy: homeManager,
      recommendationsCompleted: true,
      finalReportToBoardAt: hoursAgo(0),
    });
    expect(closed.statusCode).toBe(200);
    expect(await world.waitForEnd(breachId)).toEqual({ status: 'SUCCEEDED' });
    expect((await world.ses.messages()).filter(isNotice)).toHaveLength(byEmail.length);
  });
});
