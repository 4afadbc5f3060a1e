import { describe, expect, it } from 'vitest';
import { AwsCallLog, forEachPage } from '../../../../src/providers/aws/call-log';
import { AwsProviderError } from '../../../../src/providers/aws/errors';
import { chunk, createLimiter, mapLimit } from '../../../../src/lib/map-limit';

const denied = () => Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });

describe('AwsCallLog', () => {
  it('counts calls per operation, sorted', async () => {
    const log = new AwsCallLog();
    await log.send('SageMaker.ListEndpoints', async () => 1);
    await log.send('SageMaker.DescribeEndpoint', async () => 1);
    await log.send('SageMaker.ListEndpoints', async () => 1);
    expect(log.calls()).toEqual({ 'SageMaker.DescribeEndpoint': 1, 'SageMaker.ListEndpoints': 2 });
  });

  it('fails fast for an operation once it was denied, without calling again', async () => {
    const log = new AwsCallLog();
    let sent = 0;
    const call = () => log.send('SageMaker.DescribeEndpoint', async () => (sent++, Promise.reject(denied())));
    await expect(call()).rejects.toBeInstanceOf(AwsProviderError);
    await expect(call()).rejects.toMatchObject({ state: 'auth-failed' });
    expect(sent).toBe(1);
    expect(log.count('SageMaker.DescribeEndpoint')).toBe(1);
    await expect(log.send('SageMaker.ListEndpoints', async () => 'ok')).resolves.toBe('ok');
  });

  it('stops every operation after a credential failure', async () => {
    const log = new AwsCallLog();
    const expired = Object.assign(new Error('expired'), { name: 'ExpiredTokenException', $metadata: { httpStatusCode: 400 } });
    await expect(log.send('SageMaker.ListEndpoints', async () => Promise.reject(expired))).rejects.toMatchObject({ code: 'ExpiredTokenException' });
    let sent = false;
    await expect(log.send('Tagging.GetResources', async () => (sent = true))).rejects.toMatchObject({ code: 'ExpiredTokenException' });
    expect(sent).toBe(false);
  });

  it('does not remember throttles', async () => {
    const log = new AwsCallLog();
    const throttle = Object.assign(new Error('slow down'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    await expect(log.send('CloudWatch.GetMetricData', async () => Promise.reject(throttle))).rejects.toMatchObject({ state: 'throttled' });
    await expect(log.send('CloudWatch.GetMetricData', async () => 'ok')).resolves.toBe('ok');
  });
});

describe('forEachPage', () => {
  it('keeps paging through empty pages while a token is set', async () => {
    const pages = [{ items: [], next: 'a' }, { items: [], next: 'b' }, { items: [1, 2], next: undefined }];
    const seen: number[] = [];
    const tokens: (string | undefined)[] = [];
    await forEachPage(
      async (t) => (tokens.push(t), pages[tokens.length - 1]!),
      (p) => p.next,
      (p) => void seen.push(...p.items),
    );
    expect(seen).toEqual([1, 2]);
    expect(tokens).toEqual([undefined, 'a', 'b']);
  });

  it('treats an empty-string token as the end and stops on a repeated token', async () => {
    let calls = 0;
    await forEachPage(async () => (calls++, { next: '' }), (p) => p.next, () => {});
    expect(calls).toBe(1);
    calls = 0;
    await forEachPage(async () => (calls++, { next: 'same' }), (p) => p.next, () => {});
    expect(calls).toBe(2);
  });
});

describe('createLimiter / mapLimit', () => {
  it('never runs more than the limit at once and keeps order', async () => {
    let active = 0;
    let peak = 0;
    const out = await mapLimit([...Array(25).keys()], 3, async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, (n % 4) + 1));
      active--;
      return n * 2;
    });
    expect(peak).toBe(3);
    expect(out).toEqual([...Array(25).keys()].map((n) => n * 2));
  });

  it('propagates failures and keeps running queued tasks', async () => {
    const limit = createLimiter(1);
    const a = limit(async () => Promise.reject(new Error('x')));
    const b = limit(async () => 'b');
    await expect(a).rejects.toThrow('x');
    await expect(b).resolves.toBe('b');
  });

  it('rejects nonsense limits', () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });

  it('chunks into pieces of at most size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 500)).toEqual([]);
  });
});
