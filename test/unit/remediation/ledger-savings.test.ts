import { describe, expect, it } from 'vitest';
import { clippedSavings, savingsReport } from '../../../src/remediation/ledger-savings';
import { endpointRef, hoursAfter, pendingToken } from './ledger-fixtures';

const since = hoursAfter(100);
const until = hoursAfter(200);
const parked = (name: string, parkedAt: number, restoredAt?: number, amount = 2, currency = 'USD') =>
  pendingToken(`plan:${name}`, {
    ref: endpointRef(name),
    state: restoredAt === undefined ? 'parked' : 'restored',
    parkedAt: hoursAfter(parkedAt),
    ...(restoredAt === undefined ? {} : { restoredAt: hoursAfter(restoredAt) }),
    hourlySaving: { amount, currency },
  });

describe('clippedSavings', () => {
  it.each([
    ['inside the period', parked('a', 110, 130), 20],
    ['parked before, restored inside', parked('b', 50, 120), 20],
    ['parked inside, restored after', parked('c', 190, 250), 10],
    ['parked before and still parked', parked('d', 10), 100],
    ['parked inside and still parked', parked('e', 150), 50],
    ['restored before the period', parked('f', 10, 100), 0],
    ['parked at the exclusive end', parked('g', 200), 0],
    ['never parked', pendingToken('plan:h'), 0],
  ])('%s', (_label, token, hours) => {
    const result = clippedSavings(token, since, until);
    expect(result.hours).toBeCloseTo(hours, 9);
    expect(result.saved).toEqual({ amount: expect.closeTo(hours * token.hourlySaving.amount, 9) as number, currency: 'USD' });
  });
});

describe('savingsReport', () => {
  it('sums per currency, drops tokens with no time in the period, orders by currency then saving', () => {
    const report = savingsReport(
      [parked('small', 150, 160, 1), parked('gone', 0, 50, 99), parked('big', 0, undefined, 3), parked('eur', 180, undefined, 4, 'EUR')],
      since,
      until,
    );
    expect(report.items.map((i) => [i.ref.name, i.hours, i.saved.amount, i.saved.currency])).toEqual([
      ['eur', 20, 80, 'EUR'],
      ['big', 100, 300, 'USD'],
      ['small', 10, 10, 'USD'],
    ]);
    expect(report.total).toEqual([
      { amount: 80, currency: 'EUR' },
      { amount: 300 + 10, currency: 'USD' },
    ]);
    expect(savingsReport([], since, until)).toEqual({ total: [], items: [] });
  });
});
