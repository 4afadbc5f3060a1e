import type { AlertView } from './alert-view';

/**
 * Plain-text rendering of an alert: the console notifier prints it and the Slack notifier falls back to it when
 * Slack rejects the blocks. Same facts as the Block Kit rendering, because both read the same AlertView.
 */
export function alertViewLines(view: AlertView, indent = '  '): string[] {
  const rows: [string, string][] = [
    ...view.facts.map((f): [string, string] => [f.label, f.value]),
    ['Waste', view.cost.line],
    ['Basis', `${view.cost.basisLabel}: ${view.cost.explanation}`],
    ['Recommended', recommendationText(view)],
  ];
  if (view.buttons.length > 0) rows.push(['Actions', view.buttons.map((b) => b.label).join(' | ')]);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return [
    `[${view.severity.toUpperCase()}] ${view.title}`,
    `${indent}${view.kindLabel} · ${view.location}`,
    ...(view.reasonNote ? [`${indent}${view.reasonNote}`] : []),
    ...rows.map(([label, value]) => `${indent}${label.padEnd(width)}${value}`),
    `${indent}${view.context}`,
  ];
}

/** "Park: ... (reversible)". */
export function recommendationText(view: AlertView): string {
  const { summary, reversible, action } = view.recommendation;
  if (action === 'none') return summary;
  return `${summary}${reversible ? ' (reversible)' : ' (NOT reversible)'}`;
}
