// Bundles the extension client, the language server and the CLI into dist/, and copies every
// WebAssembly file they load next to the bundles so they run from any directory (and from a VSIX).
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const { treeSitterMemoryReads } = require('./scripts/treeSitterMemoryReads');

const root = __dirname;
const dist = path.join(root, 'dist');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Grammars the parsing layer loads, from @vscode/tree-sitter-wasm. */
const GRAMMARS = ['python', 'typescript', 'tsx', 'javascript', 'java', 'go', 'bash'];

function wasmFiles() {
  const grammarDir = path.dirname(require.resolve('@vscode/tree-sitter-wasm/wasm/tree-sitter-python.wasm'));
  return [
    require.resolve('web-tree-sitter/tree-sitter.wasm'),
    path.join(path.dirname(require.resolve('libpg-query')), 'libpg-query.wasm'),
    ...GRAMMARS.map((g) => path.join(grammarDir, `tree-sitter-${g}.wasm`)),
  ];
}

function copyWasm() {
  fs.mkdirSync(dist, { recursive: true });
  for (const file of wasmFiles()) fs.copyFileSync(file, path.join(dist, path.basename(file)));
}

/** web-tree-sitter's ESM build reads import.meta.url, which is empty in a CJS bundle. */
const importMetaShim = {
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl' },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's UMD build uses dynamic requires a bundle cannot follow; its ESM build is static.
  mainFields: ['module', 'main'],
  plugins: [treeSitterMemoryReads],
  ...importMetaShim,
};

const builds = [
  { entryPoints: { extension: 'client/src/extension.ts' }, external: ['vscode'] },
  // The quiz panel's script runs in the webview (a browser), not in Node.
  {
    entryPoints: { quiz: 'client/src/quiz/webview/main.ts' },
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    tsconfig: 'client/src/quiz/webview/tsconfig.json',
    banner: {},
    define: {},
    mainFields: ['browser', 'module', 'main'],
  },
  // The pipeline map panel's script, also a browser script.
  {
    entryPoints: { map: 'client/src/map/webview/main.ts' },
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    tsconfig: 'client/src/map/webview/tsconfig.json',
    banner: {},
    define: {},
    mainFields: ['browser', 'module', 'main'],
  },
  { entryPoints: { server: 'server/src/server.ts' } },
  {
    entryPoints: { cli: 'server/src/cli/main.ts' },
    banner: { js: '#!/usr/bin/env node\n' + importMetaShim.banner.js },
  },
];

async function main() {
  copyWasm();
  const contexts = await Promise.all(
    builds.map((b) => esbuild.context({ ...common, ...b, outdir: dist })),
  );
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

module.exports = { GRAMMARS, wasmFiles };
