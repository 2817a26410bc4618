// Builds the web clients (and the report and overlay pages) from web/src into web/dist (bundled, minified, with source maps).
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';

// The message catalogs (web/i18n/<language>.json), found at build time: a new language is one new file.
const catalogs = {
  name: 'i18n-catalogs',
  setup(b) {
    b.onResolve({ filter: /^virtual:i18n-catalogs$/ }, () => ({ path: 'catalogs', namespace: 'i18n' }));
    b.onLoad({ filter: /.*/, namespace: 'i18n' }, () => {
      const all = {};
      for (const file of readdirSync('web/i18n')
        .filter((f) => f.endsWith('.json'))
        .sort()) {
        all[file.slice(0, -'.json'.length)] = JSON.parse(readFileSync(`web/i18n/${file}`, 'utf8'));
      }
      return {
        contents: JSON.stringify(all),
        loader: 'json',
        watchFiles: readdirSync('web/i18n').map((f) => `web/i18n/${f}`),
      };
    });
  },
};

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
  plugins: [catalogs],
  define: { I18N_DEV: watch ? 'true' : 'false' },
};
await build(options);
