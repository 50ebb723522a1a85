// Each editor started gets its own copy of the sample workspace: tests edit and save files.
import * as fs from 'node:fs';
import { FIXTURE_WORKSPACE } from './paths';

export function freshWorkspace(into: string, from = FIXTURE_WORKSPACE): string {
  fs.rmSync(into, { recursive: true, force: true });
  fs.cpSync(from, into, { recursive: true });
  return into;
}
