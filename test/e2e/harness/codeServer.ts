/**
 * code-server: the VS Code server with the same workbench and extension host as the desktop app.
 * Installed once into a cache outside the repository (scripts/install-code-server.sh), started per
 * run with its own user data, extensions and config so nothing of the user's home is read or written.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir, REPO_ROOT } from './paths';

/** Runs the pinned installer (a no-op when cached) and returns the launcher's path. */
export function ensureCodeServer(): string {
  const script = path.join(REPO_ROOT, 'scripts/install-code-server.sh');
  const r = spawnSync('bash', [script, cacheDir()], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const launcher = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !fs.existsSync(launcher)) {
    throw new Error(`scripts/install-code-server.sh failed (exit ${r.status}); see its output above`);
  }
  return launcher;
}

/** User settings for a quiet, reproducible workbench: no welcome pages, tips, telemetry or update checks. */
export function userSettings(trust: boolean): Record<string, unknown> {
  return {
    'security.workspace.trust.enabled': trust,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'never',
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.commandCenter.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'files.autoSave': 'off',
    'editor.minimap.enabled': false,
  };
}

export interface Profile {
  /** A fresh directory holding everything below. */
  root: string;
  userDataDir: string;
  extensionsDir: string;
  configFile: string;
}

/** Fresh user data (with settings), extensions dir and a private config file under `root`. */
export function createProfile(root: string, settings: Record<string, unknown>): Profile {
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  const configFile = path.join(root, 'config.yaml');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify(settings, null, 2));
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  return { root, userDataDir, extensionsDir, configFile };
}

/** Installs a VSIX the way a user does (`--install-extension`), into the profile's extensions dir. */
export function installVsix(launcher: string, profile: Profile, vsix: string): void {
  const r = spawnSync(
    launcher,
    ['--config', profile.configFile, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir, '--install-extension', vsix, '--force'],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
}

export interface StartOptions {
  launcher: string;
  profile: Profile;
  /** The folder the workbench opens. */
  workspace: string;
  /** Passed to the server and from there to the extension host. */
  env?: NodeJS.ProcessEnv;
  /** false keeps workspace trust on, so an unknown folder opens in Restricted Mode. */
  disableWorkspaceTrust: boolean;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Where the server's stdout and stderr go. */
  logFile: string;
  startTimeoutMs?: number;
}

export class CodeServer {
  private exited: Promise<void>;
  /** The server runs in its own process group: end it too if this process ends without stop(). */
  private readonly orphanGuard = () => {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };

  constructor(
    private readonly child: ChildProcess,
    readonly origin: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    process.once('exit', this.orphanGuard);
  }

  /** The workbench URL opening `folder`, with optional `payload` entries (extension development and tests). */
  url(folder: string, payload?: [string, string][]): string {
    const u = new URL(this.origin);
    u.searchParams.set('folder', folder);
    if (payload) u.searchParams.set('payload', JSON.stringify(payload));
    return u.toString();
  }

  /** Ends the server's whole process group (the server, its extension hosts and language servers). */
  async stop(): Promise<void> {
    process.removeListener('exit', this.orphanGuard);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const group = -this.child.pid!;
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        try {
          process.kill(group, 'SIGKILL');
        } catch {
          // already gone
        }
        resolve();
      }, 10_000);
    });
    await Promise.race([this.exited, killed]);
    clearTimeout(timer);
  }
}

export async function startCodeServer(options: StartOptions): Promise<CodeServer> {
  const host = options.host ?? '127.0.0.1';
  const { profile } = options;
  const args = [
    '--config', profile.configFile,
    '--auth', 'none',
    '--bind-addr', `${host}:${options.port ?? 0}`,
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(options.disableWorkspaceTrust ? ['--disable-workspace-trust'] : []),
    options.workspace,
  ];
  const log = fs.createWriteStream(options.logFile);
  const child = spawn(options.launcher, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  child.stderr!.pipe(log, { end: false });
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    let ready = false;
    const timer = setTimeout(() => fail(new Error(`code-server did not start within ${timeoutMs} ms; see ${options.logFile}`)), timeoutMs);
    function fail(e: Error) {
      if (ready) return;
      ready = true;
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      reject(e);
    }
    child.once('exit', (code) => fail(new Error(`code-server exited with ${code} before listening; see ${options.logFile}`)));
    child.once('error', fail);
    child.stdout!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (ready) return;
      out += chunk.toString();
      const m = /HTTP server listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        ready = true;
        clearTimeout(timer);
        resolve(m[1].replace(/\/?$/, '/'));
      }
    });
  });
  return new CodeServer(child, origin);
}
