import { describe, expect, it } from 'vitest';
import { costForecastInput, toMonthForecast } from '../../../../src/providers/aws/cost-forecast';

const MONTH = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') };

describe('costForecastInput (AWS)', () => {
  it('asks for today to the 1st of next month, MONTHLY UNBLENDED_COST with an 80 % interval', () => {
    expect(costForecastInput({}, MONTH, new Date('2026-11-18T23:59:00Z'))).toEqual({
      TimePeriod: { Start: '2026-11-18', End: '2026-12-01' },
      Metric: 'UNBLENDED_COST',
      Granularity: 'MONTHLY',
      PredictionIntervalLevel: 80,
    });
    // The last day of the month is still a valid one-day period; a month already over is not asked for.
    expect(costForecastInput({}, MONTH, new Date('2026-11-30T08:00:00Z'))!.TimePeriod).toEqual({ Start: '2026-11-30', End: '2026-12-01' });
    expect(costForecastInput({}, MONTH, new Date('2026-12-01T00:00:00Z'))).toBeUndefined();
  });

  it('filters by SERVICE and LINKED_ACCOUNT, under And when both (one root per Expression)', () => {
    const now = new Date('2026-11-18T10:00:00Z');
    expect(costForecastInput({ service: 'Amazon SageMaker' }, MONTH, now)!.Filter).toEqual({ Dimensions: { Key: 'SERVICE', Values: ['Amazon SageMaker'] } });
    expect(costForecastInput({ account: '111111111111' }, MONTH, now)!.Filter).toEqual({ Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['111111111111'] } });
    expect(costForecastInput({ service: 'Amazon SageMaker', account: '111111111111' }, MONTH, now)!.Filter).toEqual({
      And: [{ Dimensions: { Key: 'SERVICE', Values: ['Amazon SageMaker'] } }, { Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['111111111111'] } }],
    });
  });
});

describe('toMonthForecast (AWS)', () => {
  const input = costForecastInput({ service: 'Amazon SageMaker' }, MONTH, new Date('2026-11-18T10:00:00Z'))!;

  it('reads Total and sums the periods\' bounds; the scope says which accounts and service it covers', () => {
    const f = toMonthForecast(
      {
        Total: { Amount: '1300.5', Unit: 'USD' },
        ForecastResultsByTime: [{ TimePeriod: { Start: '2026-11-18', End: '2026-12-01' }, MeanValue: '1300.5', PredictionIntervalLowerBound: '1100', PredictionIntervalUpperBound: '1500.25' }],
      },
      input,
      { service: 'Amazon SageMaker' },
      MONTH,
    )!;
    expect(f).toMatchObject({
      cloud: 'aws',
      SubAccountIds: ['*'],
      ServiceName: 'Amazon SageMaker',
      forecastRemaining: 1300.5,
      interval: { low: 1100, high: 1500.25, levelPct: 80 },
      currency: 'USD',
      basis: 'estimate',
    });
    expect(f.forecastFrom.toISOString()).toBe('2026-11-18T00:00:00.000Z');
    expect(f.month).toEqual(MONTH);
  });

  it('leaves the interval out when a bound is missing, and the whole answer when Total is not a number', () => {
    const noBounds = toMonthForecast({ Total: { Amount: '10', Unit: 'USD' }, ForecastResultsByTime: [{ MeanValue: '10' }] }, input, { account: '1' }, MONTH)!;
    expect(noBounds.interval).toBeUndefined();
    expect(noBounds.SubAccountIds).toEqual(['1']);
    expect(toMonthForecast({ Total: { Amount: '', Unit: 'USD' } }, input, {}, MONTH)).toBeUndefined();
    expect(toMonthForecast({}, input, {}, MONTH)).toBeUndefined();
  });
});
