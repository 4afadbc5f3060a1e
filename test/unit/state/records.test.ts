import { describe, expect, it } from 'vitest';
import { dayKey, daysInRange, epochSeconds, fromIso, lastByKey, toIso, toJsonValue } from '../../../src/state/records';
import { StateError } from '../../../src/state/state-error';

describe('state records helpers', () => {
  it('lists the UTC days a half-open range touches', () => {
    const d = (s: string) => new Date(s);
    expect(daysInRange(d('2026-02-27T23:00:00Z'), d('2026-03-02T00:00:00Z'))).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(daysInRange(d('2026-03-01T10:00:00Z'), d('2026-03-01T10:00:00.001Z'))).toEqual(['2026-03-01']);
    expect(daysInRange(d('2026-03-01T10:00:00Z'), d('2026-03-01T10:00:00Z'))).toEqual([]);
    expect(dayKey(d('2028-12-31T23:59:59.999Z'))).toBe('2028-12-31');
  });

  it('rounds TTL up to whole seconds so an item never expires early', () => {
    expect(epochSeconds(new Date(1_000))).toBe(1);
    expect(epochSeconds(new Date(1_001))).toBe(2);
  });

  it('rejects invalid dates in and out', () => {
    expect(() => toIso(new Date('nope'))).toThrow(StateError);
    expect(() => fromIso(42, 'lastSeenAt')).toThrow(/lastSeenAt/);
  });

  it('normalises values like JSON and keeps the last duplicate', () => {
    expect(toJsonValue({ at: new Date(0), gone: undefined, n: [1] })).toEqual({ at: '1970-01-01T00:00:00.000Z', n: [1] });
    expect(toJsonValue(undefined)).toBeUndefined();
    expect(lastByKey([{ k: 'a', v: 1 }, { k: 'b', v: 2 }, { k: 'a', v: 3 }], (x) => x.k)).toEqual([{ k: 'b', v: 2 }, { k: 'a', v: 3 }]);
  });
});
