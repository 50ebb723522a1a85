/**
 * `pipelineSeams/pipelineMap`: the map of the workspace index with its findings (the cross-file
 * findings of every indexed file, and every finding of the documents open in the editor), laid
 * out for the client to draw. Paths stay absolute so the client can open them.
 */
import { activeRules, isIgnoredFile } from '../engine/config';
import { workspaceFindings } from '../engine/workspaceLint';
import { WORKSPACE_RULES } from '../rules';
import { layoutMap } from '../workspace/mapRender';
import { buildPipelineMap, type FindingInput } from '../workspace/pipelineMap';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import type { DocumentStates } from './documentState';
import type { ProjectConfigs } from './projectConfigs';
import type { PipelineMapResult } from './protocol';
import { uriToPath } from './uris';

export function pipelineMap(
  index: WorkspaceIndex,
  states: DocumentStates,
  configs: ProjectConfigs,
): PipelineMapResult {
  const findings = new Map<string, FindingInput[]>();
  for (const facts of index.all()) {
    const config = configs.forFile(facts.path);
    if (isIgnoredFile(config, facts.path)) continue;
    const found = workspaceFindings(facts, index, activeRules(WORKSPACE_RULES, config, facts.path));
    if (found.length > 0) {
      findings.set(
        facts.path,
        found.map(({ finding, range }) => ({ ...finding, range, related: finding.related })),
      );
    }
  }
  for (const state of states.all()) {
    const path = uriToPath(state.uri);
    if (!path) continue;
    findings.set(
      path,
      state.findings.map((f) => ({
        ...f,
        range: { start: state.doc.lines.positionAt(f.start), end: state.doc.lines.positionAt(f.end) },
      })),
    );
  }
  const map = buildPipelineMap(index, findings);
  return { map, layout: layoutMap(map), files: index.size, truncated: index.truncated };
}
