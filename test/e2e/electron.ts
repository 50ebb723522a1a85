/**
 * The extension-host suite in a desktop VS Code, through @vscode/test-electron:
 *
 *   npm run test:e2e:desktop -- --vscode "/usr/share/code/code"
 *   npm run test:e2e:desktop -- --vscode "/Applications/Visual Studio Code.app/Contents/MacOS/Electron"
 *
 * (or VSCODE_EXECUTABLE=... instead of --vscode). It runs the same suite against the same unzipped
 * VSIX as `npm run test:e2e`, with fresh user data and extensions directories. The executable must be
 * an installed VS Code: this runner never downloads one. test-electron always passes
 * --disable-workspace-trust, so the Restricted Mode part runs only under `npm run test:e2e`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { createProfile, userSettings } from './harness/codeServer';
import { bundleSuite, packageExtension } from './harness/extension';
import { ARTIFACTS } from './harness/paths';
import { freshWorkspace } from './harness/workspace';
import type { SuiteResults } from './suite/contract';

function executable(argv: string[]): string {
  const i = argv.indexOf('--vscode');
  const given = i >= 0 ? argv[i + 1] : process.env.VSCODE_EXECUTABLE;
  if (!given) throw new Error('usage: npm run test:e2e:desktop -- --vscode <path to an installed VS Code executable>');
  if (!fs.existsSync(given)) throw new Error(`no VS Code executable at ${given}`);
  return given;
}

async function main(): Promise<number> {
  const vscodeExecutablePath = executable(process.argv.slice(2));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-desktop-'));
  const artifacts = path.join(ARTIFACTS, 'desktop');
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });
  try {
    const ext = await packageExtension(path.join(work, 'package'));
    const suite = await bundleSuite();
    const profile = createProfile(path.join(work, 'profile'), userSettings(false));
    const workspace = freshWorkspace(path.join(work, 'workspace'));
    const resultsFile = path.join(artifacts, 'results.json');
    let code: number;
    try {
      code = await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath: ext.extensionDir,
        extensionTestsPath: suite,
        launchArgs: [workspace, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--disable-telemetry'],
        extensionTestsEnv: { PIPELINE_SEAMS_E2E_MODE: 'main', PIPELINE_SEAMS_E2E_RESULTS: resultsFile },
      });
    } catch (e) {
      // A failing suite makes VS Code exit non-zero, which test-electron reports by throwing.
      console.error(e instanceof Error ? e.message : e);
      code = 1;
    }
    if (!fs.existsSync(resultsFile)) {
      console.log(`desktop: the suite wrote no results (VS Code exited with ${code})`);
      return 1;
    }
    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResults;
    for (const title of results.skips) console.log(`  skipped: ${title}`);
    console.log(`desktop: ${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
    return code === 0 && results.failed === 0 && results.skipped === 0 && results.passed > 0 ? 0 : 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
