/**
 * Text width estimate for ECharts' server-side layout (no canvas to measure with). ECharts' built-in estimate uses
 * Arial widths; the PNG is drawn in DejaVu Sans, about 15 % wider, so axis labels came out clipped at the image edge
 * and truncated names overran their space. These are DejaVu Sans advance widths (em fractions) by character class,
 * which also err on the wide side for the system fonts a browser picks for the HTML page.
 */
const NARROW = new Set([...`iljI.,:;'|!()[]{}\`ftr -`]);
const WIDE = new Set([...'mwMW@%']);

function charWidth(ch: string): number {
  if (ch === ' ') return 0.32;
  if (NARROW.has(ch)) return 0.36;
  if (WIDE.has(ch)) return 0.95;
  if (/[0-9$€£¥]/.test(ch)) return 0.64;
  if (/[A-Z]/.test(ch)) return 0.72;
  if (/[a-z]/.test(ch)) return 0.61;
  return 0.8; // symbols and other scripts
}

export function measureText(text: string, font?: string): { width: number } {
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12);
  const bold = /\b(bold|[6-9]00)\b/.test(font ?? '') ? 1.08 : 1;
  let em = 0;
  for (const ch of text ?? '') em += charWidth(ch);
  return { width: em * size * bold };
}
