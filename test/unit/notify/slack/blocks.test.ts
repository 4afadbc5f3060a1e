import { describe, expect, it } from 'vitest';
import type { ProviderStatus } from '../../../../src/domain/status';
import { buildAlertView } from '../../../../src/notify/build-alert-view';
import { alertMessage, planChannelMessages } from '../../../../src/notify/slack/blocks';
import { blocksTextLength, SLACK_LIMITS, slackLimitViolations, type SlackBlock } from '../../../../src/notify/slack/limits';
import { escapeMrkdwn, truncateText } from '../../../../src/notify/slack/mrkdwn';
import { idleGpuFinding, NOW, type IdleGpuOptions } from '../finding-factory';

const ctx = { now: NOW, providerStatuses: [] as ProviderStatus[] };
const view = (o: IdleGpuOptions = {}) => buildAlertView(idleGpuFinding(o), { now: NOW, ownerTag: 'owner', reason: 'new' });

/** Every mrkdwn string in a message (what Slack parses for mentions and links). */
function mrkdwnTexts(blocks: readonly SlackBlock[]): string[] {
  return blocks.flatMap((b) => {
    if (b.type === 'section') return [b.text?.text ?? '', ...(b.fields ?? []).map((f) => f.text)];
    if (b.type === 'context') return b.elements.map((e) => e.text);
    return [];
  });
}

describe('alertMessage', () => {
  const v = view({ idleHours: 10 });
  const msg = alertMessage('#ml-platform', v, ctx);

  it('is a valid Block Kit message with a fallback text', () => {
    expect(slackLimitViolations(msg)).toEqual([]);
    expect(msg.channel).toBe('#ml-platform');
    expect(msg.text).toBe(v.summary);
    expect(msg.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'section', 'actions', 'context']);
  });

  it('shows the facts, the waste with its basis, the recommendation and the fingerprint', () => {
    const all = mrkdwnTexts(msg.blocks).join('\n');
    expect(msg.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: `:red_circle: ${v.title}` } });
    expect(all).toContain('*Instances*\n1 x ml.g5.12xlarge (4 GPUs)');
    expect(all).toContain('*Owner*\nml-platform');
    expect(all).toContain('*Waste:* $7.09/h · $5,175.70/month projected · $70.90 wasted so far');
    expect(all).toContain('*Basis:* list price: 1 x ml.g5.12xlarge at $7.090/h');
    expect(all).toContain('*Recommended:* Park: delete the endpoint');
    expect(all).toContain(`Fingerprint ${v.fingerprint}`);
  });

  it('has the four buttons with their action ids, fingerprint + ref values and a confirm on Park', () => {
    const actions = msg.blocks.find((b) => b.type === 'actions');
    if (actions?.type !== 'actions') throw new Error('no actions block');
    expect(actions.elements.map((e) => [e.action_id, e.text.text])).toEqual([
      ['wd_park', 'Park now'],
      ['wd_snooze_24h', 'Snooze 24 h'],
      ['wd_snooze_7d', 'Snooze 7 d'],
      ['wd_ignore', 'Ignore'],
    ]);
    for (const e of actions.elements) expect(JSON.parse(e.value!)).toEqual({ fp: v.fingerprint, ref: 'aws:123456789012:us-east-1:endpoint:llm-chat-prod' });
    expect(actions.elements[0]!.style).toBe('danger');
    expect(actions.elements[0]!.confirm?.confirm.text).toBe('Park it');
  });

  it('escapes &, < and > of user-controlled strings in mrkdwn (no mention or link injection)', () => {
    const evil = view({ name: 'x<!channel>', owner: '<@U0ADMIN> & <https://evil.example|click>' });
    const m = alertMessage('#c', evil, ctx);
    const texts = mrkdwnTexts(m.blocks);
    expect(texts.join('\n')).toContain('&lt;@U0ADMIN&gt; &amp; &lt;https://evil.example|click&gt;');
    for (const t of [...texts, m.text]) expect(t).not.toMatch(/<[!@#h]/);
    expect(m.text).toContain('x&lt;!channel&gt;');
    expect(slackLimitViolations(m)).toEqual([]);
  });

  it('shows collection gaps so partial data does not look like a clean fleet', () => {
    const statuses: ProviderStatus[] = [
      { cloud: 'aws', component: 'costs', state: 'throttled', code: 'ThrottlingException' },
      { cloud: 'aws', component: 'inventory', state: 'ok' },
    ];
    const m = alertMessage('#c', v, { now: NOW, providerStatuses: statuses });
    const context = m.blocks.at(-1);
    expect(context?.type === 'context' && context.elements.map((e) => e.text)).toEqual([
      `Fingerprint ${v.fingerprint} · detected 2026-11-03 14:00 UTC · severity high`,
      ':warning: Data gaps: aws costs: throttled (ThrottlingException)',
    ]);
  });
});

describe('planChannelMessages', () => {
  it('sends up to maxSingleMessages alerts one by one', () => {
    const views = [view({ name: 'a' }), view({ name: 'b' }), view({ name: 'c' })];
    const plan = planChannelMessages('#c', views, ctx);
    expect(plan.map((p) => [p.digest, p.fingerprints.length, p.summarized.length])).toEqual([
      [false, 1, 0],
      [false, 1, 0],
      [false, 1, 0],
    ]);
    expect(plan[0]!.textOnly).toContain('Park now | Snooze 24 h');
  });

  it('groups 200 alerts for one channel into one digest within every Slack limit', () => {
    const views = Array.from({ length: 200 }, (_, i) => view({ name: `endpoint-${i}`, instanceCount: 1 + (i % 3) }));
    const plan = planChannelMessages('#ml-platform', views, ctx, { maxSingleMessages: 3, maxFindingsPerDigest: 10 });
    expect(plan).toHaveLength(1);
    const [digest] = plan;
    expect(digest!.digest).toBe(true);
    expect(slackLimitViolations(digest!.message)).toEqual([]);
    expect(digest!.fingerprints).toEqual(views.slice(0, 10).map((v) => v.fingerprint));
    expect(digest!.summarized).toHaveLength(190);
    expect(new Set([...digest!.fingerprints, ...digest!.summarized]).size).toBe(200);
    const texts = mrkdwnTexts(digest!.message.blocks).join('\n');
    expect(texts).toContain('…and *190 more*');
    expect(texts).toContain('across 200 alerts for #ml-platform');
    expect(digest!.message.blocks.filter((b) => b.type === 'actions')).toHaveLength(10);
    expect(digest!.message.text).toMatch(/^ml-watchdog: 200 alerts for #ml-platform, \$[\d,.]+ projected monthly waste$/);
    expect(digest!.textOnly.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  });

  it('stays within limits with huge names, tags and explanations (fewer shown, never invalid)', () => {
    const views = Array.from({ length: 200 }, (_, i) => {
      const f = idleGpuFinding({ name: `ep-${i}-${'n'.repeat(900)}`, owner: `<team>&${'o'.repeat(2500)}` });
      f.cost.explanation = 'e&'.repeat(4000);
      f.recommendation.summary = 'r'.repeat(5000);
      return buildAlertView(f, { now: NOW, ownerTag: 'owner', reason: 'new' });
    });
    for (const maxFindingsPerDigest of [1, 10, 50]) {
      const [digest] = planChannelMessages('#c', views, ctx, { maxSingleMessages: 3, maxFindingsPerDigest });
      expect(slackLimitViolations(digest!.message)).toEqual([]);
      expect(digest!.message.blocks.length).toBeLessThanOrEqual(50);
      expect(blocksTextLength(digest!.message.blocks)).toBeLessThanOrEqual(SLACK_LIMITS.messageTextBudget);
      expect(digest!.fingerprints.length).toBeGreaterThanOrEqual(1);
      expect(digest!.fingerprints.length + digest!.summarized.length).toBe(200);
    }
    const single = alertMessage('#c', views[0]!, ctx);
    const violations = slackLimitViolations(single).filter((v) => !v.startsWith('blocks text total'));
    expect(violations).toEqual([]);
  });

  it('caps a digest by the 50-block limit even if asked for more', () => {
    const views = Array.from({ length: 60 }, (_, i) => view({ name: `e${i}` }));
    const [digest] = planChannelMessages('#c', views, ctx, { maxSingleMessages: 3, maxFindingsPerDigest: 60 });
    expect(digest!.message.blocks.length).toBeLessThanOrEqual(50);
    expect(slackLimitViolations(digest!.message)).toEqual([]);
  });
});

describe('planChannelMessages at fleet scale', () => {
  it('renders 10,000 alerts for one channel into one valid digest quickly', () => {
    const findings = Array.from({ length: 10_000 }, (_, i) => idleGpuFinding({ name: `ep-${i}` }));
    const t0 = performance.now();
    const views = findings.map((f) => buildAlertView(f, { now: NOW, ownerTag: 'owner', reason: 'new' }));
    const plan = planChannelMessages('#c', views, ctx);
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(plan).toHaveLength(1);
    expect(slackLimitViolations(plan[0]!.message)).toEqual([]);
    expect(plan[0]!.summarized).toHaveLength(10_000 - plan[0]!.fingerprints.length);
  });
});

describe('mrkdwn helpers', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeMrkdwn('a & b <c> *d* _e_')).toBe('a &amp; b &lt;c&gt; *d* _e_');
  });

  it('truncates without splitting an entity or a surrogate pair', () => {
    expect(truncateText('abcdef', 6)).toBe('abcdef');
    expect(truncateText('abcdef', 4)).toBe('abc…');
    expect(truncateText('ab&amp;cd', 6)).toBe('ab…');
    expect(truncateText('ab&amp;cd', 8)).toBe('ab&amp;…');
    expect(truncateText('ab😀cd', 4)).toBe('ab…');
  });
});
