import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatEnv, type ChatEnv } from '../helpers/chat-env.js';
import type { BenchResult } from '../../src/bench/result-types.js';
import { chromiumPath } from './chromium.js';
import { GATEWAYS, fixtureRun } from './run-fixture.js';
import { pageData } from './page-data.js';

/**
 * The report in a real headless browser (Debian's chromium through puppeteer-core), launched
 * once for every check: no console errors, no request leaves the file, every chart drawn, and
 * one point per interval of the data. It also writes the README's screenshot:
 * SHEPHERD_SCREENSHOT=docs/report.png npx vitest run test/report/browser.test.ts
 */

const SWEEP = join(import.meta.dirname, '../fixtures/sweep-concurrency.json');
const LAPTOP = { width: 1280, height: 800 };

interface Loaded {
  page: Page;
  errors: string[];
  /** Requests for anything but the report file itself. */
  outside: string[];
}

let browser: Browser;
let e: ChatEnv;
let dir: string;
const pages: Record<string, { html: string; result?: BenchResult }> = {};

async function report(name: string, args: string[]): Promise<void> {
  const out = join(dir, `${name}.html`);
  const r = await e.run([...args, '--out', out]);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
  pages[name] = { html: out };
}

beforeAll(async () => {
  // models slow enough that a 2.5 s run spans three 1 s intervals
  const paced = { ttftMs: { lognormal: { p50: 40, p99: 120 } }, itlMs: 4, outputTokens: 12 };
  e = await chatEnv({
    a: paced,
    b: { ...paced, faults: [{ type: 'content_filter', probability: 0.15 }] },
  });
  dir = mkdtempSync(join(tmpdir(), 'shepherd-report-'));
  // a real run over HTTP, through the command (its result file beside the report)
  const run = await e.run([
    'bench',
    '-m',
    'a,b',
    '-n',
    '40',
    '-c',
    '2',
    '--no-tui',
    '--out',
    join(dir, 'run.json'),
    '--report',
    join(dir, 'run.html'),
  ]);
  if (run.code !== 0) throw new Error(`bench: exit ${run.code}: ${run.stderr}`);
  pages.run = {
    html: join(dir, 'run.html'),
    result: JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as BenchResult,
  };
  // shards of an engine run on a virtual clock, merged by the report, against a baseline
  // (written beside the command's working directory, so the page names them as a user would)
  const files = await Promise.all(
    [1, 2].map(async (index) => {
      writeFileSync(
        join(e.home, `shard-${index}.json`),
        JSON.stringify(await fixtureRun({ shard: { index, count: 2 } })),
      );
      return `shard-${index}.json`;
    }),
  );
  const base = 'baseline.json';
  // the baseline: deepseek was 20 % faster then, so this run shows a regression there
  const before = GATEWAYS.map((g) =>
    g.name === 'deepseek-v3.2' ? { ...g, medianMs: g.medianMs * 0.8 } : g,
  );
  writeFileSync(join(e.home, base), JSON.stringify(await fixtureRun({ gateways: before })));
  await report('merged', [
    'bench',
    'report',
    ...files,
    '--baseline',
    base,
    '--slo',
    'p95<5s,ttft.p99<2s,success>=99%',
  ]);
  await report('sweep', ['bench', 'report', SWEEP]);
  browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await e?.sim.close();
});

async function open(name: string, viewport = LAPTOP): Promise<Loaded> {
  const file = pathToFileURL(pages[name]!.html).href;
  const page = await browser.newPage();
  await page.setViewport(viewport);
  const errors: string[] = [];
  const outside: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warn') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${String(err)}`));
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    if (req.url() === file) return void req.continue();
    outside.push(req.url());
    void req.abort();
  });
  await page.goto(file, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  // let uPlot finish its first paint
  await page.evaluate(IN_PAGE.nextFrame);
  return { page, errors, outside };
}

interface Drawn {
  id: string;
  points: number;
  series: number;
  canvases: number;
  legendRows: number;
}

/**
 * What runs inside the page, as source text: this file is typed for Node (no DOM types), and
 * puppeteer evaluates strings as well as functions.
 */
const IN_PAGE = {
  nextFrame: 'new Promise((resolve) => requestAnimationFrame(() => resolve(null)))',
  scrollWidth: 'document.documentElement.scrollWidth',
  drawn: `[...document.querySelectorAll('figure.chart')].map((f) => ({
    id: f.dataset.chart ?? '',
    points: Number(f.dataset.points ?? -1),
    series: Number(f.dataset.series ?? -1),
    canvases: f.querySelectorAll('.plot canvas').length,
    legendRows: f.querySelectorAll('.u-legend .u-series').length,
  }))`,
  figureWidths: `[...document.querySelectorAll('figure.chart')].map((f) => f.getBoundingClientRect().width)`,
  screenshotHeight: `(() => {
    const end = document.getElementById('section-over-time');
    return end ? Math.ceil(end.getBoundingClientRect().bottom + window.scrollY) : 2400;
  })()`,
  /** Pixels of a chart's canvas painted in a colour (within a small tolerance). */
  pixelsOf: (id: string, hex: string) => `(() => {
    const canvas = document.querySelector('#chart-${id} .plot canvas');
    const want = [1, 3, 5].map((i) => Number.parseInt('${hex}'.slice(i, i + 2), 16));
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (want.every((v, k) => Math.abs(data[i + k] - v) < 24) && data[i + 3] > 200) n++;
    }
    return n;
  })()`,
};

function drawnCharts(page: Page): Promise<Drawn[]> {
  return page.evaluate(IN_PAGE.drawn) as Promise<Drawn[]>;
}

function pixelsOf(page: Page, id: string, hex: string): Promise<number> {
  return page.evaluate(IN_PAGE.pixelsOf(id, hex)) as Promise<number>;
}

describe('the HTML report in headless chromium', () => {
  it('a run: no console errors, nothing fetched, every chart drawn, one point per interval', async () => {
    const { page, errors, outside } = await open('run');
    const html = readFileSync(pages.run!.html, 'utf8');
    const model = pageData(html).sections.flatMap((s) => s.charts.map((c) => c.id));
    const drawn = await drawnCharts(page);
    expect(drawn.map((d) => d.id)).toEqual(model);
    expect(model).toHaveLength(8);
    for (const d of drawn) {
      expect(d.canvases, d.id).toBe(1);
      expect(d.points, d.id).toBeGreaterThan(0);
      expect(d.legendRows, d.id).toBe(d.series + 1);
    }
    const intervals = Math.max(
      ...pages.run!.result!.targets.map((t) => t.timeline!.intervals.length),
    );
    expect(intervals).toBeGreaterThanOrEqual(3); // 2.5 s and the drain
    expect(drawn.find((d) => d.id === 'throughput-over-time')!.points).toBe(intervals);
    expect(await pixelsOf(page, 'throughput-over-time', '#2563eb')).toBeGreaterThan(20);
    // the simulated content filter shows as an error class over time
    expect(html).toContain('b content_filter');
    // fits a laptop's width: nothing scrolls sideways
    expect(await page.evaluate(IN_PAGE.scrollWidth)).toBeLessThanOrEqual(LAPTOP.width);
    expect(errors).toEqual([]);
    expect(outside).toEqual([]);
    await page.close();
  });

  it('merged shards with a baseline, and a sweep: every chart drawn; the report prints', async () => {
    for (const name of ['merged', 'sweep']) {
      const { page, errors, outside } = await open(name);
      const model = pageData(readFileSync(pages[name]!.html, 'utf8')).sections.flatMap((s) =>
        s.charts.map((c) => c.id),
      );
      const drawn = await drawnCharts(page);
      expect(drawn.map((d) => d.id)).toEqual(model);
      // an xy chart (sweep-latency) has no legend row for a shared x
      const rows = (d: Drawn) => d.series + (d.id === 'sweep-latency' ? 0 : 1);
      for (const d of drawn) expect([d.id, d.canvases, d.legendRows]).toEqual([d.id, 1, rows(d)]);
      if (name === 'merged') {
        expect(model).toContain('baseline-delta-latency');
        const shot = process.env.SHEPHERD_SCREENSHOT;
        const png = join(dir, 'report.png');
        // the README's picture: the header, the distributions and the run over time
        const height = (await page.evaluate(IN_PAGE.screenshotHeight)) as number;
        await page.screenshot({
          path: png as `${string}.png`,
          clip: { x: 0, y: 0, width: LAPTOP.width, height },
          captureBeyondViewport: true,
        });
        expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
        if (shot) copyFileSync(png, shot);
        await page.emulateMediaType('print');
        const pdf = await page.pdf({ format: 'A4', printBackground: true });
        expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      } else {
        expect(model).toEqual(['sweep-throughput', 'sweep-ttft', 'sweep-latency']);
      }
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
      await page.close();
    }
  });

  it('reads at a phone width too: one column, no sideways scroll', async () => {
    const { page, errors } = await open('merged', { width: 420, height: 900 });
    const widths = (await page.evaluate(IN_PAGE.figureWidths)) as number[];
    expect(Math.max(...widths)).toBeLessThanOrEqual(420);
    expect(await page.evaluate(IN_PAGE.scrollWidth)).toBeLessThanOrEqual(420);
    expect(errors).toEqual([]);
    await page.close();
  });
});
