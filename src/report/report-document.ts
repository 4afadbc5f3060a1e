/**
 * A report as plain data: sections of paragraphs, key figures, tables and charts, every value already formatted.
 * The weekly report's content builder (src/report/weekly-*) fills it; the renderers turn it into one self-contained
 * HTML file (src/report/render/) and a PNG chart for Slack. Keeping the two apart means the renderer knows nothing
 * about clouds or money and the content builder nothing about HTML.
 */
export interface ReportDocument {
  title: string;
  /** E.g. "Week of 16–22 Nov 2026 (UTC) · generated 2026-11-23 08:00 UTC". */
  subtitle?: string;
  generatedAt: Date;
  sections: ReportSection[];
  /** Small print at the end: sources, bases, currency notes. */
  footer?: string[];
}

export interface ReportSection {
  /** Stable anchor (`id` attribute) used by the table of contents and the screenshot test. */
  id: string;
  title: string;
  /** One or two sentences saying what the section shows. */
  intro?: string;
  blocks: ReportBlock[];
}

export type Tone = 'normal' | 'good' | 'warning' | 'bad' | 'muted';

export type ReportBlock = ParagraphBlock | KpiBlock | TableBlock | ChartBlock | NoticeBlock;

export interface ParagraphBlock {
  type: 'paragraph';
  text: string;
  tone?: Tone;
}

/** A row of headline figures ("This week $12,345.67 · +8 % vs last week"). */
export interface KpiBlock {
  type: 'kpis';
  items: Array<{ label: string; value: string; detail?: string; tone?: Tone }>;
}

export interface TableColumn {
  key: string;
  label: string;
  /** Numbers right-aligned. */
  align?: 'left' | 'right';
}

export interface TableBlock {
  type: 'table';
  caption?: string;
  columns: TableColumn[];
  /** Cell text by column key; a missing key renders as an empty cell. */
  rows: Array<Record<string, string>>;
  /** Per-row tone (e.g. a budget row over 100 % is 'bad'), same length as rows when set. */
  rowTones?: Tone[];
  footnote?: string;
  /** Shown instead of an empty table, e.g. "No findings were open this week." */
  empty: string;
}

/** Data for one chart; the renderer picks colours, axes and layout. Values are plain numbers in `unit`. */
export interface ChartSpec {
  id: string;
  kind: 'bar' | 'stacked-bar' | 'line';
  title: string;
  /** What the values are: an ISO 4217 currency ("USD") for money, or a word like "ms", "%", "calls". */
  unit: string;
  /** X-axis categories (days, weeks, clouds, services...). */
  categories: string[];
  /** One series per legend entry; `null` is a gap (no data), not zero. */
  series: Array<{ name: string; values: Array<number | null> }>;
  /** Horizontal bars suit long category names (services, owners). Default vertical. */
  orientation?: 'vertical' | 'horizontal';
}

export interface ChartBlock {
  type: 'chart';
  chart: ChartSpec;
  /** Shown instead of the chart when every value is null or there are no categories. */
  empty: string;
}

export interface NoticeBlock {
  type: 'notice';
  text: string;
  tone: 'info' | 'warning' | 'error';
}
