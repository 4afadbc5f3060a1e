import { describe, expect, it } from 'vitest';
import { DAY_MS, dailyCostItems } from '../../../src/sim/cost-model';
import { dailyFactor } from '../../../src/sim/daily-pattern';
import { buildFleetState } from '../../../src/sim/fleet-state';
import { billingExportRows } from '../../../src/sim/gcp/billing-rows';
import type { SimBillingExport } from '../../../src/sim/gcp/gcp-usage';
import { loadFleet } from '../../../src/sim';

const WED = Date.parse('2026-11-18T00:00:00Z');
const SAT = Date.parse('2026-11-21T00:00:00Z');

describe('dailyFactor', () => {
  it('compounds weekly growth from its origin, priced at the day\'s midpoint, and applies the weekend level on Saturday and Sunday (UTC)', () => {
    expect(dailyFactor({ growthPctPerWeek: 0, weekendFactor: 1 }, WED, WED)).toBe(1);
    expect(dailyFactor({ growthPctPerWeek: 100, weekendFactor: 1 }, WED + 7 * DAY_MS - DAY_MS / 2, WED)).toBeCloseTo(2, 10);
    expect(dailyFactor({ growthPctPerWeek: 0, weekendFactor: 0.1 }, SAT, WED)).toBe(0.1);
    expect(dailyFactor({ growthPctPerWeek: 0, weekendFactor: 0.1 }, SAT + DAY_MS, WED)).toBe(0.1);
    expect(dailyFactor({ growthPctPerWeek: 0, weekendFactor: 0.1 }, SAT + 2 * DAY_MS, WED)).toBe(1);
  });
});

describe('extra cost patterns in the simulated bills', () => {
  it('bills an AWS extra cost line on weekdays at its rate and on weekends at its weekend level', () => {
    const fleet = loadFleet({ extraCosts: [{ service: 'Amazon SageMaker', dailyUsd: 500, weekendFactor: 0.2 }] });
    const state = buildFleetState(fleet, WED + 10 * 3_600_000);
    const items = dailyCostItems(state, WED - 7 * DAY_MS, WED, WED);
    expect(items.map((i) => Math.round(i.costUsd))).toEqual([500, 500, 500, 100, 100, 500, 500]);
  });

  it('writes a Google extra cost into the export, prorated up to now and from the day it starts', () => {
    const exp: SimBillingExport = {
      project: 'scn-ml-prod', dataset: 'b', table: 'gcp_billing_export_resource_v1_0A1B2C_3D4E5F_6A7B8C', location: 'US', billingAccountId: '0A1B2C-3D4E5F-6A7B8C',
      createdMs: WED - 30 * DAY_MS,
      extraCosts: [{ service: 'Cloud Logging', sku: 'Log Volume', labels: { owner: 'team-ml' }, dailyCost: 48, growthPctPerWeek: 0, weekendFactor: 1, usageUnit: 'gibibyte', usageAmountPerDay: 96, fromMs: WED - DAY_MS / 2 }],
    };
    const rows = billingExportRows(() => [], exp, WED - 2 * DAY_MS, WED + DAY_MS, WED + 6 * 3_600_000).filter((r) => r.service === 'Cloud Logging');
    expect(rows.map((r) => [new Date(r.usageStartMs).toISOString().slice(0, 10), r.cost, r.usageAmount, r.labels.owner, r.projectId])).toEqual([
      ['2026-11-17', 24, 48, 'team-ml', 'scn-ml-prod'],
      ['2026-11-18', 12, 24, 'team-ml', 'scn-ml-prod'],
    ]);
  });
});
