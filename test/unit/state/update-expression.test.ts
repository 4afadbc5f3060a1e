import { describe, expect, it } from 'vitest';
import { updateExpression } from '../../../src/state/update-expression';

describe('updateExpression', () => {
  it('aliases every attribute, skips or removes undefined values and adds if_not_exists', () => {
    expect(
      updateExpression({
        set: { status: 'ok', ttl: 5, currency: undefined, note: undefined },
        setIfNotExists: { firstSeenAt: '2026-01-01T00:00:00.000Z' },
        removeWhenUndefined: ['currency'],
        condition: { equals: { lastSentAt: 'x' } },
      }),
    ).toEqual({
      UpdateExpression: 'SET #status = :v0, #ttl = :v1, #firstSeenAt = if_not_exists(#firstSeenAt, :v2) REMOVE #currency',
      ConditionExpression: '#lastSentAt = :v3',
      ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl', '#currency': 'currency', '#firstSeenAt': 'firstSeenAt', '#lastSentAt': 'lastSentAt' },
      ExpressionAttributeValues: { ':v0': 'ok', ':v1': 5, ':v2': '2026-01-01T00:00:00.000Z', ':v3': 'x' },
    });
  });

  it('builds existence conditions and refuses an empty update', () => {
    expect(updateExpression({ set: { a: 1 }, condition: { notExists: 'lastSentAt' } }).ConditionExpression).toBe('attribute_not_exists(#lastSentAt)');
    expect(updateExpression({ set: { a: 1 }, condition: { exists: 'pk' } }).ConditionExpression).toBe('attribute_exists(#pk)');
    expect(() => updateExpression({ set: { a: undefined } })).toThrow(/nothing to update/);
  });
});

describe('updateExpression conditions for the generic item API', () => {
  it('joins IN and existence conditions with AND', () => {
    const params = updateExpression({
      set: { state: 'restoring', rev: 4 },
      condition: { all: [{ exists: 'pk' }, { equals: { rev: 3 } }, { in: { attr: 'state', values: ['parked', 'failed'] } }] },
    });
    expect(params.ConditionExpression).toBe('attribute_exists(#pk) AND #rev = :v2 AND #state IN (:v3, :v4)');
    expect(params.ExpressionAttributeValues).toEqual({ ':v0': 'restoring', ':v1': 4, ':v2': 3, ':v3': 'parked', ':v4': 'failed' });
    expect(() => updateExpression({ set: { a: 1 }, condition: { in: { attr: 'a', values: [] } } })).toThrow(/at least one value/);
  });

  it('gives attributes that only differ in punctuation their own aliases', () => {
    const params = updateExpression({ set: { 'a-b': 1, a_b: 2, 'a.b': 3 }, condition: { equals: { 'a-b': 0 } } });
    expect(params.ExpressionAttributeNames).toEqual({ '#a_b': 'a-b', '#n1_a_b': 'a_b', '#n2_a_b': 'a.b' });
    expect(params.UpdateExpression).toBe('SET #a_b = :v0, #n1_a_b = :v1, #n2_a_b = :v2');
    expect(params.ConditionExpression).toBe('#a_b = :v3');
  });
});
