import type { ReportDocument } from '../report-document';
import { escapeHtml as esc } from './escape-html';
import { renderBlock } from './render-blocks';
import { REPORT_CSS } from './report-css';

/**
 * The whole report as one self-contained HTML5 file: inline CSS and SVG, no script, no link, no font or image
 * request, so it opens the same from an S3 link, an e-mail attachment or a laptop with no network.
 */
export function renderReportHtml(doc: ReportDocument): string {
  assertSectionIds(doc);
  const toc = doc.sections
    .map((s) => `<li><a href="#${esc(s.id)}">${esc(s.title)}</a></li>`)
    .join('');
  const sections = doc.sections.map((s) => {
    const intro = s.intro ? `<p class="intro">${esc(s.intro)}</p>` : '';
    const blocks = s.blocks.map((b, i) => renderBlock(b, `section "${s.id}" block ${i}`)).join('\n');
    return `<section class="section" id="${esc(s.id)}" aria-labelledby="${esc(s.id)}-title"><h2 id="${esc(s.id)}-title">${esc(s.title)}</h2>${intro}\n${blocks}</section>`;
  });
  const footer = [...(doc.footer ?? []), `Generated ${formatUtc(doc.generatedAt)} by ml-watchdog.`]
    .map((line) => `<p>${esc(line)}</p>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="generator" content="ml-watchdog">
<title>${esc(doc.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main class="report">
<header class="report-head"><h1>${esc(doc.title)}</h1>${doc.subtitle ? `<p class="subtitle">${esc(doc.subtitle)}</p>` : ''}</header>
${doc.sections.length > 1 ? `<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>${toc}</ol></nav>` : ''}
${sections.join('\n')}
<footer class="report-foot">${footer}</footer>
</main>
</body>
</html>
`;
}

/** Ids become anchors and element ids: each must be unique, and a space or "#" would break the contents links. */
function assertSectionIds(doc: ReportDocument): void {
  const seen = new Set<string>();
  for (const s of doc.sections) {
    if (!/^[A-Za-z][\w-]*$/.test(s.id)) {
      throw new Error(`section id "${s.id}" must start with a letter and hold only letters, digits, "-" and "_"`);
    }
    if (seen.has(s.id)) throw new Error(`section id "${s.id}" is used twice`);
    seen.add(s.id);
  }
}

function formatUtc(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new Error('report generatedAt is not a valid date');
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
