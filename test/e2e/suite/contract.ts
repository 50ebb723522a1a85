// What the suite (in the extension host) and the harness (outside it) agree on.

/** Printed when mocha starts in the extension host; the harness echoes the output from here on. */
export const SUITE_START_MARKER = 'pipeline-seams extension-host suite: start';

/** Written as JSON to the file named by PIPELINE_SEAMS_E2E_RESULTS. */
export interface SuiteResults {
  passed: number;
  failed: number;
  skipped: number;
  failures: { test: string; error: string }[];
  /** Titles of tests that did not run: the runners treat any as a failure of the run. */
  skips: string[];
}

export function emptyResults(): SuiteResults {
  return { passed: 0, failed: 0, skipped: 0, failures: [], skips: [] };
}

/** Counts what a mocha run does into `results` (both the extension-host suite and the UI scenarios). */
export function recordResults(runner: Mocha.Runner, results: SuiteResults): void {
  runner.on('pass', () => results.passed++);
  runner.on('pending', (test: Mocha.Test) => {
    results.skipped++;
    results.skips.push(test.fullTitle());
  });
  runner.on('fail', (test: Mocha.Runnable, error: Error) => {
    results.failed++;
    results.failures.push({ test: test.fullTitle(), error: error?.stack ?? String(error) });
  });
}
