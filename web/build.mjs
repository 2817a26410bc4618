// Builds the three web clients from web/src into web/dist (bundled, minified, with source maps).
import { build } from 'esbuild';

const watch = process.argv.includes('--watch');
const options = {
  entryPoints: ['web/src/audience.ts', 'web/src/operator.ts', 'web/src/screen.ts'],
  outdir: 'web/dist',
  bundle: true,
  minify: !watch,
  sourcemap: true,
  format: 'esm',
  target: ['es2020', 'chrome90', 'safari15', 'firefox90'],
  logLevel: 'warning',
};
await build(options);
