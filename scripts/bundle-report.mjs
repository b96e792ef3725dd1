// Bundles the HTML report's page script (src/report/browser) with uPlot into one minified
// script and one stylesheet under dist/report/browser/, which `bench --report` inlines into
// every report: the page then needs nothing from any other host.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const uplot = JSON.parse(readFileSync(`${root}node_modules/uplot/package.json`, 'utf8'));
// uPlot is MIT licensed: its notice travels with every copy (minifying drops its header).
const notice = `/*! uPlot ${uplot.version} (uPlot.js, μPlot), Copyright (c) Leon Sorokin, MIT License */`;

await build({
  absWorkingDir: root,
  entryPoints: ['src/report/browser/main.ts'],
  outfile: 'dist/report/browser/report.js',
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  platform: 'browser',
  legalComments: 'eof',
  banner: { js: notice, css: notice },
  logLevel: 'warning',
});
