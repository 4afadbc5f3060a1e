import { describe, expect, it } from 'vitest';
import { splitTagKey, toCostLines } from '../../../../src/providers/aws/cost-lines';
import { fixture } from './fixtures';

describe('toCostLines', () => {
  it('maps the AWS CLI documentation example (SERVICE + TAG Environment, monthly)', () => {
    // That example asked for BlendedCost/UnblendedCost only: effective cost falls back to the unblended amount.
    const lines = toCostLines(fixture('ce', 'GetCostAndUsage.aws-cli-example1'), { source: 'test' });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({
      cloud: 'aws',
      ChargePeriodStart: new Date('2017-09-01T00:00:00Z'),
      ChargePeriodEnd: new Date('2017-10-01T00:00:00Z'),
      BilledCost: 40.3543773134,
      EffectiveCost: 40.3543773134,
      BillingCurrency: 'USD',
      ServiceName: 'Amazon Simple Storage Service',
      Tags: {},
      basis: 'billed',
      breakdown: 'owner',
      source: 'test',
    });
    expect(lines[1]!.Tags).toEqual({ Environment: 'Dev' });
    expect(lines[1]!.BilledCost).toBeCloseTo(0.2682364644);
  });

  it('reads amortized cost as effective cost and keeps the Estimated flag', () => {
    const lines = toCostLines(fixture('ce', 'GetCostAndUsage.sagemaker-by-owner'), { source: 'ce' });
    expect(lines.map((l) => [l.Tags, l.BilledCost, l.EffectiveCost, l.estimated])).toEqual([
      [{}, 12.5011, 12.5011, undefined],
      [{ owner: 'risk-team' }, 170.16, 170.16, undefined],
      [{ owner: 'risk-team' }, 101.4, 98.02, true],
    ]);
    expect(lines.every((l) => l.basis === 'billed' && l.ServiceName === 'Amazon SageMaker')).toBe(true);
  });

  it('never puts Tags on SERVICE-only lines, and reads ungrouped Totals', () => {
    const byService = toCostLines(
      {
        GroupDefinitions: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
        ResultsByTime: [
          {
            TimePeriod: { Start: '2025-11-03', End: '2025-11-04' },
            Total: {},
            Groups: [{ Keys: ['Amazon SageMaker'], Metrics: { UnblendedCost: { Amount: '1.5', Unit: 'USD' } } }],
          },
          { TimePeriod: { Start: '2025-11-04', End: '2025-11-05' }, Total: {}, Groups: [] },
        ],
      },
      { source: 's' },
    );
    expect(byService).toHaveLength(1);
    expect(byService[0]!.Tags).toBeUndefined();
    const total = toCostLines(
      { ResultsByTime: [{ TimePeriod: { Start: '2025-11-03', End: '2025-11-04' }, Total: { UnblendedCost: { Amount: '2', Unit: 'USD' } } }] },
      { source: 's', defaultServiceName: 'Amazon SageMaker' },
    );
    expect(total).toMatchObject([{ BilledCost: 2, ServiceName: 'Amazon SageMaker' }]);
  });

  it('reads the member account of a SERVICE + LINKED_ACCOUNT answer into SubAccountId, in whatever order the groups come', () => {
    const lines = toCostLines(
      {
        GroupDefinitions: [
          { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
          { Type: 'DIMENSION', Key: 'SERVICE' },
        ],
        ResultsByTime: [
          {
            TimePeriod: { Start: '2025-11-03', End: '2025-11-04' },
            Total: {},
            Groups: [
              { Keys: ['111111111111', 'Amazon SageMaker'], Metrics: { UnblendedCost: { Amount: '10', Unit: 'USD' } } },
              { Keys: ['222222222222', 'Amazon SageMaker'], Metrics: { UnblendedCost: { Amount: '4', Unit: 'USD' } } },
            ],
          },
        ],
      },
      { source: 's' },
    );
    expect(lines.map((l) => [l.SubAccountId, l.ServiceName, l.BilledCost, l.breakdown])).toEqual([
      ['111111111111', 'Amazon SageMaker', 10, 'total'],
      ['222222222222', 'Amazon SageMaker', 4, 'total'],
    ]);
  });

  it('skips groups whose amount is missing or not a number', () => {
    const lines = toCostLines(
      {
        GroupDefinitions: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
        ResultsByTime: [
          {
            TimePeriod: { Start: '2025-11-03', End: '2025-11-04' },
            Groups: [
              { Keys: ['A'], Metrics: { UnblendedCost: { Amount: 'n/a', Unit: 'USD' } } },
              { Keys: ['B'], Metrics: {} },
            ],
          },
        ],
      },
      { source: 's' },
    );
    expect(lines).toEqual([]);
  });
});

describe('splitTagKey', () => {
  it('reads "key$value" and the untagged "key$"', () => {
    expect(splitTagKey('owner$team-a', 'owner')).toBe('team-a');
    expect(splitTagKey('owner$', 'owner')).toBe('');
    expect(splitTagKey('owner$a$b', 'owner')).toBe('a$b');
  });
});
