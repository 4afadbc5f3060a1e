import { describe, expect, it } from 'vitest';
import { forecastRequest } from '../../../src/app/forecast-request';
import { config } from '../../support/builders';

const NOW = new Date('2026-11-18T10:00:00Z');
const withBudgets = (budgets: unknown[], over: Record<string, unknown> = {}) =>
  config({ clouds: { azure: { enabled: true, subscriptions: ['0a1b2c3d-0000-4000-8000-000000000001'] } }, detectors: { 'budget-overrun': { budgets: budgets as never, ...over } } });

describe('forecastRequest', () => {
  it('asks nothing without budgets, with the detector off or cloudForecast false', () => {
    expect(forecastRequest(config(), NOW)).toBeUndefined();
    expect(forecastRequest(withBudgets([{ name: 'a', amount: 1 }], { enabled: false }), NOW)).toBeUndefined();
    expect(forecastRequest(withBudgets([{ name: 'a', amount: 1 }], { cloudForecast: false }), NOW)).toBeUndefined();
  });

  it('asks AWS and Azure (never Google) per account and service, once per distinct scope; owner budgets use the run rate', () => {
    const r = forecastRequest(
      withBudgets([
        { name: 'all-ml', amount: 1 },
        { name: 'all-ml-2', amount: 2 },
        { name: 'aws-all', cloud: 'aws', services: 'all', amount: 1 },
        { name: 'acct', account: '111111111111', amount: 1 },
        { name: 'sub', account: '0A1B2C3D-0000-4000-8000-000000000001', services: 'all', amount: 1 },
        { name: 'gcp', cloud: 'gcp', amount: 1 },
        { name: 'team', owner: 'team-a', amount: 1 },
      ]),
      NOW,
    )!;
    expect(r.month).toEqual({ start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') });
    expect(r.scopes).toEqual({
      aws: [{ service: 'Amazon SageMaker' }, {}, { account: '111111111111', service: 'Amazon SageMaker' }],
      azure: [{ service: 'Azure Machine Learning' }, { account: '0A1B2C3D-0000-4000-8000-000000000001' }],
    });
  });

  it('skips a cloud that is switched off', () => {
    const r = forecastRequest(config({ clouds: { aws: { enabled: false } }, detectors: { 'budget-overrun': { budgets: [{ name: 'a', amount: 1 }] } } }), NOW);
    expect(r).toBeUndefined();
  });
});
