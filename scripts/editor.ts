/**
 * `npm run editor`: a real VS Code (code-server) in the browser with the extension installed from a
 * freshly built VSIX and the example pipeline open, on a local port.
 *
 *   npm run editor                          http://127.0.0.1:8080, a fresh copy of examples/order-pipeline
 *   npm run editor -- --port 9000
 *   npm run editor -- --folder ~/src/orders opens that folder in place (edits are saved there)
 *
 * The first start installs code-server into the cache (about a minute); later starts take seconds.
 * It listens on 127.0.0.1 without a password: --host exposes it further only when asked to.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createProfile, ensureCodeServer, installVsix, startCodeServer, userSettings } from '../test/e2e/harness/codeServer';
import { packageExtension } from '../test/e2e/harness/extension';
import { cacheDir, REPO_ROOT } from '../test/e2e/harness/paths';
import { freshWorkspace } from '../test/e2e/harness/workspace';

interface Options {
  port: number;
  host: string;
  folder?: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { port: 8080, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
      return v;
    };
    switch (argv[i]) {
      case '--port':
        options.port = Number(value());
        if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error('--port needs a port number');
        break;
      case '--host':
        options.host = value();
        break;
      case '--folder':
        options.folder = path.resolve(value());
        break;
      case '-h':
      case '--help':
        console.log('usage: npm run editor -- [--port N] [--host ADDRESS] [--folder PATH]');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${argv[i]} (try --help)`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const home = path.join(cacheDir(), 'editor');
  fs.mkdirSync(home, { recursive: true });

  const launcher = ensureCodeServer();
  console.log('Packaging the extension...');
  const build = path.join(home, 'package');
  fs.rmSync(build, { recursive: true, force: true });
  const { vsix } = await packageExtension(build);

  // The profile persists between starts (layout, open editors); the user's own changes to its
  // settings are kept.
  const profileRoot = path.join(home, 'profile');
  const settingsFile = path.join(profileRoot, 'user-data/User/settings.json');
  const settings = fs.existsSync(settingsFile) ? (JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as Record<string, unknown>) : userSettings(false);
  const profile = createProfile(profileRoot, settings);
  installVsix(launcher, profile, vsix);

  const workspace = options.folder ?? freshWorkspace(path.join(home, 'order-pipeline'), path.join(REPO_ROOT, 'examples/order-pipeline'));
  if (!fs.existsSync(workspace)) throw new Error(`no such folder: ${workspace}`);
  const logFile = path.join(home, 'code-server.log');
  const server = await startCodeServer({
    launcher,
    profile,
    workspace,
    disableWorkspaceTrust: true,
    host: options.host,
    port: options.port,
    logFile,
  });

  console.log(`\nPipeline Seams in VS Code: ${server.url(workspace).replace(/%2F/g, '/')}`);
  if (options.folder === undefined) console.log(`The example pipeline is a fresh copy in ${workspace} (edit freely; the next start copies it again).`);
  if (!['127.0.0.1', 'localhost', '::1'].includes(options.host)) console.log(`WARNING: listening on ${options.host} with no password.`);
  console.log(`Server log: ${logFile}\nPress Ctrl+C to stop.`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.stop();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
