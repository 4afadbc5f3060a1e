import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/**
 * Drives the system Chromium (Debian's `chromium`, installed by .ci/run) over the DevTools protocol with
 * puppeteer-core, which never downloads a browser of its own. Each call opens a fresh page on one shared browser;
 * closeChromium() in afterAll ends it.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/**
 * Whether a Chromium test should be skipped here, with the reason. Locally a missing browser skips; under CI=true it
 * does not skip, so the test runs and fails in requireChromium() instead of passing unseen.
 */
export function chromiumSkip(): { skip: boolean; reason: string } {
  if (chromiumAvailable()) return { skip: false, reason: '' };
  const reason = `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
  return process.env.CI === 'true' ? { skip: false, reason } : { skip: true, reason };
}

export function requireChromium(): void {
  if (!chromiumAvailable()) {
    throw new Error(`CI=true and ${chromiumSkip().reason}: .ci/run installs it before the tests`);
  }
}

let browser: Promise<Browser> | undefined;

function getBrowser(): Promise<Browser> {
  requireChromium();
  browser ??= puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // --no-sandbox: CI runs as root, where Chromium refuses its sandbox.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars', '--font-render-hinting=none'],
  });
  return browser;
}

export async function closeChromium(): Promise<void> {
  const b = browser;
  browser = undefined;
  if (b) await (await b).close();
}

interface PageOptions {
  width: number;
  height?: number;
  media?: 'screen' | 'print';
}

/** Loads the HTML; every request it makes (there should be none) is blocked and recorded. */
async function withPage<T>(html: string, opts: PageOptions, fn: (page: Page, requests: string[]) => Promise<T>): Promise<T> {
  const page = await (await getBrowser()).newPage();
  const requests: string[] = [];
  try {
    await page.setViewport({ width: opts.width, height: opts.height ?? 900 });
    await page.emulateMediaType(opts.media ?? 'screen');
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (req.url().startsWith('data:')) return void req.continue();
      requests.push(req.url());
      void req.abort();
    });
    await page.setContent(html, { waitUntil: 'load' });
    return await fn(page, requests);
  } finally {
    await page.close();
  }
}

/** A PNG of the page at `width`; the full page unless `height` is given. Returns outPath. */
export async function screenshotHtml(
  html: string,
  opts: { width: number; height?: number; outPath: string; media?: 'screen' | 'print' },
): Promise<string> {
  mkdirSync(dirname(opts.outPath), { recursive: true });
  await withPage(html, opts, (page) =>
    page.screenshot({ path: opts.outPath as `${string}.png`, fullPage: opts.height === undefined, type: 'png' }),
  );
  return opts.outPath;
}

export interface HtmlInspection {
  /** The page itself scrolls sideways. */
  overflowX: boolean;
  /** Elements sticking out of the viewport that no scroll box of their own contains ("td.num: $1,234"). */
  overflowing: string[];
  sectionIds: string[];
  /** <table> elements. */
  tableCount: number;
  /** Chart figures with a visible SVG (the phone or desktop rendering, whichever the media query shows). */
  chartCount: number;
  /** Contents links whose target id does not exist. */
  brokenAnchors: string[];
  /** URLs the page tried to load. */
  externalRequests: string[];
}

export async function inspectHtml(html: string, opts: PageOptions): Promise<HtmlInspection> {
  return withPage(html, opts, async (page, requests) => {
    const found = (await page.evaluate(MEASURE_SCRIPT)) as Omit<HtmlInspection, 'externalRequests'>;
    return { ...found, externalRequests: [...requests] };
  });
}

/**
 * Runs in the page. A string rather than a function: test transpilers (esbuild's keepNames) wrap functions in
 * helpers that do not exist inside the browser.
 */
const MEASURE_SCRIPT = `(() => {
  const root = document.documentElement;
  const limit = root.clientWidth;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '') + ': ' + (el.textContent || '').trim().slice(0, 40);
  const inScrollBox = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const visible = (el) => el.getBoundingClientRect().width > 0;
  return {
    overflowX: root.scrollWidth > limit,
    overflowing: [...document.body.querySelectorAll('*')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && (r.right > limit + 0.5 || r.left < -0.5) && !inScrollBox(el);
    }).map(describe),
    sectionIds: [...document.querySelectorAll('section[id]')].map((s) => s.id),
    tableCount: document.querySelectorAll('table').length,
    chartCount: [...document.querySelectorAll('figure.chart')]
      .filter((f) => [...f.querySelectorAll('svg')].some(visible)).length,
    brokenAnchors: [...document.querySelectorAll('a[href^="#"]')]
      .map((a) => a.getAttribute('href').slice(1))
      .filter((id) => !document.getElementById(id)),
  };
})()`;
