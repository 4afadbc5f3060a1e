import { createConsoleNotifier, type TextSink } from './console-notifier';
import type { Notifier } from './notifier';
import { createSlackNotifier, createSlackWebClient, type SlackNotifierOptions } from './slack/slack-notifier';

export interface NotifierChoice {
  /** config notify.slack.enabled */
  enabled: boolean;
  /** config notify.slack.apiUrl */
  apiUrl?: string;
  /** From resolveSlackToken; undefined selects the console. */
  token: string | undefined;
  /** Console destination (default stdout). */
  out?: TextSink;
  slack?: SlackNotifierOptions;
}

/** Slack when it is enabled and a token is known, otherwise the console with the same content. */
export function createNotifier(choice: NotifierChoice): Notifier {
  if (choice.enabled && choice.token) {
    const client = createSlackWebClient(choice.token, choice.apiUrl ? { apiUrl: choice.apiUrl } : {});
    return createSlackNotifier(client, choice.slack);
  }
  return createConsoleNotifier(choice.out);
}
