import { describe, expect, it } from 'vitest';
import type { FleetState } from '../../../../src/sim/fleet-model';
import { CostQueryError } from '../../../../src/sim/azure/cost-error';
import { pageOfTable } from '../../../../src/sim/azure/cost-paging';
import { inScope, resolveCostScope } from '../../../../src/sim/azure/cost-scope';
import { countCostRequest } from '../../../../src/sim/azure/cost-throttle';
import { rec, SUB } from './cost-fixtures';

const TENANT = '11111111-2222-3333-4444-555555555555';
const SUBS = [{ id: SUB, tenantId: TENANT }];
const H = 'x-ms-ratelimit-microsoft.costmanagement';

describe('Cost Management scopes', () => {
  it('resolves subscription, resource group and tenant root management group scopes case-insensitively', () => {
    expect(resolveCostScope(`subscriptions/${SUB.toUpperCase()}`, SUBS)).toMatchObject({ kind: 'subscription', subscriptionIds: [SUB] });
    const rg = resolveCostScope(`subscriptions/${SUB}/resourcegroups/rg-ml`, SUBS);
    expect(rg).toMatchObject({ kind: 'resourceGroup', resourceGroup: 'rg-ml' });
    expect(inScope(rec('2026-11-10', 1), rg)).toBe(true);
    expect(inScope(rec('2026-11-10', 1, { resourceGroup: 'other' }), rg)).toBe(false);
    expect(resolveCostScope(`providers/Microsoft.Management/managementGroups/${TENANT}`, SUBS)).toMatchObject({ kind: 'managementGroup', subscriptionIds: [SUB] });
  });

  it('denies scopes outside the fleet with 403 RBACAccessDenied', () => {
    for (const s of ['subscriptions/00000000-0000-0000-0000-00000000dead', 'providers/Microsoft.Management/managementGroups/other', 'providers/Microsoft.Billing/billingAccounts/123']) {
      const err = (() => {
        try {
          return resolveCostScope(s, SUBS);
        } catch (e) {
          return e;
        }
      })() as CostQueryError;
      expect(err).toBeInstanceOf(CostQueryError);
      expect([err.httpStatus, err.code]).toEqual([403, 'RBACAccessDenied']);
    }
  });
});

describe('Cost Management paging', () => {
  const table = { columns: [{ name: 'Cost', type: 'Number' as const }], rows: [[1], [2], [3], [4], [5]] };
  const url = new URL(`http://127.0.0.1:1234/subscriptions/${SUB}/providers/Microsoft.CostManagement/query?api-version=2022-10-01`);

  it('cuts pageSize rows and links the next page on the ARM origin with a literal $skiptoken', () => {
    const p1 = pageOfTable(table, url, 2);
    expect(p1.rows).toEqual([[1], [2]]);
    expect(p1.nextLink).toMatch(new RegExp(`^https://management\\.azure\\.com/subscriptions/${SUB}/providers/Microsoft\\.CostManagement/query\\?api-version=2022-10-01&\\$skiptoken=`));
    const p2 = pageOfTable(table, new URL(p1.nextLink!.replace('https://management.azure.com', 'http://127.0.0.1:1234')), 2);
    expect(p2.rows).toEqual([[3], [4]]);
    const p3 = pageOfTable(table, new URL(p2.nextLink!), 2);
    expect(p3).toEqual({ rows: [[5]], nextLink: null });
  });

  it('refuses a token it did not issue', () => {
    expect(() => pageOfTable(table, new URL(`${url.toString()}&$skiptoken=bogus`), 2)).toThrow(CostQueryError);
  });
});

describe('Cost Management per-scope throttling', () => {
  it('counts per scope per virtual minute and reports QPU on every answer', () => {
    const state = {} as FleetState;
    const t0 = Date.parse('2026-11-18T15:00:20Z');
    expect(countCostRequest(state, 'subscriptions/a', t0, 2).throttled).toBe(false);
    const second = countCostRequest(state, 'SUBSCRIPTIONS/A', t0, 2);
    expect(second.throttled).toBe(false);
    expect(second.headers[`${H}-qpu-consumed`]).toBe('1');
    expect(second.headers[`${H}-qpu-remaining`]).toBe('QueryResource=58');
    const third = countCostRequest(state, 'subscriptions/a', t0, 2);
    expect(third.throttled).toBe(true);
    expect(third.headers[`${H}-entity-retry-after`]).toBe('40');
    expect(Number(third.headers[`${H}-qpu-retry-after`])).toBeGreaterThan(0);
    expect(Number(third.headers[`${H}-tenant-retry-after`])).toBeGreaterThan(0);
    expect(countCostRequest(state, 'subscriptions/b', t0, 2).throttled).toBe(false);
    expect(countCostRequest(state, 'subscriptions/a', t0 + 40_000, 2).throttled).toBe(false);
    // 0 = no limit.
    for (let i = 0; i < 10; i++) expect(countCostRequest({} as FleetState, 's', t0, 0).throttled).toBe(false);
  });
});
