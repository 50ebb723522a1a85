// Where the end-to-end harness finds the project and puts what it produces.
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const E2E_DIR = path.resolve(__dirname, '..');
/** The sample files every run opens, copied afresh for each editor started. */
export const FIXTURE_WORKSPACE = path.join(E2E_DIR, 'fixtures/workspace');
/** Screenshots, logs and results of the last run (git-ignored). */
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts/e2e');
/** The extension-host suite, bundled for the extension host (git-ignored). */
export const SUITE_BUNDLE = path.join(REPO_ROOT, 'out/e2e/suite/index.js');

/** Outside the repository so a clean clone or `git clean` never pays for the install again. */
export function cacheDir(): string {
  return (
    process.env.PIPELINE_SEAMS_E2E_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'pipeline-seams-e2e')
  );
}
