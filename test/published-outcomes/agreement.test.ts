import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessBreach } from '../../functions/domain/assessment';
import type { BreachReportInput } from '../../functions/domain/report';
import { aReport } from '../support/reports';
import data from './cases.json' with { type: 'json' };

/**
 * The engine against published regulator outcomes. Each case is a decision or worked example with a stated outcome
 * for the authority (and, where the source says, for the people), the facts entered as a DPO would enter them, and
 * its source link. A disagreement is either fixed in the engine or explained beside the case; this test fails on an
 * unexplained disagreement and on an explanation that no longer disagrees, and keeps the README's figures true.
 */

interface PublishedCase {
  id: string;
  title: string;
  regulator: string;
  source: string;
  outcome: { authority: boolean; people: boolean | null };
  facts: Partial<BreachReportInput>;
  note?: string;
  disagreement?: string;
}

const cases = data.cases as PublishedCase[];
const POLICY = { severityScale: 'enisa', duties: [] } as const;

const results = cases.map((c) => {
  const a = assessBreach(aReport(c.facts), POLICY);
  // Art. 34 is met by writing to people or, under Art. 34(3)(c), by a public communication: both tell them.
  const people = a.subjectsLegallyRequired || a.publicCommunication;
  const authorityAgrees = a.notifyAuthority === c.outcome.authority;
  const peopleAgrees = c.outcome.people === null ? null : people === c.outcome.people;
  return { c, engine: { authority: a.notifyAuthority, people }, authorityAgrees, peopleAgrees };
});

const percent = (n: number, d: number) => `${n}/${d} (${Math.round((100 * n) / d)}%)`;
const withPeople = results.filter((r) => r.peopleAgrees !== null);
const figures = {
  authority: percent(results.filter((r) => r.authorityAgrees).length, results.length),
  people: percent(withPeople.filter((r) => r.peopleAgrees).length, withPeople.length),
  both: percent(withPeople.filter((r) => r.authorityAgrees && r.peopleAgrees).length, withPeople.length),
};

describe('agreement with published regulator outcomes', () => {
  it('holds at least 30 cases, each with a source link and an outcome for the authority', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) expect(c.source, c.id).toMatch(/^https?:\/\//);
  });

  it('explains every disagreement beside its case, and only disagreements', () => {
    const disagreeing = results
      .filter((r) => !r.authorityAgrees || r.peopleAgrees === false)
      .map((r) => `${r.c.id}: engine ${JSON.stringify(r.engine)}, published ${JSON.stringify(r.c.outcome)}`);
    const explained = cases.filter((c) => c.disagreement).map((c) => c.id);
    expect(disagreeing.map((d) => d.split(':')[0])).toEqual(explained);
  });

  it('reports its agreement figures in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const line = `authority ${figures.authority}; people ${figures.people}; both ${figures.both}`;
    console.info(`Agreement with ${cases.length} published outcomes: ${line}`);
    expect(readme).toContain(line);
  });
});
