import { describe, expect, it } from 'vitest';
import { anomaliesRequest } from '../../../../src/providers/aws/cost-anomalies';
import { toNativeAnomalies } from '../../../../src/providers/aws/native-anomalies';

describe('toNativeAnomalies (GetAnomalies answers)', () => {
  it('maps an anomaly with its dates (either form), impact doubles, root causes, score and feedback', () => {
    const [a] = toNativeAnomalies([
      {
        AnomalyId: 'a1d9f77c',
        AnomalyStartDate: '2026-08-28T00:00:00Z',
        AnomalyEndDate: '2026-08-31',
        DimensionValue: 'AmazonCloudWatch',
        RootCauses: [{ Service: 'AmazonCloudWatch', Region: 'eu-west-1', LinkedAccount: '222233334444', LinkedAccountName: 'prod-platform', UsageType: 'EUW1-DataProcessing-Bytes', Impact: { Contribution: 1180.5 } }],
        AnomalyScore: { MaxScore: 0.91, CurrentScore: 0.4 },
        Impact: { MaxImpact: 410, TotalImpact: 1210.75, TotalActualSpend: 1600, TotalExpectedSpend: 389.25, TotalImpactPercentage: 311.05 },
        MonitorArn: 'arn:aws:ce::111122223333:anomalymonitor/m',
        Feedback: 'YES',
      },
    ]);
    expect(a).toEqual({
      cloud: 'aws',
      id: 'a1d9f77c',
      monitor: 'arn:aws:ce::111122223333:anomalymonitor/m',
      startDay: '2026-08-28',
      endDay: '2026-08-31',
      dimensionValue: 'AmazonCloudWatch',
      rootCauses: [{ service: 'AmazonCloudWatch', region: 'eu-west-1', account: '222233334444', accountName: 'prod-platform', usageType: 'EUW1-DataProcessing-Bytes', contribution: 1180.5 }],
      impact: { maxImpact: 410, totalImpact: 1210.75, totalActualSpend: 1600, totalExpectedSpend: 389.25, totalImpactPct: 311.05 },
      score: { max: 0.91, current: 0.4 },
      feedback: 'YES',
      currency: 'USD',
      source: 'AWS Cost Anomaly Detection (Cost Explorer GetAnomalies)',
    });
  });

  it('keeps what is there and drops what is not: no end yet, no root causes, a missing total, a non-number; skips entries without id or start', () => {
    const out = toNativeAnomalies([
      { AnomalyId: 'b', AnomalyStartDate: '2026-11-17', AnomalyScore: undefined, Impact: { MaxImpact: 55, TotalImpact: 'n/a' as unknown as number }, MonitorArn: 'm' },
      { AnomalyId: undefined, AnomalyStartDate: '2026-11-17', AnomalyScore: undefined, Impact: undefined, MonitorArn: 'm' },
      { AnomalyId: 'c', AnomalyStartDate: 'yesterday', AnomalyScore: undefined, Impact: undefined, MonitorArn: 'm' },
    ]);
    expect(out).toEqual([{ cloud: 'aws', id: 'b', monitor: 'm', startDay: '2026-11-17', rootCauses: [], impact: { maxImpact: 55 }, currency: 'USD', source: 'AWS Cost Anomaly Detection (Cost Explorer GetAnomalies)' }]);
  });
});

describe('anomaliesRequest', () => {
  it('asks for the anomalies whose end day is in the last 7 days, as whole days (the same request all day, so cached)', () => {
    expect(anomaliesRequest(new Date('2026-11-18T10:00:00Z'))).toEqual({ DateInterval: { StartDate: '2026-11-12', EndDate: '2026-11-18' }, MaxResults: 100 });
    expect(anomaliesRequest(new Date('2026-11-18T23:59:00Z'))).toEqual(anomaliesRequest(new Date('2026-11-18T00:00:00Z')));
  });
});
