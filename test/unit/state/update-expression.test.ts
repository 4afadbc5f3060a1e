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
