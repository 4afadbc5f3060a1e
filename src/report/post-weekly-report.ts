import type { SlackMessage } from '../notify/slack/limits';
import type { TextSink } from '../notify/console-notifier';
import { printSlackMessage } from '../notify/console-notifier';

/** The two Web API methods the report uses; a WebClient satisfies it. Needs the `chat:write` and `files:write` scopes. */
export interface ReportSlackClient {
  chat: { postMessage(args: { channel: string; text: string; blocks: SlackMessage['blocks'] }): Promise<{ ok?: boolean; ts?: string; channel?: string }> };
  filesUploadV2(args: { channel_id: string; thread_ts: string; file: Buffer; filename: string; title: string }): Promise<unknown>;
}

export interface ReportChart {
  png: Buffer;
  filename: string;
  title: string;
}

export interface PostedReport {
  channel: string;
  ts?: string;
  /** Why the chart was not uploaded, when it was not (the summary still went out). */
  chartError?: string;
}

/** Delivers a report summary: Slack, or the console when no token is configured (CLI, demo). */
export interface ReportPoster {
  name: 'slack' | 'console';
  post(message: SlackMessage, chart?: ReportChart): Promise<PostedReport>;
}

/**
 * Posts the summary, then uploads the chart into the summary's thread with files.uploadV2 (files.upload is retired).
 * files.uploadV2 needs a channel id, not a name: the id comes from chat.postMessage's answer. A failed upload is
 * reported, not thrown: the numbers and the link matter more than the picture.
 */
export function slackReportPoster(client: ReportSlackClient): ReportPoster {
  return {
    name: 'slack',
    async post(message, chart) {
      const res = await client.chat.postMessage({ channel: message.channel, text: message.text, blocks: message.blocks });
      const channelId = res.channel ?? message.channel;
      const posted: PostedReport = { channel: channelId, ...(res.ts ? { ts: res.ts } : {}) };
      if (!chart) return posted;
      if (!res.ts) return { ...posted, chartError: 'chat.postMessage answered without a message ts: no thread to attach the chart to' };
      try {
        await client.filesUploadV2({ channel_id: channelId, thread_ts: res.ts, file: chart.png, filename: chart.filename, title: chart.title });
        return posted;
      } catch (err) {
        const e = err as Error & { data?: { error?: string } };
        return { ...posted, chartError: e.data?.error ?? `${e.name}: ${e.message}` };
      }
    },
  };
}

/** Prints what Slack would get; the chart is named, not drawn (a terminal shows no PNG). */
export function consoleReportPoster(out: TextSink = process.stdout): ReportPoster {
  return {
    name: 'console',
    async post(message, chart) {
      printSlackMessage(message, out, chart ? `[chart: ${chart.title}]` : undefined);
      return { channel: message.channel };
    },
  };
}
