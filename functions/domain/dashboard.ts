import type { RiskLevel } from './assessment';
import { type ClockState, clockStatuses } from './clocks';
import { decidedRisk } from './decided-risk';
import type { DecisionStep } from './decisions';
import type { OrganisationPolicy } from './policy';
import { mayTakeStep, type Role, stepAuthority } from './roles';
import type { BreachState, Stage } from './state';

/**
 * The console's dashboard: every open breach of the organisation with where its clocks stand, the most urgent first —
 * a clock already passed, then one due soon (in its warning window), then the rest by the nearest deadline. Pure: the
 * handler reads the states, this orders and filters them.
 */

export type Urgency = 'overdue' | 'due-soon' | 'on-track' | 'met';

export interface DashboardRow {
  breachId: string;
  description: string;
  stage: Stage;
  status: BreachState['status'];
  awareAt: string;
  severity?: string;
  /** The risk as decided, else as recommended: the severity every document and the register use. */
  risk?: RiskLevel;
  /** The clocks not yet met, nearest first; met ones after. */
  clocks: ClockState[];
  /** The first clock still open: what the countdown shows. */
  next?: ClockState;
  urgency: Urgency;
  pendingSteps: DecisionStep[];
  /** Steps waiting for someone holding one of the viewer's roles. */
  mine: DecisionStep[];
}

export interface DashboardFilters {
  status?: 'open' | 'closed' | 'all';
  stage?: Stage;
  /** The risk as decided, else as recommended. */
  risk?: RiskLevel;
  urgency?: 'overdue' | 'due-soon';
  /** Only breaches waiting for a step the viewer may take. */
  mine?: boolean;
  /** Matches the breach id or words of the description, case-insensitively. */
  q?: string;
}

const URGENCY_ORDER: Record<Urgency, number> = { overdue: 0, 'due-soon': 1, 'on-track': 2, met: 3 };

const urgencyOf = (clocks: readonly ClockState[]): Urgency => {
  if (clocks.some((clock) => clock.status === 'missed')) return 'overdue';
  if (clocks.some((clock) => clock.status === 'warning')) return 'due-soon';
  if (clocks.some((clock) => clock.status === 'pending')) return 'on-track';
  return 'met';
};

const isOpenClock = (clock: ClockState) =>
  clock.status === 'pending' || clock.status === 'warning' || clock.status === 'missed';

export const dashboardRow = (
  state: BreachState,
  policy: OrganisationPolicy,
  roles: readonly Role[],
  now: Date,
): DashboardRow => {
  const all = clockStatuses(state.awareAt, state.clocks ?? policy.clocks, now, state.milestones);
  const open = all.filter(isOpenClock).sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const clocks = state.status === 'closed' ? all : [...open, ...all.filter((clock) => !isOpenClock(clock))];
  const mine = state.pendingSteps.filter((step) => mayTakeStep(roles, stepAuthority(step, policy, state.report)));
  const next = state.status === 'closed' ? undefined : open[0];
  const risk = decidedRisk(state)?.level;
  return {
    breachId: state.breachId,
    description: state.report.description,
    stage: state.stage,
    status: state.status,
    awareAt: state.awareAt,
    ...(state.assessment ? { severity: state.assessment.severityLevel.label } : {}),
    ...(risk ? { risk } : {}),
    clocks,
    ...(next ? { next } : {}),
    urgency: state.status === 'closed' ? 'met' : urgencyOf(all),
    pendingSteps: [...state.pendingSteps],
    mine,
  };
};

const matches = (row: DashboardRow, filters: DashboardFilters): boolean => {
  const status = filters.status ?? 'open';
  if (status !== 'all' && row.status !== status) return false;
  if (filters.stage && row.stage !== filters.stage) return false;
  if (filters.risk && row.risk !== filters.risk) return false;
  if (filters.urgency && row.urgency !== filters.urgency) return false;
  if (filters.mine && row.mine.length === 0) return false;
  const q = filters.q?.trim().toLowerCase();
  if (q && !row.breachId.toLowerCase().includes(q) && !row.description.toLowerCase().includes(q)) return false;
  return true;
};

/** The rows shown: filtered, then overdue first, due soon next, each by its nearest deadline, then newest awareness. */
export const dashboard = (
  states: readonly BreachState[],
  policy: OrganisationPolicy,
  roles: readonly Role[],
  now: Date,
  filters: DashboardFilters = {},
): DashboardRow[] =>
  states
    .map((state) => dashboardRow(state, policy, roles, now))
    .filter((row) => matches(row, filters))
    .sort(
      (a, b) =>
        URGENCY_ORDER[a.urgency] - URGENCY_ORDER[b.urgency] ||
        (a.next && b.next ? Date.parse(a.next.dueAt) - Date.parse(b.next.dueAt) : a.next ? -1 : b.next ? 1 : 0) ||
        Date.parse(b.awareAt) - Date.parse(a.awareAt),
    );

/**
 * "5 hours 12 minutes left", "overdue by 3 minutes 20 seconds": the time to a deadline in its two largest units
 * (seconds only within the last hour), written on the page as served. The console's countdown script
 * (functions/assets/countdown-script.ts) writes the same words as time passes; a test holds the two to agree.
 */
export const countdownText = (dueAt: string, now: Date): string => {
  const ms = Date.parse(dueAt) - now.getTime();
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pair: [number, string][] =
    days > 0
      ? [
          [days, 'day'],
          [hours, 'hour'],
        ]
      : hours > 0
        ? [
            [hours, 'hour'],
            [minutes, 'minute'],
          ]
        : [
            [minutes, 'minute'],
            [seconds, 'second'],
          ];
  const span =
    pair
      .filter(([n]) => n > 0)
      .map(([n, unit]) => `${n} ${unit}${n === 1 ? '' : 's'}`)
      .join(' ') || '0 seconds';
  return ms >= 0 ? `${span} left` : `overdue by ${span}`;
};
