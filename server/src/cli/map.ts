/**
 * `pipeline-seams map`: checks the files as `check` does (every finding, none fixed), builds the
 * pipeline map from the workspace index and prints it. Paths in the output are relative to the
 * working directory, so the output of a checkout is the same wherever it lives.
 */
import { LineIndex } from '../parsing/lineIndex';
import { layoutMap, toDot, toJson, toMermaid, toSvg } from '../workspace/mapRender';
import { buildPipelineMap, relativeMap, type FindingInput } from '../workspace/pipelineMap';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import type { MapOptions } from './args';
import { runCheck } from './check';

export async function renderMap(options: MapOptions, cwd: string): Promise<{ text: string; notes: string[]; errors: string[] }> {
  const result = await runCheck(
    { command: 'check', paths: options.paths, format: 'json', fix: false, unsafeFixes: false, showFixes: false, select: options.select, ignore: options.ignore, config: options.config, threads: 0 },
    cwd,
  );
  const findings = new Map<string, FindingInput[]>();
  for (const file of result.files) {
    if (file.findings.length === 0) continue;
    const lines = new LineIndex(file.text);
    findings.set(
      file.path,
      file.findings.map((f) => ({ ...f, range: { start: lines.positionAt(f.start), end: lines.positionAt(f.end) } })),
    );
  }
  const map = relativeMap(buildPipelineMap(result.index ?? new WorkspaceIndex(), findings), cwd);
  const text =
    options.format === 'json' ? toJson(map) : options.format === 'dot' ? toDot(map) : options.format === 'svg' ? toSvg(map, layoutMap(map)) : toMermaid(map);
  return { text, notes: result.notes, errors: result.errors };
}
