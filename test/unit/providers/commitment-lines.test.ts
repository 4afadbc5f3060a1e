import { describe, expect, it } from 'vitest';
import { commitmentLines, totalLines } from '../../../src/detectors/spend';
import { toCostLines as awsLines } from '../../../src/providers/aws/cost-lines';
import { toCostLines as azureLines } from '../../../src/providers/azure/cost-rows';
import { BILLING_COLUMNS } from '../../../src/providers/gcp/bigquery-billing-query';
import { rowsToCostLines } from '../../../src/providers/gcp/billing-export-rows';

/** How each reader marks a long commitment in the billing it already reads (or, for Azure, one extra query). */
describe('commitments in billed cost lines', () => {
  it('AWS: Savings Plans SERVICE values are commitment fees of the total breakdown', () => {
    const lines = awsLines(
      {
        GroupDefinitions: [
          { Type: 'DIMENSION', Key: 'SERVICE' },
          { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        ],
        ResultsByTime: [
          {
            TimePeriod: { Start: '2026-11-03', End: '2026-11-04' },
            Groups: [
              { Keys: ['Amazon SageMaker', '111111111111'], Metrics: { UnblendedCost: { Amount: '40', Unit: 'USD' } } },
              { Keys: ['Savings Plans for AWS Machine Learning', '111111111111'], Metrics: { UnblendedCost: { Amount: '96', Unit: 'USD' } } },
              { Keys: ['Savings Plans for AWS Compute usage', '111111111111'], Metrics: { UnblendedCost: { Amount: '12', Unit: 'USD' } } },
            ],
          },
        ],
      },
      { source: 's' },
    );
    expect(lines.map((l) => l.CommitmentDiscountType)).toEqual([undefined, 'Savings Plans', 'Savings Plans']);
    expect(commitmentLines(lines).map((l) => [l.ServiceName, l.SubAccountId, l.BilledCost])).toEqual([
      ['Savings Plans for AWS Machine Learning', '111111111111', 96],
      ['Savings Plans for AWS Compute usage', '111111111111', 12],
    ]);
    // The fees are real charges: they stay in the account's total.
    expect(totalLines(lines)).toHaveLength(3);
  });

  it('Google: "Commitment v1:" and dollar-based CUD fee SKUs stay separate lines, marked, within the total', () => {
    const fields = BILLING_COLUMNS.map((name) => ({ name }));
    const row = (...v: (string | null)[]) => ({ f: v.map((x) => ({ v: x })) });
    const lines = rowsToCostLines(
      {
        fields,
        bytesProcessed: 0,
        rows: [
          row('2026-11-03', 'ml-prod', 'Compute Engine', 'Commitment v1: TpuV5e in Americas for 1 Year', 'us-central1', null, null, '120', '0', 'USD'),
          row('2026-11-03', 'ml-prod', 'Compute Engine', 'N2 Instance Core running in Americas', 'us-central1', null, null, '8', '-2', 'USD'),
          row('2026-11-03', 'ml-prod', 'Compute Engine', 'Commitment - dollar based v1: GCE for 3 Years', 'us-central1', null, null, '30', '0', 'USD'),
        ],
      },
      { source: 'export', ownerTag: 'owner' },
    );
    expect(lines.map((l) => [l.BilledCost, l.CommitmentDiscountType])).toEqual([
      [150, 'Committed use discount'],
      [8, undefined],
    ]);
    expect(commitmentLines(lines)).toHaveLength(1);
  });

  it('Azure: the PricingModel query gives commitment-breakdown lines, typed by PricingModel, outside the total', () => {
    const lines = azureLines(
      {
        columns: [{ name: 'Cost' }, { name: 'UsageDate' }, { name: 'PricingModel' }, { name: 'ServiceName' }, { name: 'Currency' }],
        rows: [
          [55.5, 20261103, 'Reservation', 'Virtual Machines', 'USD'],
          [12, 20261103, 'SavingsPlan', 'Azure Machine Learning', 'USD'],
          [99, 20261103, 'OnDemand', 'Azure Machine Learning', 'USD'],
        ],
      },
      { subscription: 'sub-1', source: 'cm', commitment: true },
    );
    expect(lines.map((l) => [l.CommitmentDiscountType, l.breakdown, l.BilledCost, l.SubAccountId])).toEqual([
      ['Reservation', 'commitment', 55.5, 'sub-1'],
      ['SavingsPlan', 'commitment', 12, 'sub-1'],
    ]);
    expect(commitmentLines(lines)).toHaveLength(2);
    expect(totalLines(lines)).toEqual([]);
  });
});
