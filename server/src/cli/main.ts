/**
 * The CLI entry point. Exit status: 0 no findings, 1 findings, 2 usage or internal error.
 */
import { ConfigError } from '../engine/config';
import { ALL_RULES, RULE_CODES } from '../rules';
import { TOOL_VERSION } from '../rules/docs';
import { parseArgs, USAGE, UsageError, type CheckOptions, type MapOptions } from './args';
import { runCheck } from './check';
import { renderMap } from './map';
import { formatJson } from './formatters/json';
import { formatRules } from './formatters/rules';
import { formatSarif } from './formatters/sarif';
import { formatText } from './formatters/text';
import { runWorkerIfAsked } from './workers';
import { errorText } from '../engine/errors';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  color: boolean;
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let options;
  try {
    options = parseArgs(argv, RULE_CODES);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`pipeline-seams: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  switch (options.command) {
    case 'help':
      io.stdout(`${USAGE}\n`);
      return 0;
    case 'version':
      io.stdout(`${TOOL_VERSION}\n`);
      return 0;
    case 'rules':
      io.stdout(formatRules(ALL_RULES, options.format));
      return 0;
    case 'check':
      return check(options, io);
    case 'map':
      return map(options, io);
  }
}

async function map(options: MapOptions, io: Io): Promise<number> {
  let output;
  try {
    output = await renderMap(options, io.cwd);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.stderr(`pipeline-seams: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  for (const note of output.notes) io.stderr(`note: ${note}\n`);
  for (const error of output.errors) io.stderr(`error: ${error}\n`);
  io.stdout(output.text);
  return output.errors.length > 0 ? 2 : 0;
}

async function check(options: CheckOptions, io: Io): Promise<number> {
  let result;
  try {
    result = await runCheck(options, io.cwd);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.stderr(`pipeline-seams: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  for (const note of result.notes) io.stderr(`note: ${note}\n`);
  for (const error of result.errors) io.stderr(`error: ${error}\n`);
  if (options.format === 'json') io.stdout(formatJson(result));
  else if (options.format === 'sarif') io.stdout(formatSarif(result));
  else {
    io.stdout(
      formatText(result, { color: io.color, showFixes: options.showFixes, fixing: options.fix, unsafeFixes: options.unsafeFixes }),
    );
  }
  if (result.errors.length > 0) return 2;
  return result.files.some((f) => f.findings.length > 0) ? 1 : 0;
}

function wantsColor(): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return !!process.stdout.isTTY;
}

if (runWorkerIfAsked()) {
  // a worker thread of `check`: it serves files until the main thread ends it
} else if (require.main === module) {
  main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    color: wantsColor(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`pipeline-seams: internal error: ${errorText(e)}\n`);
      process.exitCode = 2;
    },
  );
}
