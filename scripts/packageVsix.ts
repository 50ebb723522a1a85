/**
 * Builds the VSIX the way a release does (`vsce package`, which runs the production build) in a
 * scratch copy of the project, so the working tree's dist/ is left alone, and unzips it. Shared by
 * the package test, the end-to-end harness and the benchmark.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import yauzl from 'yauzl';

const REPO_ROOT = path.resolve(__dirname, '..');
const COPIED = ['package.json', 'package-lock.json', 'esbuild.js', 'scripts/treeSitterMemoryReads.js', 'tsconfig.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE'];
const COPIED_DIRS = ['client', 'server', 'docs', 'schemas', 'language-configuration', 'walkthroughs', 'media'];

export interface PackagedExtension {
  vsix: string;
  /** Size of the VSIX in bytes. */
  bytes: number;
  /** Every entry of the archive. */
  entries: string[];
  /** The unzipped VSIX's `extension/` folder: the extension exactly as installed. */
  extensionDir: string;
}

export async function packageExtension(work: string): Promise<PackagedExtension> {
  const project = path.join(work, 'project');
  fs.mkdirSync(project, { recursive: true });
  for (const f of COPIED) {
    if (!fs.existsSync(path.join(REPO_ROOT, f))) continue;
    fs.mkdirSync(path.dirname(path.join(project, f)), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, f), path.join(project, f));
  }
  for (const d of COPIED_DIRS) if (fs.existsSync(path.join(REPO_ROOT, d))) fs.cpSync(path.join(REPO_ROOT, d), path.join(project, d), { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  const vsix = path.join(work, 'pipeline-seams.vsix');
  const vsce = path.join(REPO_ROOT, 'node_modules/@vscode/vsce/vsce');
  const packed = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '-o', vsix], { cwd: project, encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`vsce package failed:\n${packed.stdout}\n${packed.stderr}`);
  const unpacked = path.join(work, 'unpacked');
  const entries = await unzip(vsix, unpacked);
  return { vsix, bytes: fs.statSync(vsix).size, entries, extensionDir: path.join(unpacked, 'extension') };
}

function unzip(file: string, into: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const names: string[] = [];
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error(`cannot open ${file}`));
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        const target = path.join(into, entry.fileName);
        if (entry.fileName.endsWith('/')) {
          zip.readEntry();
          return;
        }
        fs.mkdirSync(path.dirname(target), { recursive: true });
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error(`cannot read ${entry.fileName}`));
          stream.pipe(fs.createWriteStream(target)).on('finish', () => zip.readEntry());
        });
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}
