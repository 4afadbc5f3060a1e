import { CostExplorerClient, GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallLog } from '../../../../src/providers/aws/call-log';
import { costCacheKey, InMemoryCostCache, isFresh, stableStringify, type CostCache } from '../../../../src/providers/aws/cost-cache';
import { costPeriod, costQueries, readCosts } from '../../../../src/providers/aws/cost-explorer';
import { fixture } from './fixtures';

const H = 3_600_000;
const ce = mockClient(CostExplorerClient);
const window = (now: Date) => ({ start: new Date(now.getTime() - 14 * 24 * H), end: now });

beforeEach(() => ce.reset());

describe('costPeriod', () => {
  it('covers the window in whole UTC days, End exclusive and at most tomorrow', () => {
    const now = new Date('2025-11-04T13:20:00Z');
    expect(costPeriod(window(now), now)).toEqual({ Start: '2025-10-21', End: '2025-11-05' });
    expect(costPeriod({ start: new Date('2025-11-01T00:00:00Z'), end: new Date('2025-11-03T00:00:00Z') }, now)).toEqual({
      Start: '2025-11-01',
      End: '2025-11-03',
    });
    expect(costPeriod({ start: now, end: new Date('2025-12-20T00:00:00Z') }, now)).toEqual({ Start: '2025-11-04', End: '2025-11-05' });
  });
});

describe('costCacheKey', () => {
  it('ignores NextPageToken and key order, and is the same for every hour of a day', () => {
    const a = { TimePeriod: { Start: '2025-11-01', End: '2025-11-05' }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] };
    const b = { Metrics: ['UnblendedCost'], Granularity: 'DAILY', TimePeriod: { End: '2025-11-05', Start: '2025-11-01' }, NextPageToken: 'x' };
    expect(costCacheKey(a)).toBe(costCacheKey(b));
    const at9 = new Date('2025-11-04T09:00:00Z');
    const at17 = new Date('2025-11-04T17:00:00Z');
    expect(costCacheKey(costQueries(window(at9), at9, 'owner')[0]!.input)).toBe(costCacheKey(costQueries(window(at17), at17, 'owner')[0]!.input));
    expect(costCacheKey(costQueries(window(at9), at9, 'owner')[1]!.input)).not.toBe(costCacheKey(costQueries(window(at9), at9, 'team')[1]!.input));
  });

  it('stableStringify sorts keys and drops undefined', () => {
    expect(stableStringify({ b: 1, a: [{ d: undefined, c: 'x' }] })).toBe('{"a":[{"c":"x"}],"b":1}');
  });
});

describe('isFresh', () => {
  it('is fresh strictly within cacheHours and never from the future', () => {
    const now = new Date('2025-11-04T12:00:00Z');
    expect(isFresh(new Date(now.getTime() - 5.9 * H), now, 6)).toBe(true);
    expect(isFresh(new Date(now.getTime() - 6 * H), now, 6)).toBe(false);
    expect(isFresh(new Date(now.getTime() + H), now, 6)).toBe(false);
  });
});

describe('costQueries', () => {
  it('asks daily unblended+amortized cost by SERVICE and LINKED_ACCOUNT, and SageMaker by owner tag + LINKED_ACCOUNT', () => {
    const now = new Date('2025-11-04T12:00:00Z');
    const [all, owner] = costQueries(window(now), now, 'team');
    expect(all!.input).toEqual({
      TimePeriod: { Start: '2025-10-21', End: '2025-11-05' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost', 'AmortizedCost'],
      GroupBy: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
      ],
    });
    expect(owner!.input.Filter).toEqual({ Dimensions: { Key: 'SERVICE', Values: ['Amazon SageMaker'] } });
    expect(owner!.input.GroupBy).toEqual([
      { Type: 'TAG', Key: 'team' },
      { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
    ]);
  });
});

describe('readCosts', () => {
  const now = new Date('2025-11-04T12:00:00Z');
  const run = (cache: CostCache, at = now, log = new AwsCallLog()) =>
    readCosts({ ce: new CostExplorerClient({ region: 'us-east-1' }), cache, cacheHours: 6, log, window: window(at), now: at, ownerTag: 'owner' });

  it('follows NextPageToken by hand and maps every page', async () => {
    const page = fixture('ce', 'GetCostAndUsage.sagemaker-by-owner');
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce({ GroupDefinitions: [{ Type: 'DIMENSION', Key: 'SERVICE' }], ResultsByTime: [], NextPageToken: 'p2' })
      .resolvesOnce({ ResultsByTime: [] })
      .resolvesOnce({ ...page, NextPageToken: 'p2' })
      .resolvesOnce({ ResultsByTime: page.ResultsByTime.slice(0, 1) });
    const log = new AwsCallLog();
    const r = await run(new InMemoryCostCache(), now, log);
    expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 4);
    expect(ce).toHaveReceivedNthCommandWith(GetCostAndUsageCommand, 2, { NextPageToken: 'p2' });
    expect(log.calls()).toEqual({ 'CostExplorer.GetCostAndUsage': 4 });
    expect(r.lines).toHaveLength(5);
    expect(r.failures.failures()).toEqual([]);
  });

  it('answers from the cache within cacheHours and asks again after', async () => {
    ce.on(GetCostAndUsageCommand).resolves(fixture('ce', 'GetCostAndUsage.sagemaker-by-owner'));
    const cache = new InMemoryCostCache();
    const first = await run(cache);
    expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 2);
    const later = await run(cache, new Date(now.getTime() + 5 * H));
    expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 2);
    expect(later.cacheHits).toBe(2);
    expect(later.lines).toEqual(first.lines);
    await run(cache, new Date(now.getTime() + 7 * H));
    expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 4);
  });

  it('records a failed query and still returns the other', async () => {
    ce.on(GetCostAndUsageCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'LimitExceededException', $metadata: { httpStatusCode: 400 } }))
      .resolves(fixture('ce', 'GetCostAndUsage.sagemaker-by-owner'));
    const r = await run(new InMemoryCostCache());
    expect(r.lines).toHaveLength(3);
    expect(r.failures.failures()).toMatchObject([{ part: 'by-service', error: { state: 'throttled', code: 'LimitExceededException' } }]);
  });

  it('does not pay for a second query once Cost Explorer is denied', async () => {
    ce.on(GetCostAndUsageCommand).rejects(
      Object.assign(new Error('User not enabled for cost explorer access'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }),
    );
    const r = await run(new InMemoryCostCache());
    expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 1);
    expect(r.lines).toEqual([]);
    expect(r.failures.failures().map((f) => f.error.state)).toEqual(['auth-failed', 'auth-failed']);
  });

  it('survives a broken cache by asking Cost Explorer and saying so', async () => {
    ce.on(GetCostAndUsageCommand).resolves(fixture('ce', 'GetCostAndUsage.sagemaker-by-owner'));
    const broken: CostCache = {
      get: async () => {
        throw new Error('table missing');
      },
      put: async () => {
        throw new Error('table missing');
      },
    };
    const r = await run(broken);
    expect(r.lines).toHaveLength(6);
    expect(r.failures.allNotes().join(' ')).toMatch(/could not be read.*could not be written/s);
  });

  it('ignores a cached value of the wrong shape', async () => {
    ce.on(GetCostAndUsageCommand).resolves(fixture('ce', 'GetCostAndUsage.sagemaker-by-owner'));
    const cache = new InMemoryCostCache();
    for (const q of costQueries(window(now), now, 'owner')) await cache.put(costCacheKey(q.input), { nope: true }, now);
    await run(cache);
    expect(ce).toHaveReceivedCommandTimes(GetCostAndUsageCommand, 2);
  });
});
