/**
 * The mocha instance of the extension-host suite. Imported first by index.ts so `describe`/`it`
 * exist as globals before the test modules load (the suite is one bundle; mocha cannot load files).
 */
import * as fs from 'node:fs';
import Mocha from 'mocha';
import { emptyResults, recordResults, SUITE_START_MARKER, type SuiteResults } from './contract';

export const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
mocha.suite.emit('pre-require', globalThis, 'pipeline-seams-e2e', mocha);

/**
 * Runs the suite. The results go to `resultsFile` (when given) after every test, so a run cut short
 * still reports what it did.
 */
export function runSuite(resultsFile: string | undefined): Promise<SuiteResults> {
  return new Promise((resolve) => {
    const results = emptyResults();
    const save = () => {
      if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
    };
    console.log(SUITE_START_MARKER);
    const runner = mocha.run(() => {
      save();
      resolve(results);
    });
    runner.on('test end', save);
    recordResults(runner, results);
  });
}
