import type { ChartBlock, KpiBlock, NoticeBlock, ParagraphBlock, ReportBlock, TableBlock, Tone } from '../report-document';
import { chartHasData } from './chart-data';
import { escapeHtml as esc } from './escape-html';
import { renderChartSvg } from './render-chart-svg';
import { noticeMark, toneClass, toneMark } from './tones';

/** Phone-width rendering of each chart, shown under 600 px instead of the desktop one (larger text once scaled). */
const NARROW_CHART_WIDTH = 360;
const WIDE_CHART_WIDTH = 880;

export function renderBlock(block: ReportBlock, where: string): string {
  switch (block.type) {
    case 'paragraph':
      return paragraph(block);
    case 'kpis':
      return kpis(block);
    case 'table':
      return table(block, where);
    case 'chart':
      return chart(block);
    case 'notice':
      return notice(block);
    default:
      throw new Error(`${where}: unknown block type "${(block as { type?: unknown }).type}"`);
  }
}

/** The symbol (hidden from screen readers) and the word (visible to them only) that go with a tone's colour. */
function mark(tone: Tone | undefined): string {
  const m = toneMark(tone);
  if (!m) return '';
  return `<span class="mark ${toneClass(tone)}" aria-hidden="true">${esc(m.symbol)}</span><span class="sr-only">${esc(m.word)}: </span>`;
}

function cls(...names: string[]): string {
  const list = names.filter(Boolean).join(' ');
  return list ? ` class="${list}"` : '';
}

function paragraph(b: ParagraphBlock): string {
  return `<p${cls('block', toneClass(b.tone))}>${mark(b.tone)}${esc(b.text)}</p>`;
}

function kpis(b: KpiBlock): string {
  const items = b.items.map((k) => {
    const detail = k.detail !== undefined || toneMark(k.tone) ? `<div class="kpi-detail">${mark(k.tone)}${esc(k.detail ?? toneMark(k.tone)?.word ?? '')}</div>` : '';
    return `<div${cls('kpi', toneClass(k.tone))}><div class="kpi-label">${esc(k.label)}</div><div class="kpi-value">${esc(k.value)}</div>${detail}</div>`;
  });
  return `<div class="kpis">${items.join('')}</div>`;
}

function table(b: TableBlock, where: string): string {
  if (b.rowTones && b.rowTones.length !== b.rows.length) {
    throw new Error(`${where}: table "${b.caption ?? ''}" has ${b.rowTones.length} row tones for ${b.rows.length} rows`);
  }
  const caption = b.caption ? `<figcaption>${esc(b.caption)}</figcaption>` : '';
  const footnote = b.footnote ? `<p class="footnote">${esc(b.footnote)}</p>` : '';
  if (b.rows.length === 0) return `<figure class="table-block">${caption}<p class="empty">${esc(b.empty)}</p>${footnote}</figure>`;
  const num = (c: { align?: string }) => (c.align === 'right' ? ' class="num"' : '');
  const head = b.columns.map((c) => `<th scope="col"${num(c)}>${esc(c.label)}</th>`).join('');
  const body = b.rows.map((row, i) => {
    const tone = b.rowTones?.[i];
    // data-label: on a phone each row becomes a card of "label value" lines (report-css.ts) instead of a wide grid.
    const cells = b.columns.map(
      (c, j) => `<td${num(c)} data-label="${esc(c.label)}">${j === 0 ? mark(tone) : ''}${esc(row[c.key] ?? '')}</td>`,
    );
    return `<tr${cls(tone && tone !== 'normal' ? `row-${tone}` : '')}>${cells.join('')}</tr>`;
  });
  // The scroll box is focusable and labelled so keyboard users can scroll a wide table on a small screen.
  const label = esc(b.caption ?? 'Table');
  return `<figure class="table-block">${caption}<div class="table-scroll" role="region" aria-label="${label}" tabindex="0"><table class="report-table"><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table></div>${footnote}</figure>`;
}

function chart(b: ChartBlock): string {
  const spec = b.chart;
  const caption = `<figcaption>${esc(spec.title)}</figcaption>`;
  const id = ` id="chart-${esc(spec.id)}"`;
  if (!chartHasData(spec)) return `<figure class="chart chart-empty"${id}>${caption}<p class="empty">${esc(b.empty)}</p></figure>`;
  const summary = esc(`${spec.title}: ${spec.series.map((s) => s.name).join(', ')} by ${spec.categories.length} categories`);
  const wide = renderChartSvg(spec, { width: WIDE_CHART_WIDTH, title: false });
  const narrow = renderChartSvg(spec, { width: NARROW_CHART_WIDTH, title: false });
  return `<figure class="chart"${id}>${caption}<div class="chart-wide" role="img" aria-label="${summary}">${wide}</div><div class="chart-narrow" role="img" aria-label="${summary}">${narrow}</div></figure>`;
}

function notice(b: NoticeBlock): string {
  const m = noticeMark(b.tone);
  return `<div class="notice notice-${esc(b.tone)}" role="note"><strong>${esc(m.word)}:</strong> ${esc(b.text)}</div>`;
}
