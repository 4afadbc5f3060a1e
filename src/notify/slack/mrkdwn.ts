/**
 * Slack mrkdwn treats &, < and > as control characters (`<@U123>` mentions, `<!channel>`, `<url|label>` links),
 * so every user-controlled string (tag values, resource names) is escaped before it goes into mrkdwn text.
 * Slack asks for exactly these three entities and no others (docs.slack.dev "Formatting text", escaping).
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

const ELLIPSIS = '…';

/**
 * Cuts `text` to at most `max` UTF-16 units (what Slack's length limits count, conservatively), ending in "…".
 * Never splits a surrogate pair or one of the escape entities above, which would render as garbage.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = max - ELLIPSIS.length;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // high surrogate left without its pair
  const head = text.slice(0, cut);
  const amp = head.lastIndexOf('&');
  const partialEntity = amp >= 0 && amp > head.length - 5 && !head.slice(amp).includes(';');
  return `${partialEntity ? head.slice(0, amp) : head}${ELLIPSIS}`;
}

/** Escape, then cut: the limit applies to what Slack receives. */
export function mrkdwn(text: string, max: number): string {
  return truncateText(escapeMrkdwn(text), max);
}
