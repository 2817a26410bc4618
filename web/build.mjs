// Builds the web clients (and the report and overlay pages) from web/src into web/dist (bundled, minified, with source maps).
import { build } from 'esbuild';

const watch = process.argv.includes('--watch');
const options = {
  entryPoints: [
    { in: 'web/src/audience.ts', out: 'audience' },
    { in: 'web/src/operator.ts', out: 'operator' },
    { in: 'web/src/screen.ts', out: 'screen' },
    { in: 'web/src/report/main.ts', out: 'report' },
    { in: 'web/src/overlay/main.ts', out: 'overlay' },
  ],
  outdir: 'web/dist',
  bundle: true,
  minify: !watch,
  sourcemap: true,
  format: 'esm',
  target: ['es2020', 'chrome90', 'safari15', 'firefox90'],
  logLevel: 'warning',
};
await build(options);
