import { describe, expect, it } from 'vitest';
import { CostQueryError, parseCostQuery } from '../../../../src/sim/azure/cost-definition';
import { runCostQuery } from '../../../../src/sim/azure/cost-query';
import { CI, EP, rec } from './cost-fixtures';

const NOW = Date.parse('2026-11-18T15:00:00Z');
const custom = (from: string, to: string, dataset: Record<string, unknown>, type = 'ActualCost') => ({
  type,
  timeframe: 'Custom',
  timePeriod: { from: `${from}T00:00:00.000Z`, to: `${to}T00:00:00.000Z` },
  dataset,
});
const parse = (body: unknown, resourceIdAllowed = true) => parseCostQuery(body, NOW, { resourceIdAllowed });

function badRequestOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CostQueryError);
    expect((err as CostQueryError).httpStatus).toBe(400);
    expect((err as CostQueryError).code).toBe('BadRequest');
    return (err as Error).message;
  }
  throw new Error('expected a BadRequest');
}

const RECORDS = [
  rec('2026-11-10', 10),
  rec('2026-11-10', 5),
  rec('2026-11-11', 7),
  rec('2026-11-11', 2, { resourceId: CI, resourceType: 'Microsoft.MachineLearningServices/workspaces/computes', tags: {} }),
  rec('2026-11-11', 1, { resourceId: '/subscriptions/x/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/sa1', serviceName: 'Storage', meterCategory: 'Storage', resourceGroup: 'rg-data', tags: { Team: 'data' } }),
  rec('2026-10-31', 100),
];

describe('Cost Management query engine', () => {
  it('answers Daily grouped by ResourceId + ServiceName with Azure column order, lower-cased ids', () => {
    const q = parse(custom('2026-11-01', '2026-11-18', { granularity: 'Daily', aggregation: { totalCost: { name: 'Cost', function: 'Sum' } }, grouping: [{ type: 'Dimension', name: 'ResourceId' }, { type: 'Dimension', name: 'ServiceName' }] }));
    const t = runCostQuery(RECORDS, q, 'USD');
    expect(t.columns).toEqual([
      { name: 'Cost', type: 'Number' },
      { name: 'UsageDate', type: 'Number' },
      { name: 'ResourceId', type: 'String' },
      { name: 'ServiceName', type: 'String' },
      { name: 'Currency', type: 'String' },
    ]);
    expect(t.rows).toEqual([
      [15, 20261110, EP.toLowerCase(), 'Azure Machine Learning', 'USD'],
      [2, 20261111, CI.toLowerCase(), 'Azure Machine Learning', 'USD'],
      [7, 20261111, EP.toLowerCase(), 'Azure Machine Learning', 'USD'],
      [1, 20261111, '/subscriptions/x/resourcegroups/rg-data/providers/microsoft.storage/storageaccounts/sa1', 'Storage', 'USD'],
    ]);
  });

  it('gives a TagKey grouping two columns; untagged charges come back with empty TagKey/TagValue; keys match case-insensitively', () => {
    const q = parse(custom('2026-11-01', '2026-11-30', { granularity: 'None', aggregation: { c: { name: 'PreTaxCost', function: 'Sum' }, q: { name: 'UsageQuantity', function: 'Sum' } }, grouping: [{ type: 'TagKey', name: 'team' }] }));
    const t = runCostQuery(RECORDS, q, 'EUR');
    expect(t.columns.map((c) => c.name)).toEqual(['PreTaxCost', 'UsageQuantity', 'TagKey', 'TagValue', 'Currency']);
    expect(t.rows).toEqual([
      [2, 1, '', '', 'EUR'],
      [1, 1, 'team', 'data', 'EUR'],
      [22, 3, 'team', 'nlp', 'EUR'],
    ]);
  });

  it('totals by month with a BillingMonth column and applies and/or/not filters on dimensions and tags', () => {
    const q = parse(
      custom('2026-10-01', '2026-11-30', {
        granularity: 'Monthly',
        aggregation: { c: { name: 'Cost', function: 'Sum' } },
        filter: {
          and: [
            { or: [{ dimensions: { name: 'ServiceName', operator: 'In', values: ['azure machine learning'] } }, { tags: { name: 'team', operator: 'In', values: ['data'] } }] },
            { not: { dimensions: { name: 'ResourceId', operator: 'In', values: [CI.toLowerCase()] } } },
          ],
        },
      }),
    );
    expect(runCostQuery(RECORDS, q, 'USD').rows).toEqual([
      [100, '2026-10-01T00:00:00', 'USD'],
      [23, '2026-11-01T00:00:00', 'USD'],
    ]);
  });

  it('resolves relative timeframes against the virtual now', () => {
    expect(parse({ type: 'Usage', timeframe: 'MonthToDate', dataset: {} }).range).toEqual({ fromDayMs: Date.parse('2026-11-01'), toDayMs: Date.parse('2026-11-18') });
    expect(parse({ type: 'Usage', timeframe: 'TheLastMonth', dataset: {} }).range).toEqual({ fromDayMs: Date.parse('2026-10-01'), toDayMs: Date.parse('2026-10-31') });
    expect(parse({ type: 'Usage', timeframe: 'TheLast7Days', dataset: {} }).range).toEqual({ fromDayMs: Date.parse('2026-11-12'), toDayMs: Date.parse('2026-11-18') });
    // 2026-11-18 is a Wednesday: the week started on Monday the 16th.
    expect(parse({ type: 'Usage', timeframe: 'WeekToDate', dataset: {} }).range.fromDayMs).toBe(Date.parse('2026-11-16'));
    // Without granularity the answer is one total: no date column, default aggregation Cost.
    expect(runCostQuery(RECORDS, parse({ type: 'Usage', timeframe: 'MonthToDate', dataset: {} }), 'USD')).toEqual({
      columns: [{ name: 'Cost', type: 'Number' }, { name: 'Currency', type: 'String' }],
      rows: [[25, 'USD']],
    });
  });

  it('rejects what Azure rejects with 400 BadRequest', () => {
    const agg = { c: { name: 'Cost', function: 'Sum' } };
    expect(badRequestOf(() => parse(custom('2026-10-01', '2026-11-18', { granularity: 'Daily', aggregation: agg })))).toMatch(/^Invalid query definition: The time period for pulling the data cannot exceed 31 days for daily granularity/);
    expect(badRequestOf(() => parse(custom('2025-01-01', '2026-11-18', { granularity: 'Monthly', aggregation: agg })))).toMatch(/cannot exceed 1 year/);
    const three = [1, 2, 3].map(() => ({ type: 'Dimension', name: 'ServiceName' }));
    expect(badRequestOf(() => parse(custom('2026-11-01', '2026-11-02', { aggregation: agg, grouping: three })))).toMatch(/at most 2/);
    expect(badRequestOf(() => parse(custom('2026-11-01', '2026-11-02', { aggregation: agg, grouping: [{ type: 'Dimension', name: 'Customer' }] })))).toMatch(/Invalid dataset grouping: 'Customer'; valid values:/);
    expect(badRequestOf(() => parse(custom('2026-11-01', '2026-11-02', { aggregation: agg, grouping: [{ type: 'Dimension', name: 'ResourceId' }] }), false))).toMatch(/ResourceId/);
    expect(badRequestOf(() => parse(custom('2026-11-01', '2026-11-02', { aggregation: { a: agg.c, b: agg.c, c: agg.c } })))).toMatch(/at most 2/);
    expect(badRequestOf(() => parse(custom('2026-11-01', '2026-11-02', { aggregation: agg, filter: { and: [{ tags: { name: 't', operator: 'In', values: ['x'] } }] } })))).toMatch(/at least 2/);
    expect(badRequestOf(() => parse({ type: 'ActualCost', timeframe: 'Custom', dataset: {} }))).toMatch(/TimePeriod is required/);
    expect(badRequestOf(() => parse({ type: 'Bogus', timeframe: 'MonthToDate', dataset: {} }))).toMatch(/Invalid query type/);
  });
});
