import { z } from 'zod';

/** EventBridge schedule expressions: rate(...) or cron(...) with six fields (EventBridge's own syntax, UTC). */
const scheduleExpression = z
  .string()
  .regex(/^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\((\S+ ){5}\S+\))$/, 'an EventBridge schedule such as cron(0 8 ? * MON *) or rate(7 days)');

/** `report` of the config file: the weekly cost report (README "Weekly cost report"). */
export const reportSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Send the weekly cost report on its schedule (the deployed weeklyReport function).'),
    schedule: scheduleExpression
      .default('cron(0 8 ? * MON *)')
      .describe('When the report is sent (EventBridge, UTC); read by serverless.yml at package time. The report always covers the last full ISO week (Monday to Sunday, UTC) before it runs.'),
    bucket: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name')
      .optional()
      .describe('S3 bucket for the HTML reports; the stack creates one and sets this (WATCHDOG_REPORT_BUCKET). Unset locally: the report is written to a file.'),
    keyPrefix: z
      .string()
      .regex(/^([A-Za-z0-9!_.*'()-]+\/)*$/, 'a key prefix such as reports/ (ending in /), or empty')
      .default('reports/')
      .describe('Object key prefix; keys are <prefix><ISO week>/ml-cost-report.html (and <prefix><week>/owners/<owner>.html).'),
    urlLifetimeHours: z
      .number()
      .min(0.25)
      .max(168)
      .default(12)
      .describe('Lifetime of the pre-signed link in Slack (SigV4 allows 7 days = 168 h). Signed with the Lambda role, the link also stops when the role session ends (usually within hours); Slack shows the earlier of the two.'),
    perOwner: z.boolean().default(false).describe("Also send each owner a report narrowed to them, to their channel from notify.slack.channelsByOwner (owners without a channel get none)."),
    channel: z.string().min(1).optional().describe('Slack channel for the report; notify.slack.defaultChannel when unset.'),
  })
  .describe('The weekly cost report');

export type ReportConfig = z.infer<typeof reportSchema>;
