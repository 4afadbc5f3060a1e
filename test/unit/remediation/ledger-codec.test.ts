import { describe, expect, it } from 'vitest';
import type { RestoreToken } from '../../../src/domain/remediation';
import { LedgerError } from '../../../src/remediation/ledger-error';
import { MAX_PRIOR_BYTES, patchToSet, tokenFromItem, tokenToItem } from '../../../src/remediation/restore-token-codec';
import { hoursAfter, pendingToken } from './ledger-fixtures';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LedgerError);
    return (err as LedgerError).code;
  }
  throw new Error('expected a LedgerError');
}

const restored: RestoreToken = pendingToken('idle-gpu:ep#first', {
  state: 'restored',
  stepsDone: ['park:save-tags', 'park:delete-endpoint', 'restore:create-endpoint'],
  parkedAt: hoursAfter(1),
  restoreRequestedAt: hoursAfter(50),
  restoreApproval: { by: 'http', principal: 'arn:aws:iam::123456789012:role/oncall', at: hoursAfter(50) },
  restoredAt: hoursAfter(50.2),
  restoreSeconds: 431.5,
  lastError: 'ThrottlingException: Rate exceeded',
});

describe('restore token codec', () => {
  it('stores Dates as ISO strings and prior as a JSON string, with the refKey for people reading the table', () => {
    const item = tokenToItem(restored);
    expect(item).toMatchObject({
      refKey: 'aws:123456789012:us-east-1:endpoint:churn-model-prod',
      createdAt: '2026-03-09T00:00:00.000Z',
      restoredAt: '2026-03-11T02:12:00.000Z',
      approval: { by: 'slack', principal: 'U024BE7LH', at: '2026-03-09T00:00:00.000Z' },
      prior: JSON.stringify(restored.prior),
    });
    expect(item).not.toHaveProperty('expiresAt');
    expect(JSON.parse(JSON.stringify(item))).toEqual(item); // plain JSON: what both stores keep
  });

  it('round-trips every field, optional ones included, and ignores attributes that are not token fields', () => {
    expect(tokenFromItem({ ...tokenToItem(restored), rev: 7 })).toEqual(restored);
    const pending = pendingToken('p#1');
    expect(tokenFromItem(JSON.parse(JSON.stringify(tokenToItem(pending))) as Record<string, unknown>)).toEqual(pending);
  });

  it('reports hand-edited records as LEDGER_RECORD_INVALID', () => {
    const item = tokenToItem(restored);
    expect(codeOf(() => tokenFromItem({ ...item, state: 'asleep' }))).toBe('LEDGER_RECORD_INVALID');
    expect(codeOf(() => tokenFromItem({ ...item, parkedAt: 'yesterday' }))).toBe('LEDGER_RECORD_INVALID');
    expect(codeOf(() => tokenFromItem({ ...item, prior: '{"truncated": ' }))).toBe('LEDGER_RECORD_INVALID');
    expect(codeOf(() => tokenFromItem({ ...item, prior: '[1]' }))).toBe('LEDGER_RECORD_INVALID');
    expect(codeOf(() => tokenFromItem({ ...item, ref: { ...restored.ref, cloud: 'oracle' } }))).toBe('LEDGER_RECORD_INVALID');
    expect(codeOf(() => tokenFromItem({ ...item, stepsDone: 'park:a' }))).toBe('LEDGER_RECORD_INVALID');
    const { approval: _dropped, ...noApproval } = item;
    expect(codeOf(() => tokenFromItem(noApproval))).toBe('LEDGER_RECORD_INVALID');
  });

  it('refuses tokens it could not store faithfully', () => {
    expect(codeOf(() => tokenToItem({ ...restored, parkedAt: new Date(Number.NaN) }))).toBe('LEDGER_INVALID_INPUT');
    expect(codeOf(() => tokenToItem({ ...restored, hourlySaving: { amount: Number.POSITIVE_INFINITY, currency: 'USD' } }))).toBe('LEDGER_INVALID_INPUT');
    expect(codeOf(() => tokenToItem({ ...restored, prior: { blob: 'x'.repeat(MAX_PRIOR_BYTES) } }))).toBe('LEDGER_INVALID_INPUT');
    expect(codeOf(() => tokenToItem({ ...restored, extra: 1 } as RestoreToken))).toBe('LEDGER_INVALID_INPUT');
  });

  it('turns a patch into SET/REMOVE attributes and keeps the index keys immutable', () => {
    expect(patchToSet({ state: 'parked', parkedAt: hoursAfter(2), lastError: undefined, stepsDone: ['a'] })).toEqual({
      state: 'parked',
      parkedAt: '2026-03-09T02:00:00.000Z',
      lastError: undefined,
      stepsDone: ['a'],
    });
    expect('lastError' in patchToSet({ lastError: undefined })).toBe(true);
    expect(codeOf(() => patchToSet({ createdAt: hoursAfter(1) }))).toBe('LEDGER_INVALID_INPUT');
    expect(codeOf(() => patchToSet({ ref: restored.ref }))).toBe('LEDGER_INVALID_INPUT');
    expect(codeOf(() => patchToSet({ basis: undefined }))).toBe('LEDGER_INVALID_INPUT');
    expect(codeOf(() => patchToSet({ tokenId: 'wd-000000000000' } as Partial<RestoreToken>))).toBe('LEDGER_INVALID_INPUT');
  });
});
