/**
 * Drawing the pipeline map: a layered layout computed here (columns by role: writers, tables,
 * connectors, topics, consumers; rows ordered to keep edges short), and the map as Mermaid, DOT,
 * JSON and a self-contained SVG. The editor panel draws the same layout, so the picture in the
 * README and the one in the editor agree.
 */
import type { MapEdge, MapNode, PipelineMap } from './pipelineMap';

export interface NodeBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface EdgePath {
  from: string;
  to: string;
  kind: MapEdge['kind'];
  /** SVG path data. */
  d: string;
  /** Where the edge label sits. */
  labelX: number;
  labelY: number;
}

export interface MapLayout {
  width: number;
  height: number;
  nodes: NodeBox[];
  edges: EdgePath[];
}

const NODE_HEIGHT = 40;
const ROW_GAP = 22;
const COLUMN_GAP = 90;
const MARGIN = 24;
const CHAR_WIDTH = 7.2;
const MIN_WIDTH = 110;
/** Extra room below the rows for edges that run backwards (a consumer writing a table). */
const BACK_EDGE_ROOM = 40;

function column(node: MapNode, map: PipelineMap): number {
  switch (node.kind) {
    case 'table':
      return 1;
    case 'connector':
      return 2;
    case 'topic':
      return 3;
    case 'service':
      return map.edges.some((e) => e.to === node.id && e.kind === 'consumes') ? 4 : 0;
  }
}

export function nodeWidth(node: MapNode): number {
  const badge = node.findings.length > 0 ? 34 : 0;
  return Math.max(MIN_WIDTH, Math.ceil(node.label.length * CHAR_WIDTH) + 28 + badge);
}

export function layoutMap(map: PipelineMap): MapLayout {
  const columns: MapNode[][] = [[], [], [], [], []];
  for (const n of map.nodes) columns[column(n, map)]!.push(n);
  const used = columns.filter((c) => c.length > 0);
  used.forEach((c) => c.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)));
  // two sweeps of barycentre ordering keep connected nodes on similar rows
  const rowOf = new Map<string, number>();
  const remember = () => used.forEach((c) => c.forEach((n, i) => rowOf.set(n.id, i)));
  remember();
  for (let sweep = 0; sweep < 2; sweep++) {
    for (const c of used) {
      const centre = (n: MapNode) => {
        const rows = map.edges.filter((e) => e.to === n.id || e.from === n.id).map((e) => rowOf.get(e.to === n.id ? e.from : e.to)!);
        return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : rowOf.get(n.id)!;
      };
      const keys = new Map(c.map((n) => [n.id, centre(n)]));
      c.sort((a, b) => keys.get(a.id)! - keys.get(b.id)! || rowOf.get(a.id)! - rowOf.get(b.id)!);
      remember();
    }
  }
  const widths = used.map((c) => Math.max(...c.map(nodeWidth)));
  const tallest = Math.max(1, ...used.map((c) => c.length));
  const rowsHeight = tallest * NODE_HEIGHT + (tallest - 1) * ROW_GAP;
  const boxes = new Map<string, NodeBox>();
  let x = MARGIN;
  used.forEach((c, ci) => {
    const h = c.length * NODE_HEIGHT + (c.length - 1) * ROW_GAP;
    let y = MARGIN + (rowsHeight - h) / 2;
    for (const n of c) {
      const width = nodeWidth(n);
      boxes.set(n.id, { id: n.id, x: x + (widths[ci]! - width) / 2, y, width, height: NODE_HEIGHT });
      y += NODE_HEIGHT + ROW_GAP;
    }
    x += widths[ci]! + COLUMN_GAP;
  });
  const hasBack = map.edges.some((e) => boxes.get(e.to)!.x <= boxes.get(e.from)!.x);
  const width = x - COLUMN_GAP + MARGIN;
  const height = MARGIN * 2 + rowsHeight + (hasBack ? BACK_EDGE_ROOM : 0);
  const bottom = MARGIN + rowsHeight + BACK_EDGE_ROOM / 2;
  const edges = map.edges.map((e): EdgePath => {
    const a = boxes.get(e.from)!;
    const b = boxes.get(e.to)!;
    if (b.x > a.x) {
      const x1 = a.x + a.width;
      const y1 = a.y + a.height / 2;
      const x2 = b.x;
      const y2 = b.y + b.height / 2;
      const dx = (x2 - x1) / 2;
      return { from: e.from, to: e.to, kind: e.kind, d: `M${r(x1)},${r(y1)} C${r(x1 + dx)},${r(y1)} ${r(x2 - dx)},${r(y2)} ${r(x2)},${r(y2)}`, labelX: r((x1 + x2) / 2), labelY: r((y1 + y2) / 2 - 4) };
    }
    // backwards: leave the source at its bottom, run under the rows, enter the target from below
    const x1 = a.x + a.width / 2;
    const y1 = a.y + a.height;
    const x2 = b.x + b.width / 2;
    const y2 = b.y + b.height;
    return { from: e.from, to: e.to, kind: e.kind, d: `M${r(x1)},${r(y1)} C${r(x1)},${r(bottom)} ${r(x2)},${r(bottom)} ${r(x2)},${r(y2)}`, labelX: r((x1 + x2) / 2), labelY: r(bottom - 2) };
  });
  return { width: r(width), height: r(height), nodes: [...boxes.values()], edges };
}

function r(n: number): number {
  return Math.round(n * 10) / 10;
}

// ---------------------------------------------------------------------------------------------
// Text formats

function worst(findings: MapNode['findings']): 'error' | 'warning' | 'info' | undefined {
  if (findings.some((f) => f.severity === 'error')) return 'error';
  if (findings.some((f) => f.severity === 'warning')) return 'warning';
  return findings.length > 0 ? 'info' : undefined;
}

function codes(findings: MapNode['findings']): string {
  return [...new Set(findings.map((f) => f.ruleId))].sort().join(', ');
}

export function toMermaid(map: PipelineMap): string {
  const ids = new Map(map.nodes.map((n, i) => [n.id, `n${i}`]));
  const text = (s: string) => s.replace(/"/g, '#quot;');
  const lines = ['flowchart LR'];
  for (const n of map.nodes) {
    const label = text(n.findings.length ? `${n.label} ⚠ ${codes(n.findings)}` : n.label);
    const id = ids.get(n.id)!;
    const shape =
      n.kind === 'table' ? `[("${label}")]` : n.kind === 'connector' ? `{{"${label}"}}` : n.kind === 'topic' ? `>"${label}"]` : `["${label}"]`;
    lines.push(`  ${id}${shape}`);
  }
  const flagged: number[] = [];
  map.edges.forEach((e, i) => {
    const label = e.findings.length ? `${e.kind} ⚠ ${codes(e.findings)}` : e.kind;
    lines.push(`  ${ids.get(e.from)} -->|${text(label)}| ${ids.get(e.to)}`);
    if (e.findings.length) flagged.push(i);
  });
  lines.push('  classDef table fill:#e8f1fb,stroke:#3b78c3', '  classDef connector fill:#f3ecfb,stroke:#7d4cc2');
  lines.push('  classDef topic fill:#eaf7ee,stroke:#3a9a5b', '  classDef service fill:#fdf4e6,stroke:#c98a1b');
  lines.push('  classDef error stroke:#d1242f,stroke-width:3px', '  classDef warning stroke:#bf8700,stroke-width:3px');
  for (const kind of ['table', 'connector', 'topic', 'service'] as const) {
    const members = map.nodes.filter((n) => n.kind === kind).map((n) => ids.get(n.id));
    if (members.length) lines.push(`  class ${members.join(',')} ${kind}`);
  }
  for (const level of ['error', 'warning'] as const) {
    const members = map.nodes.filter((n) => worst(n.findings) === level).map((n) => ids.get(n.id));
    if (members.length) lines.push(`  class ${members.join(',')} ${level}`);
  }
  if (flagged.length) lines.push(`  linkStyle ${flagged.join(',')} stroke:#d1242f,stroke-width:2px`);
  return lines.join('\n') + '\n';
}

export function toDot(map: PipelineMap): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const shape: Record<MapNode['kind'], string> = { table: 'cylinder', connector: 'hexagon', topic: 'cds', service: 'box' };
  const lines = ['digraph pipeline {', '  rankdir=LR;', '  node [fontname="Helvetica", style=filled, fillcolor="#ffffff"];'];
  for (const n of map.nodes) {
    const label = n.findings.length ? `${n.label}\\n⚠ ${codes(n.findings)}` : n.label;
    const colour = worst(n.findings) === 'error' ? ', color="#d1242f", penwidth=2' : worst(n.findings) === 'warning' ? ', color="#bf8700", penwidth=2' : '';
    lines.push(`  ${q(n.id)} [label=${q(label).replace(/\\\\n/g, '\\n')}, shape=${shape[n.kind]}${colour}];`);
  }
  for (const e of map.edges) {
    const label = e.findings.length ? `${e.kind} ⚠ ${codes(e.findings)}` : e.kind;
    lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(label)}${e.findings.length ? ', color="#d1242f", style=dashed' : ''}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

export function toJson(map: PipelineMap): string {
  return JSON.stringify(map, null, 2) + '\n';
}

// ---------------------------------------------------------------------------------------------
// SVG

export const KIND_COLOURS: Record<MapNode['kind'], { fill: string; stroke: string }> = {
  service: { fill: '#fdf4e6', stroke: '#c98a1b' },
  table: { fill: '#e8f1fb', stroke: '#3b78c3' },
  connector: { fill: '#f3ecfb', stroke: '#7d4cc2' },
  topic: { fill: '#eaf7ee', stroke: '#3a9a5b' },
};
export const SEVERITY_COLOURS = { error: '#d1242f', warning: '#bf8700', info: '#0969da' } as const;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A standalone SVG of the map (no scripts, no external resources). */
export function toSvg(map: PipelineMap, layout: MapLayout = layoutMap(map)): string {
  const boxes = new Map(layout.nodes.map((b) => [b.id, b]));
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height + 30}" viewBox="0 0 ${layout.width} ${layout.height + 30}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  out.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#6e7781"/></marker>');
  out.push('<marker id="arrow-finding" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#d1242f"/></marker></defs>');
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  map.edges.forEach((e, i) => {
    const p = layout.edges[i]!;
    const flagged = e.findings.length > 0;
    const title = flagged ? `<title>${esc(e.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n'))}</title>` : '';
    out.push(
      `<g class="edge"><path d="${p.d}" fill="none" stroke="${flagged ? '#d1242f' : '#8c959f'}" stroke-width="${flagged ? 2 : 1.4}"${flagged ? ' stroke-dasharray="6 4"' : ''} marker-end="url(#${flagged ? 'arrow-finding' : 'arrow'})">${title}</path>` +
        `<text x="${p.labelX}" y="${p.labelY}" text-anchor="middle" font-size="10" fill="${flagged ? '#d1242f' : '#57606a'}">${esc(flagged ? `${e.kind} ⚠ ${codes(e.findings)}` : e.kind)}</text></g>`,
    );
  });
  for (const n of map.nodes) {
    const b = boxes.get(n.id)!;
    const colour = KIND_COLOURS[n.kind];
    const level = worst(n.findings);
    const stroke = level ? SEVERITY_COLOURS[level] : colour.stroke;
    const rx = n.kind === 'topic' ? 20 : n.kind === 'table' ? 4 : 10;
    const title = `<title>${esc([n.label, ...n.findings.map((f) => `${f.ruleId} ${f.message}`)].join('\n'))}</title>`;
    out.push(`<g class="node ${n.kind}">${title}<rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" rx="${rx}" fill="${colour.fill}" stroke="${stroke}" stroke-width="${level ? 2.5 : 1.2}"/>`);
    const textX = b.x + (n.findings.length ? (b.width - 34) / 2 : b.width / 2);
    out.push(`<text x="${r(textX)}" y="${b.y + b.height / 2 + 4}" text-anchor="middle" fill="#1f2328">${esc(n.label)}</text>`);
    if (level) {
      out.push(`<circle cx="${b.x + b.width - 18}" cy="${b.y + b.height / 2}" r="10" fill="${SEVERITY_COLOURS[level]}"/>`);
      out.push(`<text x="${b.x + b.width - 18}" y="${b.y + b.height / 2 + 4}" text-anchor="middle" fill="#ffffff" font-weight="bold">${n.findings.length}</text>`);
    }
    out.push('</g>');
  }
  const legend = (['service', 'table', 'connector', 'topic'] as const).map((k, i) => {
    const x = MARGIN + i * 110;
    return `<rect x="${x}" y="${layout.height + 6}" width="14" height="14" rx="3" fill="${KIND_COLOURS[k].fill}" stroke="${KIND_COLOURS[k].stroke}"/><text x="${x + 20}" y="${layout.height + 17}" fill="#57606a">${k}</text>`;
  });
  out.push(`<g class="legend">${legend.join('')}<circle cx="${MARGIN + 447}" cy="${layout.height + 13}" r="7" fill="${SEVERITY_COLOURS.error}"/><text x="${MARGIN + 460}" y="${layout.height + 17}" fill="#57606a">findings</text></g>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
