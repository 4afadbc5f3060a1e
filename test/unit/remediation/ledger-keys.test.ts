import { describe, expect, it } from 'vitest';
import { claimPk, isTokenId, timeSk, tokenIdFor } from '../../../src/remediation/ledger-keys';

describe('ledger keys', () => {
  it('derives a short, deterministic, shell- and URL-safe token id from the plan id', () => {
    const id = tokenIdFor('idle-gpu:aws:123456789012:us-east-1:endpoint:churn-model-prod#first');
    expect(id).toMatch(/^wd-[0-9a-f]{12}$/);
    expect(tokenIdFor('idle-gpu:aws:123456789012:us-east-1:endpoint:churn-model-prod#first')).toBe(id);
    expect(tokenIdFor('idle-gpu:aws:123456789012:us-east-1:endpoint:churn-model-prod#2026-03-10T00:00:00.000Z')).not.toBe(id);
    expect(encodeURIComponent(id)).toBe(id);
  });

  it('tells token ids from resource names', () => {
    expect(isTokenId(tokenIdFor('x'))).toBe(true);
    expect(isTokenId('churn-model-prod')).toBe(false);
    expect(isTokenId('wd-ABCDEF012345')).toBe(false);
    expect(isTokenId(`${tokenIdFor('x')} `)).toBe(false);
  });

  it('sorts time keys chronologically and hashes claim keys too long for a partition key', () => {
    const a = timeSk(new Date('2026-03-09T23:59:59.999Z'), 'wd-ffffffffffff');
    const b = timeSk(new Date('2026-03-10T00:00:00.000Z'), 'wd-000000000000');
    expect(a < b).toBe(true);
    expect(claimPk('slack:trigger:1234')).toBe('CLAIM#slack:trigger:1234');
    const long = claimPk('k'.repeat(5000));
    expect(long).toMatch(/^CLAIM#sha256:[0-9a-f]{64}$/);
    expect(claimPk(`${'k'.repeat(4999)}j`)).not.toBe(long);
  });
});
