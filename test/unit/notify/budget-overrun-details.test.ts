import { describe, expect, it } from 'vitest';
import { buildAuditResult } from '../../../src/app/audit-result';
import { renderAudit } from '../../../src/cli/render-audit';
import { detectBudgetOverrun } from '../../../src/detectors/budget-overrun';
import { buildAlertView } from '../../../src/notify/build-alert-view';
import { budgetOverrunLine } from '../../../src/notify/views/budget-overrun-details';
import { config, costLine, snapshot } from '../../support/builders';

const NOW = new Date('2026-11-11T12:00:00Z');
const days = Array.from({ length: 11 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`);
const costs = [
  ...days.map((d) => costLine(d, 100)),
  ...days.map((d) => costLine(d, 100, { cloud: 'gcp', ServiceName: 'Vertex AI', SubAccountId: 'acme-ml' })),
  ...days.map((d) => costLine(d, 40, { cloud: 'azure', ServiceName: 'Azure Machine Learning', SubAccountId: '0a1b2c3d-0000-4000-8000-000000000001', BillingCurrency: 'EUR' })),
];
const cfg = config({ detectors: { 'budget-overrun': { budgets: [{ name: 'ML platform', amount: 4000 }] } } });

describe('budget-overrun views', () => {
  const findings = detectBudgetOverrun(snapshot({ costs }, NOW), cfg, NOW);
  const [actual, forecast] = findings;

  it('the CLI line: month to date, forecast and its method, currencies left out; the cloud column names every cloud', () => {
    expect(findings.map((f) => f.evidence.basis)).toEqual(['actual', 'forecast']);
    expect(budgetOverrunLine(forecast!)).toBe('$2,200 of $4,000 in 2026-11 (55%); forecast $6,000 (150%, run rate); EUR left out');
    const text = renderAudit(buildAuditResult(snapshot({ costs }, NOW), findings, {}, NOW));
    expect(text).toContain('aws+gcp global');
    expect(text).toContain('budget ML platform');
  });

  it('the Slack view: budget, month to date, forecast per cloud, clouds and what was left out; every cloud in the location', () => {
    const view = buildAlertView(forecast!, { now: NOW, ownerTag: 'owner', reason: 'new' });
    expect(view.location).toBe('AWS + Google Cloud · every account · global');
    expect(view.kindLabel).toBe('Budget forecast');
    const facts = Object.fromEntries(view.facts.map((x) => [x.label, x.value]));
    expect(facts.Budget).toBe('ML platform: $4,000 a month (ML platform spend, every cloud)');
    expect(facts['Month to date']).toBe('$2,200 billed, 55%');
    expect(facts.Forecast).toMatch(/^\$6,000 by month end \(\$6,000 \.\. \$6,000\), 150%, \$2,000 over$/);
    expect(facts['Forecast gcp']).toMatch(/^run rate \(Google Cloud has no forecast API\): 10 billed day\(s\)/);
    expect(facts.Clouds).toBe('aws, gcp');
    expect(facts['Left out']).toBe('€440 billed in other currencies (never converted)');
    expect(view.cost).toMatchObject({ basis: 'estimate', known: true });
    expect(buildAlertView(actual!, { now: NOW, ownerTag: 'owner', reason: 'new' }).kindLabel).toBe('Budget threshold');
  });
});
