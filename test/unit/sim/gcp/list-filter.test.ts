import { describe, expect, it } from 'vitest';
import { listFilter, resourceFields } from '../../../../src/sim/gcp/list-filter';

const job = (state: string, createTime: string, labels: Record<string, string> = {}) => resourceFields({ displayName: 'train-1', labels, state, createTime });

describe('Vertex list filter (simulator, AIP-160 subset)', () => {
  it('joins OR inside AND, as AIP-160 binds OR tighter, with or without parentheses', () => {
    const live = listFilter('state="JOB_STATE_RUNNING" OR state="JOB_STATE_QUEUED" OR state="JOB_STATE_PENDING"');
    expect(live(job('JOB_STATE_QUEUED', '2026-11-01T00:00:00Z'))).toBe(true);
    expect(live(job('JOB_STATE_SUCCEEDED', '2026-11-01T00:00:00Z'))).toBe(false);
    const mixed = listFilter('(state="A" OR state="B") AND labels.team=nlp');
    expect(mixed(job('B', '2026-11-01T00:00:00Z', { team: 'nlp' }))).toBe(true);
    expect(mixed(job('B', '2026-11-01T00:00:00Z', { team: 'cv' }))).toBe(false);
    expect(listFilter('state="A" OR state="B" AND labels.team=nlp')(job('A', '2026-11-01T00:00:00Z', { team: 'nlp' }))).toBe(true);
  });

  it('compares create_time as an RFC 3339 instant', () => {
    const history = listFilter('state="JOB_STATE_SUCCEEDED" AND create_time>"2026-10-19T10:00:00Z"');
    expect(history(job('JOB_STATE_SUCCEEDED', '2026-10-19T10:00:01.500Z'))).toBe(true);
    expect(history(job('JOB_STATE_SUCCEEDED', '2026-10-19T10:00:00Z'))).toBe(false);
    expect(listFilter('create_time<="2026-10-19T10:00:00Z"')(job('X', '2026-10-19T10:00:00Z'))).toBe(true);
    expect(listFilter('create_time>=2026-10-19T10:00:00Z')(job('X', '2026-10-18T10:00:00Z'))).toBe(false);
  });

  it('rejects what it does not understand instead of ignoring it', () => {
    for (const bad of ['state:RUNNING', 'state="A" AND', '(state="A" OR state="B"', 'state>"A"', 'create_time>"yesterday"', 'state="A" XOR state="B"']) {
      expect(() => listFilter(bad)(job('A', '2026-11-01T00:00:00Z')), bad).toThrow(expect.objectContaining({ status: 'INVALID_ARGUMENT' }));
    }
  });
});
