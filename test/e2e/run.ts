/**
 * `npm run test:e2e`: the extension in a real VS Code (code-server, the desktop app's workbench and
 * extension host) driven headless by Debian's Chromium.
 *
 *  1. installs the pinned code-server into the cache (a no-op when cached) and packages the VSIX;
 *  2. runs the extension-host suite (test/e2e/suite) against the unzipped VSIX, trusted workspace;
 *  3. runs its Restricted Mode part in an untrusted workspace;
 *  4. runs the Playwright scenarios (test/e2e/ui) against the VSIX installed as a user installs it.
 *
 * Screenshots, logs and results land in test-artifacts/e2e/. PIPELINE_SEAMS_SKIP_E2E=1 skips it all.
 * PIPELINE_SEAMS_E2E_KEEP=1 keeps the scratch directory (workspaces, profiles) for a look afterwards.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Mocha from 'mocha';
import { chromiumPath } from './harness/browser';
import { ensureCodeServer } from './harness/codeServer';
import { bundleSuite, packageExtension } from './harness/extension';
import { runHostSuite, type SuiteResults } from './harness/hostSuite';
import { ARTIFACTS } from './harness/paths';
import { defineUiScenarios } from './ui/scenarios';
import { emptyResults, recordResults } from './suite/contract';

function add(total: SuiteResults, part: SuiteResults): void {
  total.passed += part.passed;
  total.failed += part.failed;
  total.skipped += part.skipped;
  total.failures.push(...part.failures);
  total.skips.push(...part.skips);
}

function crashed(phase: string, error: unknown): SuiteResults {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`  ${phase} failed to run: ${message}`);
  return { ...emptyResults(), failed: 1, failures: [{ test: phase, error: message }] };
}

async function runUi(env: Parameters<typeof defineUiScenarios>[0]): Promise<SuiteResults> {
  const results = emptyResults();
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'ui-scenarios', mocha);
  defineUiScenarios(env);
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    recordResults(runner, results);
  });
  return results;
}

async function main(): Promise<number> {
  if (process.env.PIPELINE_SEAMS_SKIP_E2E === '1') {
    console.log('End-to-end tests skipped (PIPELINE_SEAMS_SKIP_E2E=1).');
    return 0;
  }
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  chromiumPath();
  const launcher = ensureCodeServer();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-e2e-'));
  const total = emptyResults();
  try {
    const ext = await packageExtension(path.join(work, 'package'));
    const suite = await bundleSuite();
    console.log(`VSIX packaged and suite bundled (${elapsed()})`);

    for (const mode of ['main', 'restricted'] as const) {
      console.log(`\nExtension-host suite, ${mode === 'main' ? 'trusted workspace' : 'Restricted Mode'}:`);
      try {
        add(total, await runHostSuite({ launcher, extensionDir: ext.extensionDir, suiteBundle: suite, mode, work: path.join(work, `host-${mode}`), artifacts: path.join(ARTIFACTS, `host-${mode}`) }));
      } catch (e) {
        add(total, crashed(`extension-host suite (${mode})`, e));
      }
      console.log(`  (${elapsed()})`);
    }

    console.log('\nPlaywright scenarios:');
    try {
      add(total, await runUi({ launcher, vsix: ext.vsix, extensionDir: ext.extensionDir, work: path.join(work, 'ui'), artifacts: path.join(ARTIFACTS, 'ui') }));
    } catch (e) {
      add(total, crashed('Playwright scenarios', e));
    }
  } finally {
    if (process.env.PIPELINE_SEAMS_E2E_KEEP === '1') console.log(`Scratch directory kept: ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }

  fs.writeFileSync(path.join(ARTIFACTS, 'results.json'), JSON.stringify(total, null, 2));
  if (total.skips.length) {
    console.log('\nSkipped (a test that did not run fails the run):');
    for (const title of total.skips) console.log(`  - ${title}`);
  }
  if (total.failures.length) {
    console.log('\nFailed:');
    for (const f of total.failures) console.log(`  - ${f.test}\n${f.error.replace(/^/gm, '      ')}`);
  }
  console.log(`\nArtefacts: ${path.relative(process.cwd(), ARTIFACTS) || ARTIFACTS} (${elapsed()})`);
  const ranNothing = total.passed + total.failed === 0;
  console.log(`e2e: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  return total.failed > 0 || total.skipped > 0 || ranNothing ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
