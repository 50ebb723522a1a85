/**
 * Entry point of the extension-host suite (`extensionTestsPath`): VS Code calls `run()` inside the
 * real extension host, with the extension under test loaded from the unzipped VSIX.
 *
 * PIPELINE_SEAMS_E2E_MODE=restricted runs only the Restricted Mode checks (the harness opens the
 * workspace untrusted for them); otherwise everything else runs. PIPELINE_SEAMS_E2E_RESULTS names a
 * file that receives the counts, failures and skipped test titles as JSON.
 */
import { mocha, runSuite } from './setup';
import './activation.test';
import './python.test';
import './connectors.test';
import './commands.test';
import './learning.test';
import './restricted.test';

export async function run(): Promise<void> {
  const restricted = process.env.PIPELINE_SEAMS_E2E_MODE === 'restricted';
  mocha.grep(/\[restricted\]/);
  if (!restricted) mocha.invert();
  const results = await runSuite(process.env.PIPELINE_SEAMS_E2E_RESULTS);
  if (results.passed + results.failed === 0) throw new Error('the extension-host suite ran no test');
  if (results.failed > 0) throw new Error(`${results.failed} extension-host test(s) failed`);
}
