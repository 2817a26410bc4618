// `npm run build:bench`: type-checks bench/ by tsconfig.bench.json, against the protocol's maps in
// src/, and writes bench/*.ts alone to dist-bench/*.js (where `node dist-bench/main.js` runs).
// Plain `tsc` cannot: with the protocol's types from src/ in the program, the root of its files is
// the repository, so bench/main.ts would go to dist-bench/bench/main.js. Nothing of src/ runs in
// the bench: it imports types only, and a value import from src/ stops the build.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist-bench');

/** @param {readonly ts.Diagnostic[]} diagnostics */
function fail(diagnostics) {
  const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));
  process.exit(1);
}

const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.bench.json'), undefined, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => fail([d]),
});
if (!config) process.exit(1);
if (config.errors.length > 0) fail(config.errors);
const program = ts.createProgram({
  rootNames: config.fileNames,
  options: { ...config.options, noEmit: false, rootDir: ROOT, outDir: OUT },
});
const diagnostics = ts.getPreEmitDiagnostics(program);
if (diagnostics.length > 0) fail(diagnostics);

const fromSrc = [];
const emitted = program.emit(undefined, (file, text) => {
  const path = relative(join(OUT, 'bench'), file);
  if (path.startsWith('..')) return;
  if (/from '(\.\.\/)+src\//.test(text)) fromSrc.push(path);
  mkdirSync(dirname(join(OUT, path)), { recursive: true });
  writeFileSync(join(OUT, path), text);
});
if (emitted.diagnostics.length > 0) fail(emitted.diagnostics);
if (fromSrc.length > 0) {
  process.stderr.write(`bench/ may import only types from src/ (use \`import type\`): ${fromSrc.join(', ')}\n`);
  process.exit(1);
}
