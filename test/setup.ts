// Paths shared by the tests.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const DIST = path.join(REPO_ROOT, 'dist');

/** LSP and CLI tests run the shipped bundles; they must be built first (npm test does it). */
export function requireDist(): void {
  for (const f of ['server.js', 'cli.js']) {
    if (!fs.existsSync(path.join(DIST, f))) {
      throw new Error(`dist/${f} is missing: run \`npm run build\` (or \`npm test\`, which builds first)`);
    }
  }
}
