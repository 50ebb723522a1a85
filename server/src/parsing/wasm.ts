/**
 * Where the WebAssembly files live. In the bundles (dist/, or an unpacked VSIX) they sit next to
 * the running script; when the sources run directly (tests), they come from node_modules.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

// Resolved at run time only when running from sources; bundles never reach these.
const runtimeRequire = createRequire(__filename);

const PACKAGE_LOCATIONS: Record<string, () => string> = {
  'tree-sitter.wasm': () => runtimeRequire.resolve('web-tree-sitter/tree-sitter.wasm'),
  'libpg-query.wasm': () => path.join(path.dirname(runtimeRequire.resolve('libpg-query')), 'libpg-query.wasm'),
};

export function wasmPath(fileName: string): string {
  const beside = path.join(__dirname, fileName);
  if (fs.existsSync(beside)) return beside;
  const fromPackage = PACKAGE_LOCATIONS[fileName];
  if (fromPackage) return fromPackage();
  return runtimeRequire.resolve(`@vscode/tree-sitter-wasm/wasm/${fileName}`);
}
