import { buildAlertView } from './build-alert-view';
import type { SlackMessage } from './slack/limits';
import { formatMoneyList, formatUtc } from './format';
import { emptyNotifyResult, type AlertBatch, type Notifier, type NotifyResult } from './notifier';
import { alertViewLines } from './view-text';

/** Where the console notifier writes; process.stdout by default, any writable (or a string collector) in tests. */
export interface TextSink {
  write(chunk: string): unknown;
}

/**
 * Prints the alerts Slack would get, readably, when no Slack token is configured (local runs, the demo). Same
 * AlertView as the Block Kit rendering, so the facts, money and basis are identical; every alert is printed in
 * full (a terminal has no 50-block limit), grouped under the channel it would be routed to.
 */
export function createConsoleNotifier(out: TextSink = process.stdout): Notifier {
  return {
    name: 'console',
    async notify(batch: AlertBatch): Promise<NotifyResult> {
      const result = emptyNotifyResult('console');
      const lines = [runHeader(batch), ...dataGaps(batch)];
      for (const group of batch.channels) {
        lines.push('', `-> ${group.channel} (${plural(group.alerts.length, 'alert')})`);
        for (const alert of group.alerts) {
          const view = buildAlertView(alert.finding, {
            now: batch.now,
            ownerTag: batch.ownerTag,
            reason: alert.reason,
            ...(alert.previous ? { previous: alert.previous } : {}),
            ...(batch.remediation ? { remediation: batch.remediation(alert.finding) } : {}),
          });
          lines.push('', ...alertViewLines(view));
          result.posted.push({ fingerprint: view.fingerprint, channel: group.channel, digest: false });
        }
      }
      out.write(`${lines.join('\n')}\n`);
      result.messages = result.posted.length;
      return result;
    },
  };
}

function runHeader(batch: AlertBatch): string {
  const t = batch.totals;
  if (t.toSend === 0) {
    return `ml-watchdog ${formatUtc(batch.now)}: nothing to alert (${plural(t.findings, 'finding')}, ${t.suppressed} suppressed by cooldown or snooze)`;
  }
  return (
    `ml-watchdog ${formatUtc(batch.now)}: ${plural(t.toSend, 'alert')} ` +
    `(${plural(t.findings, 'finding')}, ${t.suppressed} suppressed), ${formatMoneyList(t.monthlyWaste)}/month projected waste`
  );
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function dataGaps(batch: AlertBatch): string[] {
  return batch.providerStatuses
    .filter((s) => s.state !== 'ok' && s.state !== 'disabled')
    .map((s) => `Data gap: ${s.cloud} ${s.component}: ${s.state}${s.code ? ` (${s.code})` : ''}${s.message ? `: ${s.message}` : ''}`);
}

/**
 * Prints a Slack message as the console's stand-in for Slack (the weekly report summary): header, sections and
 * fields as plain lines, `<url|label>` links as "label: url". Same blocks as Slack gets, so the figures are identical.
 */
export function printSlackMessage(message: SlackMessage, out: TextSink = process.stdout, extra?: string): void {
  const unlink = (t: string) => t.replace(/<([^|>]+)\|([^>]+)>/g, '$2: $1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const lines = [`-> ${message.channel}`];
  for (const b of message.blocks) {
    if (b.type === 'header') lines.push('', `== ${b.text.text} ==`);
    else if (b.type === 'section') {
      if (b.text) lines.push('', unlink(b.text.text));
      if (b.fields) lines.push('', ...b.fields.map((f) => unlink(f.text).replace(/\n/g, ' | ')));
    } else if (b.type === 'context') lines.push('', ...b.elements.map((e) => unlink(e.text)));
  }
  if (extra) lines.push('', extra);
  out.write(`${lines.join('\n')}\n`);
}
