import type { NoticeBlock, Tone } from '../report-document';

/**
 * Every tone carries a word and a symbol as well as a colour, so the meaning survives colour blindness, greyscale
 * print and screen readers (the word is visually hidden, the symbol aria-hidden).
 */
export interface ToneMark {
  symbol: string;
  word: string;
}

const TONE_MARKS: Record<Tone, ToneMark | undefined> = {
  normal: undefined,
  muted: undefined,
  good: { symbol: '✓', word: 'Good' },
  warning: { symbol: '!', word: 'Warning' },
  bad: { symbol: '✕', word: 'Needs attention' },
};

const NOTICE_WORDS: Record<NoticeBlock['tone'], ToneMark> = {
  info: { symbol: 'i', word: 'Note' },
  warning: { symbol: '!', word: 'Warning' },
  error: { symbol: '✕', word: 'Error' },
};

export function toneMark(tone: Tone | undefined): ToneMark | undefined {
  return tone === undefined ? undefined : TONE_MARKS[tone];
}

export function noticeMark(tone: NoticeBlock['tone']): ToneMark {
  return NOTICE_WORDS[tone];
}

/** The class name for a tone; 'normal' gets none. */
export function toneClass(tone: Tone | undefined): string {
  return tone === undefined || tone === 'normal' ? '' : `tone-${tone}`;
}
