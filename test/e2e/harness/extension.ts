/**
 * What the end-to-end tests run is what ships: the VSIX that `vsce package` builds (in a scratch
 * copy of the project, so the working tree's dist/ is left alone), installed or unzipped. The
 * extension-host suite is bundled for the extension host; mocha stays external and resolves from the
 * project's node_modules.
 */
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT, SUITE_BUNDLE } from './paths';

export { packageExtension, type PackagedExtension } from '../../../scripts/packageVsix';

/** Bundles test/e2e/suite for the extension host (VS Code's Node, CommonJS). */
export async function bundleSuite(): Promise<string> {
  await esbuild.build({
    entryPoints: [path.join(REPO_ROOT, 'test/e2e/suite/index.ts')],
    outfile: SUITE_BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return SUITE_BUNDLE;
}
