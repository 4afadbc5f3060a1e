import { describe, expect, it } from 'vitest';
import { AzureBillingSchema } from '../../../../src/sim/azure/azure-billing-schema';
import { parseCostQuery } from '../../../../src/sim/azure/cost-definition';
import { extraCostRecords } from '../../../../src/sim/azure/cost-extra-usage';
import { runForecast } from '../../../../src/sim/azure/cost-forecast';
import { DAY_MS, rec, SUB } from './cost-fixtures';

const NOW = Date.parse('2026-11-18T15:00:00Z');
const VISIBLE = NOW - 8 * 3_600_000; // 07:00 on the 18th: the 17th is the last complete day
const body = (extra: Record<string, unknown> = {}) => ({
  type: 'ActualCost',
  timeframe: 'Custom',
  timePeriod: { from: '2026-11-16T00:00:00Z', to: '2026-11-20T00:00:00Z' },
  dataset: { granularity: 'Daily', aggregation: { totalCost: { name: 'Cost', function: 'Sum' } } },
  ...extra,
});
// 14 for each of the 7 days 11..17 (run-rate 14), plus 3 visible so far on the 18th.
const RECORDS = [...[11, 12, 13, 14, 15, 16, 17].map((d) => rec(`2026-11-${d}`, 14)), rec('2026-11-18', 3), rec('2026-11-10', 1000)];

describe('Cost Management forecast engine', () => {
  const q = parseCostQuery(body(), NOW, { forecast: true, resourceIdAllowed: true });

  it('forecasts the run-rate of the last 7 complete days for every day after them', () => {
    const t = runForecast(RECORDS, q, { includeActualCost: false, includeFreshPartialCost: false, visibleMs: VISIBLE }, 'USD');
    expect(t.columns.map((c) => c.name)).toEqual(['Cost', 'UsageDate', 'CostStatus', 'Currency']);
    expect(t.rows).toEqual([
      [14, 20261118, 'Forecast', 'USD'],
      [14, 20261119, 'Forecast', 'USD'],
      [14, 20261120, 'Forecast', 'USD'],
    ]);
  });

  it('adds Actual rows with includeActualCost, and the fresh partial day with includeFreshPartialCost', () => {
    const t = runForecast(RECORDS, q, { includeActualCost: true, includeFreshPartialCost: true, visibleMs: VISIBLE }, 'USD');
    expect(t.rows).toEqual([
      [14, 20261116, 'Actual', 'USD'],
      [14, 20261117, 'Actual', 'USD'],
      [3, 20261118, 'Actual', 'USD'],
      [11, 20261118, 'Forecast', 'USD'],
      [14, 20261119, 'Forecast', 'USD'],
      [14, 20261120, 'Forecast', 'USD'],
    ]);
  });

  it('forecasts nothing without history in the run-rate window and applies the filter', () => {
    const filtered = parseCostQuery(body({ dataset: { granularity: 'Daily', aggregation: { c: { name: 'Cost', function: 'Sum' } }, filter: { dimensions: { name: 'ServiceName', operator: 'In', values: ['Storage'] } } } }), NOW, { forecast: true, resourceIdAllowed: true });
    expect(runForecast(RECORDS, filtered, { includeActualCost: true, includeFreshPartialCost: false, visibleMs: VISIBLE }, 'USD').rows).toEqual([]);
  });

  it('refuses grouping (ForecastDataset has none)', () => {
    expect(() => parseCostQuery(body({ dataset: { granularity: 'Daily', aggregation: { c: { name: 'Cost', function: 'Sum' } }, grouping: [] } }), NOW, { forecast: true, resourceIdAllowed: true })).toThrow(/grouping/);
  });
});

describe('extra costs', () => {
  const billing = AzureBillingSchema.parse({
    extraCosts: [
      {
        serviceName: 'Storage',
        meterCategory: 'Storage',
        meter: 'Hot LRS Data Stored',
        resourceId: `/subscriptions/${SUB}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/mlblobs`,
        dailyCost: 10,
        growthPctPerWeek: 100,
        usageQuantityPerDay: 2,
        from: '-14d',
      },
    ],
  });

  it('expand to one prorated record per UTC day, growing weekly, derived subscription / group / type', () => {
    const start = Date.parse('2026-11-18T00:00:00Z');
    const recs = extraCostRecords(billing.extraCosts, 'USD', start, start - 14 * DAY_MS, start + DAY_MS, start + 12 * 3_600_000);
    expect(recs).toHaveLength(15);
    expect(recs[0]).toMatchObject({ subscriptionId: SUB, resourceGroup: 'rg-data', resourceType: 'Microsoft.Storage/storageAccounts', location: 'eastus', quantity: 2 });
    // Day 0 midpoint is half a day after `from`: 10 * 2^(0.5/7).
    expect(recs[0]!.cost).toBeCloseTo(10 * Math.pow(2, 0.5 / 7), 9);
    // Day 7 doubles; the last day is cut at nowMs (half a day).
    expect(recs[7]!.cost).toBeCloseTo(10 * Math.pow(2, 7.5 / 7), 9);
    expect(recs[14]!.toMs - recs[14]!.fromMs).toBe(DAY_MS / 2);
    expect(recs[14]!.quantity).toBe(1);
  });

  it('reject a resourceId that is not an ARM id', () => {
    expect(AzureBillingSchema.safeParse({ extraCosts: [{ serviceName: 'S', meterCategory: 'S', meter: 'm', resourceId: 'mlblobs', dailyCost: 1 }] }).success).toBe(false);
  });
});
