/**
 * Checking files on worker threads. Each worker loads the engine once and takes files from a shared
 * queue, a couple at a time so it never waits for the main thread between files, and few enough
 * that a run of large files does not leave the other cores idle. Results come back in any order;
 * the caller sorts them.
 */
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { FileKind } from '../parsing/fileKinds';
import type { CheckOptions } from './args';
import { checkFile, ConfigResolver, type FileOutcome } from './check';
import { errorText } from '../engine/errors';
import { RULES } from '../rules';
import type { FileFacts } from '../workspace/facts';
import { WorkspaceIndex } from '../workspace/workspaceIndex';

const ROLE = 'pipeline-seams-check-worker';
/** Below this many files per thread, starting workers (each loads its parsers) costs more than it saves. */
const MIN_FILES_PER_THREAD = 24;
/** Files handed to a worker ahead of its results: the next one is there when it finishes one. */
const IN_FLIGHT = 2;

interface WorkerInit {
  role: typeof ROLE;
  options: CheckOptions;
  cwd: string;
  /** When fixing: the facts of every file before the fixes, rebuilt into an index in each worker. */
  facts?: FileFacts[];
}

type Job = { id: number; file: { path: string; kind: FileKind } };
type Done = { id: number; outcome: FileOutcome } | { id: number; crash: string };

/** How many threads to use for `fileCount` files: `requested` (0 = all cores), never more than useful. */
export function threadCount(requested: number, fileCount: number, script: string): number {
  // Workers re-run this script; from TypeScript sources (tests run those) there is no bundle to run.
  if (!script.endsWith('.js')) return 1;
  const cores = requested > 0 ? requested : Math.min(os.availableParallelism(), 8);
  return Math.max(1, Math.min(cores, Math.floor(fileCount / MIN_FILES_PER_THREAD)));
}

export async function checkInWorkers(
  files: readonly { path: string; kind: FileKind }[],
  options: CheckOptions,
  cwd: string,
  threads: number,
  facts?: FileFacts[],
): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = new Array(files.length);
  let next = 0;
  const init: WorkerInit = { role: ROLE, options, cwd, ...(facts ? { facts } : {}) };
  const workers = Array.from({ length: threads }, () => new Worker(__filename, { workerData: init }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let pending = 0;
            const feed = () => {
              while (pending < IN_FLIGHT && next < files.length) {
                const id = next++;
                pending++;
                worker.postMessage({ id, file: files[id]! } satisfies Job);
              }
              if (pending === 0) resolve();
            };
            worker.on('message', (done: Done) => {
              if ('crash' in done) {
                reject(new Error(`checking ${files[done.id]!.path} failed: ${done.crash}`));
                return;
              }
              outcomes[done.id] = done.outcome;
              pending--;
              feed();
            });
            worker.on('error', reject);
            worker.once('online', feed);
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return outcomes;
}

/** Worker side: check each file the main thread sends, with the same options and config discovery. */
export function runWorkerIfAsked(): boolean {
  const init = workerData as WorkerInit | undefined;
  if (isMainThread || init?.role !== ROLE || !parentPort) return false;
  const port = parentPort;
  const configs = new ConfigResolver(init.options.config, init.cwd);
  const workspace = init.facts ? WorkspaceIndex.from(init.facts) : undefined;
  port.on('message', (job: Job) => {
    checkFile(job.file, init.options, configs.forFile(job.file.path), init.cwd, RULES, workspace).then(
      (outcome) => port.postMessage({ id: job.id, outcome } satisfies Done),
      (e: unknown) => port.postMessage({ id: job.id, crash: errorText(e) } satisfies Done),
    );
  });
  return true;
}
