/**
 * The pipeline map: the graph the workspace index implies, from the code that writes tables,
 * through the tables connectors capture and the topics they route to, to the consumers of those
 * topics (and the tables those consumers write back to). Findings are marked on the node of the
 * file they are in and, for cross-file findings, on the edge between the two files they connect.
 * Pure data in, pure data out: the CLI prints it, the language server hands it to the editor.
 */
import * as path from 'node:path';
import type { Position } from '../parsing/lineIndex';
import { capturesExplicitly, isOutboxTable, qualifiedName, type FactLocation } from './facts';
import type { WorkspaceIndex } from './workspaceIndex';

export type MapNodeKind = 'service' | 'table' | 'connector' | 'topic';
export type MapEdgeKind = 'writes' | 'reads' | 'captures' | 'routes' | 'produces' | 'consumes' | 'sinks';

export interface MapFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  path: string;
  /** 0-based. */
  range: { start: Position; end: Position };
}

export interface MapNode {
  id: string;
  kind: MapNodeKind;
  label: string;
  /** The file that defines the node (absolute, or relative after `relativeMap`); none for a topic. */
  path?: string;
  range?: { start: Position; end: Position };
  findings: MapFinding[];
}

export interface MapEdge {
  from: string;
  to: string;
  kind: MapEdgeKind;
  findings: MapFinding[];
}

export interface PipelineMap {
  version: 1;
  nodes: MapNode[];
  edges: MapEdge[];
}

/** A finding as the map needs it: its file, offsets in that file, and the places it relates to. */
export interface FindingInput {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  start: number;
  range: { start: Position; end: Position };
  related?: { path: string; range: { start: Position; end: Position } }[];
}

interface Anchor {
  node: MapNode;
  start: number;
  line: number;
}

export function buildPipelineMap(index: WorkspaceIndex, findings: ReadonlyMap<string, readonly FindingInput[]> = new Map()): PipelineMap {
  const nodes = new Map<string, MapNode>();
  const edges = new Map<string, MapEdge>();
  const anchors = new Map<string, Anchor[]>();
  const anchor = (file: string, node: MapNode, at: FactLocation | undefined) => {
    const list = anchors.get(file) ?? [];
    list.push({ node, start: at?.start ?? 0, line: at?.range.start.line ?? 0 });
    anchors.set(file, list);
  };
  const node = (id: string, kind: MapNodeKind, label: string, file?: string, at?: FactLocation): MapNode => {
    let n = nodes.get(id);
    if (!n) {
      n = { id, kind, label, ...(file ? { path: file } : {}), ...(at ? { range: at.range } : {}), findings: [] };
      nodes.set(id, n);
      if (file) anchor(file, n, at);
    }
    return n;
  };
  const edge = (from: MapNode, to: MapNode, kind: MapEdgeKind) => {
    const key = `${from.id}>${to.id}>${kind}`;
    if (!edges.has(key)) edges.set(key, { from: from.id, to: to.id, kind, findings: [] });
  };
  const tableNode = (name: string, schema: string | undefined): MapNode => {
    const view = index.table(name, schema);
    const def = view?.definitions[0];
    return node(`table:${qualifiedName({ name: name.toLowerCase(), schema: schema?.toLowerCase() })}`, 'table', view?.name ?? name, def?.path, def?.fact.span);
  };
  const topicNode = (topic: string) => node(`topic:${topic}`, 'topic', topic);

  const files = index.all().sort((a, b) => compare(a.path, b.path));
  // services: code that consumes, produces or records events
  for (const facts of files) {
    if (facts.consumes.length + facts.produces.length + facts.conflictInserts.length === 0) continue;
    const service = node(`service:${facts.path}`, 'service', serviceLabel(facts.path), facts.path, undefined);
    for (const t of facts.consumes) edge(topicNode(t.topic), service, 'consumes');
    for (const t of facts.produces) edge(service, topicNode(t.topic), 'produces');
    for (const use of facts.tablesUsed) {
      const table = tableNode(use.table, undefined);
      if (use.write) edge(service, table, 'writes');
      else if (facts.produces.length > 0) edge(table, service, 'reads');
    }
    for (const insert of facts.conflictInserts) edge(service, tableNode(insert.table, insert.schema), 'writes');
  }
  const knownTopics = () => [...nodes.values()].filter((n) => n.kind === 'topic' && !n.label.includes('*')).map((n) => n.label);
  // connectors: captured tables in, routed topics out
  for (const facts of files) {
    for (const c of facts.connectors) {
      const label = c.name ?? path.basename(facts.path);
      const connector = node(`connector:${facts.path}#${c.location.start}`, 'connector', label, facts.path, c.location);
      for (const topic of c.sinkTopics) edge(topicNode(topic), connector, 'sinks');
      if (c.sinkTopics.length > 0) continue;
      const tables = index
        .tablesCapturedBy(c)
        .filter((t) => capturesExplicitly(c.capture, t) || isOutboxTable({ name: t.name, columns: [...t.columns] }));
      for (const t of tables) edge(tableNode(t.name, t.schema), connector, 'captures');
      if (c.eventRouter) {
        const template = c.eventRouter.topicReplacement ?? 'outbox.event.${routedByValue}';
        const pattern = templatePattern(template);
        const matching = knownTopics().filter((t) => pattern.test(t));
        if (matching.length > 0) matching.forEach((t) => edge(connector, topicNode(t), 'routes'));
        else edge(connector, topicNode(template.replace(/\$\{routedByValue\}/g, '*')), 'routes');
      } else if (c.debeziumPostgres && c.topicPrefix) {
        for (const t of tables) edge(connector, topicNode(`${c.topicPrefix}.${t.schema ?? 'public'}.${t.name}`), 'routes');
      }
    }
  }
  const map: PipelineMap = { version: 1, nodes: [...nodes.values()], edges: [...edges.values()] };
  markFindings(map, anchors, findings);
  map.nodes.sort((a, b) => compare(a.id, b.id));
  map.edges.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || compare(a.kind, b.kind));
  return map;
}

function templatePattern(template: string): RegExp {
  const parts = template.split('${routedByValue}').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^.]+')}$`, 'i');
}

function serviceLabel(file: string): string {
  const dir = path.basename(path.dirname(file));
  return dir && dir !== '.' ? `${dir}/${path.basename(file)}` : path.basename(file);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The node a place in a file belongs to: the last one starting at or before it, else the file's first. */
function nodeAt(anchors: ReadonlyMap<string, Anchor[]>, file: string, pick: (a: Anchor) => number, at: number): MapNode | undefined {
  const list = anchors.get(file);
  if (!list || list.length === 0) return undefined;
  const sorted = [...list].sort((a, b) => pick(a) - pick(b));
  let found = sorted[0]!;
  for (const a of sorted) if (pick(a) <= at) found = a;
  return found.node;
}

function markFindings(map: PipelineMap, anchors: ReadonlyMap<string, Anchor[]>, findings: ReadonlyMap<string, readonly FindingInput[]>): void {
  const edgesOf = new Map<string, MapEdge[]>();
  for (const e of map.edges) {
    for (const key of [`${e.from}|${e.to}`, `${e.to}|${e.from}`]) edgesOf.set(key, [...(edgesOf.get(key) ?? []), e]);
  }
  for (const [file, list] of [...findings].sort((a, b) => compare(a[0], b[0]))) {
    for (const f of list) {
      const owner = nodeAt(anchors, file, (a) => a.start, f.start);
      if (!owner) continue;
      const mark: MapFinding = { ruleId: f.ruleId, severity: f.severity, message: f.message, path: file, range: f.range };
      owner.findings.push(mark);
      for (const r of f.related ?? []) {
        const other = nodeAt(anchors, r.path, (a) => a.line, r.range.start.line);
        if (!other || other === owner) continue;
        for (const e of edgesOf.get(`${owner.id}|${other.id}`) ?? []) if (!e.findings.includes(mark)) e.findings.push(mark);
      }
    }
  }
}

/** The map with every path relative to `root` (forward slashes), for output that must not depend on where it runs. */
export function relativeMap(map: PipelineMap, root: string): PipelineMap {
  const rel = (p: string) => {
    const r = path.relative(root, p);
    return (r.startsWith('..') || path.isAbsolute(r) ? p : r).split(path.sep).join('/');
  };
  const idRel = (id: string) => id.replace(/^(service|connector):(.*?)(#\d+)?$/, (_m, kind: string, p: string, hash: string | undefined) => `${kind}:${rel(p)}${hash ?? ''}`);
  const finding = (f: MapFinding): MapFinding => ({ ...f, path: rel(f.path) });
  const out: PipelineMap = {
    version: 1,
    nodes: map.nodes.map((n) => ({ ...n, id: idRel(n.id), ...(n.path ? { path: rel(n.path) } : {}), findings: n.findings.map(finding) })),
    edges: map.edges.map((e) => ({ ...e, from: idRel(e.from), to: idRel(e.to), findings: e.findings.map(finding) })),
  };
  out.nodes.sort((a, b) => compare(a.id, b.id));
  out.edges.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || compare(a.kind, b.kind));
  return out;
}
