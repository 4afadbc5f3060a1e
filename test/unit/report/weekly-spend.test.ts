import { describe, expect, it } from 'vitest';
import type { CostLine } from '../../../src/domain/cost';
import { lastFullWeek } from '../../../src/report/weekly-period';
import { weeklySpend } from '../../../src/report/weekly-spend';
import { costLine } from '../../support/builders';

const WEEK = lastFullWeek(new Date('2026-11-23T08:00:00Z')); // 16-22 Nov 2026
const DAY = 86_400_000;

/** One line per day from `from` (inclusive) for `days` days, amount by day index. */
function daily(from: string, days: number, amount: (i: number) => number, over: Partial<CostLine> = {}): CostLine[] {
  const start = new Date(`${from}T00:00:00Z`).getTime();
  return Array.from({ length: days }, (_, i) => costLine(new Date(start + i * DAY).toISOString().slice(0, 10), amount(i), over));
}

describe('weeklySpend', () => {
  // Five full weeks from Monday 19 Oct: weeks -4..-1 at 100/day, 110, 120, 130 per day; the report week 200/day.
  const weekly = [100, 110, 120, 130, 200];
  const aws = daily('2026-10-19', 35, (i) => weekly[Math.floor(i / 7)]!);

  it('compares the week with the week before and the average of the four before, per cloud', () => {
    const s = weeklySpend(aws, WEEK, 'owner');
    expect(s.byCloud).toHaveLength(1);
    const row = s.byCloud[0]!;
    expect(row).toMatchObject({ name: 'aws', currency: 'USD', thisWeek: 1400, lastWeek: 910, averageWeeks: 4, basis: 'billed' });
    expect(row.average).toBeCloseTo(((100 + 110 + 120 + 130) * 7) / 4);
    expect(s.history.find((h) => h.cloud === 'aws')).toEqual({ cloud: 'aws', firstDay: '2026-10-19', priorWeeks: 4 });
  });

  it('splits by service and keeps services that are not ML spend out of the rows, counted apart', () => {
    const lines = [
      ...aws,
      ...daily('2026-11-16', 7, () => 10, { ServiceName: 'AWS Data Transfer' }),
      ...daily('2026-11-16', 7, () => 50, { ServiceName: 'Amazon Relational Database Service' }),
    ];
    const s = weeklySpend(lines, WEEK, 'owner');
    expect(s.byService.map((r) => [r.name, r.thisWeek])).toEqual([
      ['Amazon SageMaker', 1400],
      ['AWS Data Transfer', 70],
    ]);
    expect(s.byCloud[0]!.thisWeek).toBe(1470);
    expect(s.otherServices).toEqual([{ currency: 'USD', amount: 350, services: 1 }]);
  });

  it('never adds currencies: an EUR cloud gets its own rows and its own daily series', () => {
    const azure = daily('2026-11-16', 7, () => 40, { cloud: 'azure', ServiceName: 'Azure Machine Learning', BillingCurrency: 'EUR' });
    const s = weeklySpend([...aws, ...azure], WEEK, 'owner');
    expect(s.byCloud.map((r) => [r.name, r.currency, r.thisWeek])).toEqual([
      ['azure', 'EUR', 280],
      ['aws', 'USD', 1400],
    ]);
    expect(s.daily.map((d) => d.currency)).toEqual(['EUR', 'USD']);
    expect(s.daily.find((d) => d.currency === 'EUR')!.byCloud.aws).toBeUndefined();
  });

  it('states a shorter history instead of averaging weeks that were not billed', () => {
    const gcp = daily('2026-11-09', 14, () => 30, { cloud: 'gcp', ServiceName: 'Vertex AI' });
    const s = weeklySpend([...aws, ...gcp], WEEK, 'owner');
    const row = s.byCloud.find((r) => r.cloud === 'gcp')!;
    expect(row).toMatchObject({ thisWeek: 210, lastWeek: 210, average: 210, averageWeeks: 1 });
    const young = weeklySpend(daily('2026-11-18', 5, () => 30, { cloud: 'gcp', ServiceName: 'Vertex AI' }), WEEK, 'owner');
    expect(young.byCloud[0]).toMatchObject({ thisWeek: 150, averageWeeks: 0 });
    expect(young.byCloud[0]!.lastWeek).toBeUndefined();
    expect(young.byCloud[0]!.average).toBeUndefined();
  });

  it('takes owners from the owner breakdown only, so no dollar is counted twice', () => {
    const owner = [
      ...daily('2026-11-16', 7, () => 150, { breakdown: 'owner', Tags: { owner: 'team-nlp' } }),
      ...daily('2026-11-16', 7, () => 50, { breakdown: 'owner', Tags: {} }),
    ];
    const s = weeklySpend([...aws, ...owner], WEEK, 'owner');
    expect(s.byCloud[0]!.thisWeek).toBe(1400);
    expect(s.byOwner.map((r) => [r.name, r.thisWeek])).toEqual([
      ['team-nlp', 1050],
      ['(no owner tag)', 350],
    ]);
    expect(s.ownerNotes[0]).toMatch(/SageMaker only/);
  });

  it('marks figures the cloud still estimates, and leaves days without data as gaps in the daily chart', () => {
    const lines = aws.filter((l) => l.ChargePeriodStart.toISOString().slice(0, 10) !== '2026-11-20').map((l) => (l.ChargePeriodStart >= new Date('2026-11-22') ? { ...l, estimated: true } : l));
    const s = weeklySpend(lines, WEEK, 'owner');
    expect(s.byCloud[0]!.partlyEstimated).toBe(true);
    expect(s.daily[0]!.byCloud.aws).toEqual([200, 200, 200, 200, undefined, 200, 200]);
  });

  it('an empty week has no rows and no history, and does not throw', () => {
    const s = weeklySpend([], WEEK, 'owner');
    expect(s).toMatchObject({ byCloud: [], byService: [], byOwner: [], daily: [], otherServices: [] });
    expect(s.history.every((h) => h.firstDay === undefined && h.priorWeeks === 0)).toBe(true);
  });
});
