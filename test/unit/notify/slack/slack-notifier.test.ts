import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../../../src/domain/finding';
import { buildAlertBatch } from '../../../../src/notify/alert-batch';
import { decideAlerts } from '../../../../src/notify/alert-decision';
import { createNotifier } from '../../../../src/notify/create-notifier';
import type { AlertBatch } from '../../../../src/notify/notifier';
import { createRouter } from '../../../../src/notify/route';
import { createSlackNotifier, createSlackWebClient, type SlackNotifierOptions } from '../../../../src/notify/slack/slack-notifier';
import { idleGpuFinding, NOW } from '../finding-factory';
import { channelId, startFakeSlack, type FakeSlack } from './fake-slack-server';

const TOKEN = 'xoxb-111-222-fake';
const routing = {
  ownerTag: 'owner',
  defaultChannel: '#ml-watchdog',
  channelsByOwner: { search: '#search-alerts', vision: '#vision-alerts', gone: '#deleted-channel', outsiders: '#private-team', busy: '#busy' },
};

function batchOf(findings: Finding[]): AlertBatch {
  const decision = decideAlerts(findings, new Map(), { cooldownHours: 24, realertGrowthPct: 25 }, NOW);
  return buildAlertBatch({ decision, route: createRouter(routing), ownerTag: 'owner', now: NOW, providerStatuses: [] });
}

const team = (owner: string, n: number) =>
  Array.from({ length: n }, (_, i) => idleGpuFinding({ name: `${owner}-ep-${i}`, owner, instanceCount: 1 + i }));

describe('SlackNotifier against a fake Slack Web API (real WebClient)', () => {
  let slack: FakeSlack;
  const notifier = (options: SlackNotifierOptions = {}) =>
    createSlackNotifier(createSlackWebClient(TOKEN, { apiUrl: slack.url }), { minIntervalPerChannelMs: 50, ...options });

  beforeEach(async () => {
    slack = await startFakeSlack();
  });
  afterEach(async () => {
    await slack.close();
  });

  it('posts one message per alert (or one digest) to the routed channel with blocks and fallback text', async () => {
    const findings = [...team('search', 2), ...team('vision', 5)];
    const result = await notifier().notify(batchOf(findings));

    expect(result.failed).toEqual([]);
    expect(slack.calls.map((c) => [c.method, c.channel])).toEqual(
      expect.arrayContaining([
        ['chat.postMessage', '#search-alerts'],
        ['chat.postMessage', '#search-alerts'],
        ['chat.postMessage', '#vision-alerts'],
      ]),
    );
    expect(slack.calls).toHaveLength(3);
    for (const call of slack.calls) {
      expect(call.authorization).toBe(`Bearer ${TOKEN}`);
      expect(call.contentType).toBe('application/x-www-form-urlencoded');
      expect(call.text?.length).toBeGreaterThan(0);
      expect(call.fields.token).toBeUndefined(); // token only in the header
    }
    // Singles: the most expensive first, with the four buttons.
    const search = slack.calls.filter((c) => c.channel === '#search-alerts');
    expect(search[0]!.text).toContain('search-ep-1');
    const actions = (search[0]!.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find(
      (b) => b.type === 'actions',
    );
    expect(actions?.elements?.map((e) => e.action_id)).toEqual(['wd_park', 'wd_snooze_24h', 'wd_snooze_7d', 'wd_ignore']);
    expect(JSON.parse(actions!.elements![0]!.value)).toEqual({
      fp: 'idle-gpu:aws:123456789012:us-east-1:endpoint:search-ep-1',
      ref: 'aws:123456789012:us-east-1:endpoint:search-ep-1',
    });
    // Five for one channel: one digest carrying all five.
    const vision = slack.calls.find((c) => c.channel === '#vision-alerts')!;
    expect(vision.text).toMatch(/^ml-watchdog: 5 alerts for #vision-alerts/);
    expect((vision.blocks as { type: string }[]).filter((b) => b.type === 'actions')).toHaveLength(5);

    expect(result.messages).toBe(3);
    expect(result.posted).toHaveLength(7);
    const posted = result.posted.find((p) => p.fingerprint.endsWith('vision-ep-4'))!;
    expect(posted).toMatchObject({ channel: '#vision-alerts', channelId: channelId('#vision-alerts'), digest: true });
    expect(posted.ts).toMatch(/^\d+\.\d{6}$/);
  });

  it('reports channel_not_found and not_in_channel per finding and still posts to good channels', async () => {
    slack.script('#deleted-channel', { error: 'channel_not_found' }, { error: 'channel_not_found' });
    slack.script('#private-team', { error: 'not_in_channel' });
    const findings = [...team('gone', 2), ...team('outsiders', 1), ...team('search', 1)];
    const result = await notifier().notify(batchOf(findings));

    expect(result.posted.map((p) => p.channel)).toEqual(['#search-alerts']);
    expect(result.failed.map((f) => [f.channel, f.code, f.retryable])).toEqual(
      expect.arrayContaining([
        ['#deleted-channel', 'channel_not_found', false],
        ['#deleted-channel', 'channel_not_found', false],
        ['#private-team', 'not_in_channel', false],
      ]),
    );
    expect(result.failed).toHaveLength(3);
    expect(result.failed.find((f) => f.code === 'not_in_channel')!.message).toContain('invite the ml-watchdog app');
  });

  it('waits out a 429 with retry-after: 1 and retries', async () => {
    slack.script('#busy', { status: 429, retryAfterSec: 1 });
    const result = await notifier().notify(batchOf(team('busy', 1)));

    const busy = slack.calls.filter((c) => c.channel === '#busy');
    expect(busy).toHaveLength(2);
    expect(busy[1]!.atMs - busy[0]!.atMs).toBeGreaterThanOrEqual(980);
    expect(result.failed).toEqual([]);
    expect(result.posted).toHaveLength(1);
  });

  it('gives up on a rate limit longer than it may wait instead of hanging the Lambda', async () => {
    slack.script('#busy', { status: 429, retryAfterSec: 120 });
    const t0 = performance.now();
    const result = await notifier({ maxRetryAfterMs: 5_000 }).notify(batchOf(team('busy', 1)));

    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(result.failed.map((f) => [f.code, f.retryable])).toEqual([['ratelimited', true]]);
    expect(slack.calls).toHaveLength(1);
  });

  it('paces posts per channel and does not hold other channels back', async () => {
    const findings = [...team('search', 3), ...team('vision', 1)];
    const result = await notifier({ minIntervalPerChannelMs: 300 }).notify(batchOf(findings));

    expect(result.posted).toHaveLength(4);
    const search = slack.calls.filter((c) => c.channel === '#search-alerts').map((c) => c.atMs);
    expect(search).toHaveLength(3);
    expect(search[1]! - search[0]!).toBeGreaterThanOrEqual(280);
    expect(search[2]! - search[1]!).toBeGreaterThanOrEqual(280);
    const vision = slack.calls.find((c) => c.channel === '#vision-alerts')!.atMs;
    expect(vision).toBeLessThan(search[1]!);
  });

  it('stops after invalid_auth instead of failing every channel against Slack', async () => {
    for (const ch of ['#search-alerts', '#vision-alerts', '#ml-watchdog']) slack.script(ch, { error: 'invalid_auth' });
    const findings = [...team('search', 2), ...team('vision', 1), idleGpuFinding({ name: 'orphan', tags: {} })];
    const result = await notifier({ maxConcurrentChannels: 1 }).notify(batchOf(findings));

    expect(slack.calls).toHaveLength(1);
    expect(result.posted).toEqual([]);
    expect(result.failed).toHaveLength(4);
    expect(new Set(result.failed.map((f) => f.code))).toEqual(new Set(['invalid_auth']));
    expect(result.failed[0]!.message).toContain('SLACK_BOT_TOKEN');
    expect(result.failed[0]!.message).not.toContain(TOKEN);
  });

  it('falls back to plain text when Slack rejects the blocks', async () => {
    slack.script('#search-alerts', { error: 'invalid_blocks' });
    const result = await notifier().notify(batchOf(team('search', 1)));

    expect(slack.calls).toHaveLength(2);
    expect(slack.calls[0]!.blocks).toBeDefined();
    expect(slack.calls[1]!.blocks).toBeUndefined();
    expect(slack.calls[1]!.text).toContain('Waste');
    expect(slack.calls[1]!.text).toContain('ml.g5.12xlarge');
    expect(result.posted).toEqual([expect.objectContaining({ channel: '#search-alerts', degraded: true, digest: false })]);
  });

  it('reports a digest\'s "and K more" alerts as summarized, not posted', async () => {
    const result = await notifier({ maxFindingsPerDigest: 2 }).notify(batchOf(team('vision', 6)));
    expect(slack.calls).toHaveLength(1);
    expect(result.posted).toHaveLength(2);
    expect(result.summarized).toHaveLength(4);
    expect(result.summarized[0]!.ts).toBe(result.posted[0]!.ts);
  });

  it('retries a Slack 5xx twice quickly, then reports it as retryable', async () => {
    slack.script('#search-alerts', { status: 503 }, { status: 503 }, { status: 503 });
    slack.script('#vision-alerts', { status: 500 });
    const result = await notifier().notify(batchOf([...team('search', 1), ...team('vision', 1)]));

    expect(result.failed.map((f) => [f.channel, f.code, f.retryable])).toEqual([['#search-alerts', 'http_503', true]]);
    expect(result.posted.map((p) => p.channel)).toEqual(['#vision-alerts']);
    expect(slack.calls.filter((c) => c.channel === '#search-alerts')).toHaveLength(3);
  });

  it('reports an unreachable Slack as request_error without throwing', async () => {
    await slack.close();
    const dead = createSlackNotifier(createSlackWebClient(TOKEN, { apiUrl: slack.url, timeoutMs: 2_000 }));
    const result = await dead.notify(batchOf(team('search', 1)));
    expect(result.failed.map((f) => [f.code, f.retryable])).toEqual([['request_error', true]]);
    slack = await startFakeSlack(); // for afterEach
  });

  it('createNotifier picks Slack with a token and the console without one', () => {
    expect(createNotifier({ enabled: true, token: TOKEN, apiUrl: slack.url }).name).toBe('slack');
    expect(createNotifier({ enabled: true, token: undefined }).name).toBe('console');
    expect(createNotifier({ enabled: false, token: TOKEN }).name).toBe('console');
  });
});
