/**
 * What the front ends refuse to check, so one generated giant cannot stall an editor or a CI run.
 * Larger inputs are skipped with a note (CLI) or a log line (server), never half-checked.
 */

/** Files larger than this (bytes on disk, or UTF-16 units in an editor buffer) are skipped. */
export const MAX_INPUT_SIZE = 2 * 1024 * 1024;

export function describeSize(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB` : `${Math.ceil(n / 1024)} KiB`;
}

/** Why a text is not checked, or undefined when it is. */
export function skipReason(size: number, limit = MAX_INPUT_SIZE): string | undefined {
  return size > limit ? `larger than ${describeSize(limit)} (${describeSize(size)})` : undefined;
}
