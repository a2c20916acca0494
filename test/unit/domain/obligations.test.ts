import { describe, expect, it } from 'vitest';
import { deadlinesOf, type JurisdictionFacts, planObligations } from '../../../functions/domain/obligations';

const AWARE = '2026-03-02T09:00:00.000Z';
const hoursAfter = (hours: number) => new Date(Date.parse(AWARE) + hours * 3_600_000).toISOString();
const plan = (facts: JurisdictionFacts, findings = {}, times = {}) =>
  planObligations(facts, findings, { awareAt: AWARE, ...times });
const authorityIds = (facts: JurisdictionFacts, findings = {}) =>
  plan(facts, findings)
    .filter((o) => o.recipient === 'authority')
    .map((o) => o.authority?.id ?? o.toConfirm);

const UK_SCHOOL: JurisdictionFacts = { establishments: ['GB'], peopleIn: [{ place: 'GB' }], sectors: [] };

describe('plan of obligations', () => {
  it('gives a UK organisation with people in the UK one obligation: the ICO within 72 hours', () => {
    const [ico, ...rest] = plan(UK_SCHOOL);
    expect(rest).toEqual([]);
    expect(ico).toMatchObject({ ruleId: 'uk-gdpr-art-33', authority: { id: 'ico' }, recipient: 'authority' });
    expect(ico?.stages).toMatchObject([{ dueAt: hoursAfter(72), aimOnly: false, form: 'ico-breach-form' }]);
    expect(ico?.source.citation).toContain('UK GDPR Art. 33');
  });

  it('adds the people under Art. 34 when the risk is high, and drops the authority when there is none', () => {
    expect(plan(UK_SCHOOL, { highRisk: true }).map((o) => o.ruleId)).toEqual(['uk-gdpr-art-33', 'uk-gdpr-art-34']);
    expect(plan(UK_SCHOOL, { risk: false })).toEqual([]);
  });

  it('gives a UK organisation without an EU establishment three authorities for people in the UK, Ireland and Germany', () => {
    const obligations = plan({
      establishments: ['GB'],
      peopleIn: [{ place: 'GB' }, { place: 'IE' }, { place: 'DE-BE' }],
      sectors: [],
    });
    expect(obligations.map((o) => o.authority?.id)).toEqual(['ico', 'dpc-ie', 'bln-bfdi-be']);
    expect(obligations.map((o) => o.stages[0]?.form)).toEqual(['ico-breach-form', 'art-33-3', 'art-33-3']);
    expect(obligations[2]?.authority?.languages).toEqual(['de']);
    expect(new Set(obligations.map((o) => o.id)).size).toBe(3);
  });

  it('asks for the Land when people live in Germany and the plan cannot tell which', () => {
    const [, german] = plan({ establishments: ['GB'], peopleIn: [{ place: 'GB' }, { place: 'DE' }], sectors: [] });
    expect(german?.authority).toBeUndefined();
    expect(german?.toConfirm).toContain('BDSG § 40');
  });

  it('uses the one-stop shop: a main establishment in Ireland leads for people across the EEA', () => {
    const obligations = plan({
      establishments: ['IE', 'DE-BY'],
      peopleIn: [{ place: 'IE' }, { place: 'DE' }, { place: 'FR' }],
      sectors: [],
    });
    expect(obligations.map((o) => o.authority?.id)).toEqual(['dpc-ie']);
    expect(obligations[0]?.covers).toEqual(['IE', 'DE', 'FR']);
    expect(obligations[0]?.why).toContain('one-stop shop');
  });

  it("follows Germany's split: a Land authority for a private body, the BfDI for a federal one", () => {
    const facts: JurisdictionFacts = { establishments: ['DE-BY'], peopleIn: [{ place: 'DE' }], sectors: [] };
    expect(authorityIds(facts)).toEqual(['baylda-by']);
    expect(authorityIds({ ...facts, sectors: ['de-federal-public-body'] })).toEqual(['bfdi-de']);
  });

  it('gives a UK communications provider the ICO at 24 hours under PECR beside 72 hours under UK GDPR', () => {
    const obligations = plan({ ...UK_SCHOOL, sectors: ['electronic-communications'] });
    const pecr = obligations.find((o) => o.ruleId === 'pecr-reg-5a');
    expect(pecr?.stages[0]?.dueAt).toBe(hoursAfter(24));
    expect(pecr?.stages[1]?.dueAt).toBe(hoursAfter(24 + 72));
    // PECR needs no risk: every breach of a communications service is notified.
    expect(
      plan({ ...UK_SCHOOL, sectors: ['electronic-communications'] }, { risk: false }).map((o) => o.ruleId),
    ).toEqual(['pecr-reg-5a']);
  });

  it('names the national CSIRT of a NIS2 entity established in Sweden, Denmark, Finland or Portugal', () => {
    const csirtOf = (place: string) =>
      plan(
        { establishments: [place], peopleIn: [{ place }], sectors: ['nis2-essential'] },
        { significantIncident: true },
      ).find((o) => o.ruleId === 'nis2-art-23')?.authority;

    expect(['SE', 'DK', 'FI', 'PT'].map((place) => csirtOf(place)?.id)).toEqual([
      'cert-se',
      'cfcs-dk',
      'ncsc-fi',
      'cert-pt',
    ]);
    expect(csirtOf('SE')?.source.url).toBe('https://cert.se/om-cert-se/rfc-2350/');
  });

  it('gives a NIS2 entity in Ireland the early warning at 24 h, the notification at 72 h, the final report a month later', () => {
    const nis2 = plan(
      { establishments: ['IE'], peopleIn: [{ place: 'IE' }], sectors: ['nis2-essential'] },
      { significantIncident: true },
    ).find((o) => o.ruleId === 'nis2-art-23');
    expect(nis2?.authority?.id).toBe('csirt-ie');
    expect(nis2?.stages.map((s) => [s.id, s.dueAt])).toEqual([
      ['early-warning', hoursAfter(24)],
      ['incident-notification', hoursAfter(72)],
      ['final-report', '2026-04-05T09:00:00.000Z'],
    ]);
  });

  it('runs the NIS2 final report from the notification actually sent', () => {
    const nis2 = plan(
      { establishments: ['IE'], peopleIn: [{ place: 'IE' }], sectors: ['nis2-important'] },
      { significantIncident: true },
      { submitted: { 'nis2-art-23@csirt-ie/incident-notification': '2026-03-03T10:00:00.000Z' } },
    ).find((o) => o.ruleId === 'nis2-art-23');
    expect(nis2?.stages[2]?.dueAt).toBe('2026-04-03T10:00:00.000Z');
  });

  it('gives DORA its initial notification 4 h after classification but within 24 h of awareness', () => {
    const facts: JurisdictionFacts = {
      establishments: ['DE-HE'],
      peopleIn: [{ place: 'DE' }],
      sectors: ['financial-entity'],
    };
    const early = plan(facts, { majorIncident: true }, { classifiedAt: hoursAfter(2) }).find(
      (o) => o.ruleId === 'dora-art-19',
    );
    expect(early?.authority?.id).toBe('bafin-de');
    expect(early?.stages.map((s) => s.dueAt)).toEqual([hoursAfter(6), hoursAfter(6 + 72), '2026-04-05T15:00:00.000Z']);
    const late = plan(facts, { majorIncident: true }, { classifiedAt: hoursAfter(22) }).find(
      (o) => o.ruleId === 'dora-art-19',
    );
    expect(late?.stages[0]?.dueAt).toBe(hoursAfter(24));
  });

  it('names the financial supervisor of a DORA entity established in Austria or Finland', () => {
    const supervisorOf = (place: string) =>
      plan(
        { establishments: [place], peopleIn: [{ place }], sectors: ['financial-entity'] },
        { majorIncident: true },
      ).find((o) => o.ruleId === 'dora-art-19')?.authority;

    expect(supervisorOf('AT')?.id).toBe('fma-at');
    expect(supervisorOf('FI')?.id).toBe('fiva-fi');
    expect(supervisorOf('AT')?.source.url).toMatch(/^https:\/\/www\.fma\.gv\.at\//);
  });

  it('gives Switzerland the FDPIC as soon as possible, marked as an aim rather than a legal deadline', () => {
    const [fdpic] = plan({ establishments: ['CH'], peopleIn: [{ place: 'CH' }], sectors: [] }, { highRisk: true });
    expect(fdpic?.authority?.id).toBe('fdpic-ch');
    expect(fdpic?.stages[0]).toMatchObject({ aimOnly: true, due: expect.stringContaining('without undue delay') });
    expect(plan({ establishments: ['CH'], peopleIn: [{ place: 'CH' }], sectors: [] }, { highRisk: false })).toEqual([]);
  });

  it('lists the deadlines of all obligations as one timeline', () => {
    const obligations = plan(
      { establishments: ['IE'], peopleIn: [{ place: 'IE' }, { place: 'GB' }], sectors: ['nis2-essential'] },
      { significantIncident: true },
    );
    const timeline = deadlinesOf(obligations).map((s) => s.key);
    expect(timeline.slice(0, 3)).toEqual([
      'nis2-art-23@csirt-ie/early-warning',
      expect.stringMatching(/\/notification$|incident-notification$/),
      expect.stringMatching(/notification$/),
    ]);
  });
});
