import { describe, expect, it } from 'vitest';
import { API_PRICES, billableUnits, costOfUnits, priceOf, TIB } from '../../../src/usage/api-prices';
import { gbSeconds, LAMBDA_GB_SECOND_USD, lambdaCostUsd } from '../../../src/usage/lambda-prices';

describe('API prices', () => {
  it('prices the paid operations at their published rates', () => {
    expect(costOfUnits(priceOf('aws', 'CostExplorer.GetCostAndUsage'), 1)).toBe(0.01);
    expect(costOfUnits(priceOf('aws', 'CostExplorer.GetAnomalies'), 3)).toBeCloseTo(0.03, 12);
    expect(costOfUnits(priceOf('aws', 'CloudWatch.GetMetricData'), 1000)).toBeCloseTo(0.01, 12);
    expect(costOfUnits(priceOf('gcp', 'BigQuery.Query'), TIB)).toBe(6.25);
    expect(costOfUnits(priceOf('azure', 'Monitor.Metrics_List'), 1000)).toBeCloseTo(0.01, 12);
    expect(costOfUnits(priceOf('gcp', 'Monitoring.ListTimeSeries'), 1000)).toBeCloseTo(0.01, 12);
  });

  it('prices control-plane and catalog calls at $0', () => {
    for (const [cloud, op] of [
      ['aws', 'SageMaker.DescribeEndpoint'],
      ['aws', 'Tagging.GetResources'],
      ['gcp', 'BigQuery.GetQueryResults'],
      ['gcp', 'BigQuery.GetTable'],
      ['gcp', 'Catalog.ListSkus'],
      ['gcp', 'Vertex.ListEndpoints'],
      ['azure', 'CostManagement.Query_Usage'],
      ['azure', 'MachineLearning.OnlineEndpoints_List'],
    ] as const) {
      expect(priceOf(cloud, op).usd, op).toBe(0);
    }
  });

  it('takes the exact entry before the service prefix, and the cloud into account', () => {
    expect(priceOf('aws', 'CloudWatch.GetMetricData').unit).toBe('metric');
    expect(priceOf('aws', 'CloudWatch.ListMetrics').unit).toBe('call');
    expect(priceOf('gcp', 'BigQuery.Query').unit).toBe('byte');
    expect(priceOf('azure', 'SageMaker.ListEndpoints').basis).toMatch(/^⚠️ no published per-request price known/);
  });

  it('marks every unverified price with ⚠️ in its basis, and only those', () => {
    for (const p of API_PRICES) expect(p.basis.startsWith('⚠️'), p.operation).toBe(!p.verified);
  });

  it('uses measured units, else the per-call estimate, for unit-priced operations', () => {
    const gmd = priceOf('aws', 'CloudWatch.GetMetricData');
    expect(billableUnits(gmd, 2, 640)).toEqual({ units: 640, estimated: false });
    expect(billableUnits(gmd, 2, undefined)).toEqual({ units: 1000, estimated: true });
    expect(billableUnits(priceOf('aws', 'CostExplorer.GetCostAndUsage'), 2, 999)).toEqual({ units: 2, estimated: false });
  });
});

describe('Lambda prices', () => {
  it('prices GB-seconds by architecture plus requests', () => {
    expect(gbSeconds(512, 2000)).toBe(1);
    expect(lambdaCostUsd('x86_64', 1, 0)).toBe(LAMBDA_GB_SECOND_USD.x86_64);
    expect(lambdaCostUsd('arm64', 1, 1_000_000)).toBeCloseTo(0.0000133334 + 0.2, 12);
  });
});
