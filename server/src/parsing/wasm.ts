/**
 * Where the WebAssembly files live. In the bundles (dist/, or an unpacked VSIX) they sit next to
 * the running script; when the sources run directly (tests), they come from node_modules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE_LOCATIONS: Record<string, () => string> = {
  'tree-sitter.wasm': () => require.resolve('web-tree-sitter/tree-sitter.wasm'),
  'libpg-query.wasm': () => path.join(path.dirname(require.resolve('libpg-query')), 'libpg-query.wasm'),
};

export function wasmPath(fileName: string): string {
  const beside = path.join(__dirname, fileName);
  if (fs.existsSync(beside)) return beside;
  const fromPackage = PACKAGE_LOCATIONS[fileName];
  if (fromPackage) return fromPackage();
  return require.resolve(`@vscode/tree-sitter-wasm/wasm/${fileName}`);
}
