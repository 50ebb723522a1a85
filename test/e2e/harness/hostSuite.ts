/**
 * Runs the extension-host suite in code-server: the web workbench's `payload` parameter names the
 * extension under test (`extensionDevelopmentPath`) and the test module (`extensionTestsPath`), the
 * same mechanism VS Code's own browser integration tests use. The workbench reports the suite's
 * console output through `codeAutomationLog` and its end through `codeAutomationExit`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { isNoise, launchBrowser } from './browser';
import { createProfile, startCodeServer, userSettings } from './codeServer';
import { emptyResults, SUITE_START_MARKER, type SuiteResults } from '../suite/contract';
import { freshWorkspace } from './workspace';

export type { SuiteResults };

export interface HostSuiteOptions {
  launcher: string;
  /** The unzipped VSIX's `extension/` folder. */
  extensionDir: string;
  suiteBundle: string;
  mode: 'main' | 'restricted';
  /** A fresh scratch directory for this run. */
  work: string;
  /** Where logs, results and screenshots go. */
  artifacts: string;
  timeoutMs?: number;
}

/** Paths in the payload must be URIs of the server's file system, or the workbench waits forever. */
function remote(p: string): string {
  return `vscode-remote://remote${p}`;
}

export async function runHostSuite(options: HostSuiteOptions): Promise<SuiteResults> {
  const { mode, work, artifacts } = options;
  fs.mkdirSync(artifacts, { recursive: true });
  const trusted = mode === 'main';
  const profile = createProfile(path.join(work, 'profile'), userSettings(!trusted));
  const workspace = freshWorkspace(path.join(work, 'workspace'));
  const resultsFile = path.join(artifacts, 'results.json');
  fs.rmSync(resultsFile, { force: true });
  // Everything the workbench and the extension host print goes to suite.log; the console shows the
  // suite's own output (from its start marker on) without the offline noise.
  const logLines: string[] = [];
  let suiteStarted = false;
  const log = (line: string) => {
    logLines.push(line);
    if (line.includes(SUITE_START_MARKER)) suiteStarted = true;
    else if (suiteStarted && !isNoise(line)) console.log(`  ${line}`);
  };

  const server = await startCodeServer({
    launcher: options.launcher,
    profile,
    workspace,
    disableWorkspaceTrust: trusted,
    logFile: path.join(artifacts, 'code-server.log'),
    env: { PIPELINE_SEAMS_E2E_MODE: mode, PIPELINE_SEAMS_E2E_RESULTS: resultsFile },
  });
  const browser = await launchBrowser(path.join(work, 'chromium'));
  const consoleLines: string[] = [];
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.on('console', (m) => {
      if (!isNoise(m.text())) consoleLines.push(`[${m.type()}] ${m.text()}`);
    });
    let exit!: (code: number) => void;
    const exited = new Promise<number>((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => log(format(...(args ?? []))));
    await page.exposeFunction('codeAutomationExit', (code: number) => exit(code));
    // A safety net for a hung workbench, above the sum of the per-wait deadlines a broken build hits.
    const timeoutMs = options.timeoutMs ?? 900_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    await page.goto(
      server.url(workspace, [
        ['extensionDevelopmentPath', remote(options.extensionDir)],
        ['extensionTestsPath', remote(options.suiteBundle)],
        ['skipWelcome', 'true'],
      ]),
    );
    const outcome = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    await page.screenshot({ path: path.join(artifacts, 'workbench-at-end.png') }).catch(() => undefined);
    // Written after every test: a suite that was cut short still reports what it did.
    const results: SuiteResults = fs.existsSync(resultsFile)
      ? (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as SuiteResults)
      : emptyResults();
    if (outcome === 'timeout') {
      results.failed++;
      results.failures.push({ test: `${mode} extension-host suite`, error: `did not finish within ${timeoutMs / 1000} s; see ${artifacts}` });
    } else if (outcome !== 0 && results.failed === 0) {
      results.failed++;
      results.failures.push({ test: `${mode} extension-host suite`, error: `exited with ${outcome}; see ${artifacts}` });
    }
    return results;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    fs.writeFileSync(path.join(artifacts, 'suite.log'), logLines.join('\n') + '\n');
    fs.writeFileSync(path.join(artifacts, 'browser-console.log'), consoleLines.join('\n') + '\n');
    const logs = path.join(profile.userDataDir, 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(artifacts, 'vscode-logs'), { recursive: true });
  }
}
