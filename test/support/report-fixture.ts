import type { ChartSpec, ReportDocument, TableBlock, Tone } from '../../src/report/report-document';

/**
 * A report that exercises every block type and the hard cases of the renderers: long unbroken service names, a
 * 30-row table, a chart with null gaps, an empty table and an empty chart, every tone, and markup in the text.
 * `expected` says what a browser must find in the rendered page.
 */
export interface ReportFixture {
  doc: ReportDocument;
  expected: { sectionIds: string[]; tableCount: number; chartCount: number };
}

export const LONG_SERVICE = 'Amazon SageMaker AI ml.p4d.24xlarge-RealTimeInference-UsageHours-us-east-1-AcceleratorCompute';

const DAYS = ['Mon 16', 'Tue 17', 'Wed 18', 'Thu 19', 'Fri 20', 'Sat 21', 'Sun 22'];
const TONES: Tone[] = ['normal', 'good', 'warning', 'bad', 'muted'];

export function dailySpendChart(overrides: Partial<ChartSpec> = {}): ChartSpec {
  return {
    id: 'daily-spend',
    kind: 'line',
    title: 'Daily ML spend by cloud',
    unit: 'USD',
    categories: DAYS,
    series: [
      { name: 'AWS', values: [1210.5, 1180, null, 1320.25, 1298, 1105, 1090] },
      { name: 'Google Cloud', values: [410, 422, 431, null, null, 398, 402] },
      { name: 'Azure', values: [222, 230, 228, 241, 239, 210, 205] },
    ],
    ...overrides,
  };
}

export function topServicesChart(overrides: Partial<ChartSpec> = {}): ChartSpec {
  return {
    id: 'top-services',
    kind: 'bar',
    orientation: 'horizontal',
    title: 'Top services this week',
    unit: 'USD',
    categories: [LONG_SERVICE, 'Vertex AI Online Prediction', 'Azure Machine Learning compute', 'Amazon S3', '<script>alert(1)</script>'],
    series: [{ name: 'This week', values: [8123.4, 2950, 1611.75, 402.1, 12] }],
    ...overrides,
  };
}

export function weeklyByCloudChart(): ChartSpec {
  return {
    id: 'weekly-by-cloud',
    kind: 'stacked-bar',
    title: 'Weekly spend, last 8 weeks',
    unit: 'USD',
    categories: ['W40', 'W41', 'W42', 'W43', 'W44', 'W45', 'W46', 'W47'],
    series: [
      { name: 'AWS', values: [7100, 7350, 6900, 8020, 8400, 7990, 8210, 8600] },
      { name: 'Google Cloud', values: [2500, 2610, null, 2700, 2810, 2790, 2880, 2904] },
      { name: 'Azure', values: [1400, 1380, 1502, 1490, 1533, 1600, 1580, 1575] },
    ],
  };
}

export function servicesTable(rows = 30): TableBlock {
  const services = [LONG_SERVICE, 'Vertex AI Training', 'Azure ML managed online endpoints', 'CloudWatch Logs'];
  return {
    type: 'table',
    caption: `All services (${rows})`,
    columns: [
      { key: 'service', label: 'Service' },
      { key: 'cloud', label: 'Cloud' },
      { key: 'owner', label: 'Owner' },
      { key: 'week', label: 'This week', align: 'right' },
      { key: 'prev', label: 'Last week', align: 'right' },
      { key: 'change', label: 'Change', align: 'right' },
    ],
    rows: Array.from({ length: rows }, (_, i) => ({
      service: i === 7 ? '<script>alert("x")</script> & co' : `${services[i % services.length]} #${i + 1}`,
      cloud: ['AWS', 'Google Cloud', 'Azure'][i % 3]!,
      owner: i % 5 === 0 ? 'ml-platform-team-with-a-really-long-owner-tag-value' : `team-${i}`,
      week: `$${(10_000 - i * 301.5).toFixed(2)}`,
      prev: `$${(9_500 - i * 290).toFixed(2)}`,
      change: `${i % 2 === 0 ? '+' : '−'}${(i * 1.7).toFixed(1)} %`,
    })),
    rowTones: Array.from({ length: rows }, (_, i) => TONES[i % TONES.length]!),
    footnote: 'Amortized cost; credits excluded.',
    empty: 'No spend this week.',
  };
}

export function reportFixture(): ReportFixture {
  const doc: ReportDocument = {
    title: 'ML cost report <weekly> & more',
    subtitle: 'Week of 16–22 Nov 2026 (UTC) · generated 2026-11-23 08:00 UTC',
    generatedAt: new Date('2026-11-23T08:00:00Z'),
    sections: [
      {
        id: 'summary',
        title: 'Summary',
        intro: 'Headline figures for the week.',
        blocks: [
          {
            type: 'kpis',
            items: [
              { label: 'This week', value: '$12,345.67', detail: '+8 % vs last week', tone: 'bad' },
              { label: 'Savings found', value: '$2,110.00', detail: '4 findings', tone: 'good' },
              { label: 'Budget used', value: '87 %', detail: 'of $50,000 in November', tone: 'warning' },
              { label: 'Unattributed', value: '$410.20', tone: 'muted' },
              { label: 'Forecast', value: '$49,870.00', detail: 'month end' },
            ],
          },
          ...TONES.map((tone) => ({ type: 'paragraph' as const, text: `A ${tone} paragraph <b>not bold</b>.`, tone })),
          { type: 'notice', tone: 'info', text: 'Google Cloud billing export lags by up to a day.' },
          { type: 'notice', tone: 'warning', text: 'Azure cost for Sunday is incomplete.' },
          { type: 'notice', tone: 'error', text: 'The AWS Cost Explorer read failed: AccessDenied.' },
        ],
      },
      {
        id: 'trend',
        title: 'Spend trend',
        intro: 'Daily spend per cloud; gaps are days with no billing data yet.',
        blocks: [
          { type: 'chart', chart: dailySpendChart(), empty: 'No spend recorded.' },
          { type: 'chart', chart: weeklyByCloudChart(), empty: 'No spend recorded.' },
          { type: 'chart', chart: dailySpendChart({ id: 'gpu-hours', title: 'Idle GPU hours', unit: 'hours', series: [{ name: 'Idle', values: DAYS.map(() => null) }] }), empty: 'No GPU usage data this week.' },
        ],
      },
      {
        id: 'services',
        title: 'Services',
        blocks: [
          { type: 'chart', chart: topServicesChart(), empty: 'No spend recorded.' },
          servicesTable(30),
        ],
      },
      {
        id: 'findings',
        title: 'Open findings',
        blocks: [
          { ...servicesTable(0), caption: 'Findings', empty: 'No findings were open this week.' },
          { type: 'paragraph', text: 'Nothing else to report.' },
        ],
      },
    ],
    footer: ['Source: AWS Cost Explorer, Google Cloud Billing, Azure Cost Management.', 'Currency: USD.'],
  };
  return { doc, expected: { sectionIds: ['summary', 'trend', 'services', 'findings'], tableCount: 1, chartCount: 3 } };
}
