/**
 * The pipeline map webview: draws the laid-out map it is sent as SVG (nodes coloured by kind,
 * findings as a badge and a red outline, flagged edges dashed red), and asks the extension to open
 * a node's file when the node is clicked or activated with the keyboard. Builds DOM nodes, never
 * markup strings, so no label can inject anything.
 */
interface Pos {
  line: number;
  character: number;
}
interface Finding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  path: string;
  range: { start: Pos };
}
interface MapNode {
  id: string;
  kind: 'service' | 'table' | 'connector' | 'topic';
  label: string;
  path?: string;
  range?: { start: Pos };
  findings: Finding[];
}
interface MapEdge {
  from: string;
  to: string;
  kind: string;
  findings: Finding[];
}
interface Result {
  map: { nodes: MapNode[]; edges: MapEdge[] };
  layout: {
    width: number;
    height: number;
    nodes: { id: string; x: number; y: number; width: number; height: number }[];
    edges: { d: string; labelX: number; labelY: number }[];
  };
  files: number;
  truncated: boolean;
}

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };
const vscode = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';
const SEVERITY = { error: 'var(--vscode-errorForeground, #d1242f)', warning: 'var(--vscode-editorWarning-foreground, #bf8700)', info: 'var(--vscode-editorInfo-foreground, #0969da)' };

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  parent?.appendChild(node);
  return node;
}

function worst(findings: Finding[]): Finding['severity'] | undefined {
  if (findings.some((f) => f.severity === 'error')) return 'error';
  if (findings.some((f) => f.severity === 'warning')) return 'warning';
  return findings.length ? 'info' : undefined;
}

function open(node: MapNode): void {
  if (!node.path) return;
  const at = node.findings[0]?.range.start ?? node.range?.start ?? { line: 0, character: 0 };
  vscode.postMessage({ type: 'open', path: node.findings[0]?.path ?? node.path, line: at.line, character: at.character });
}

function render(result: Result): void {
  const main = document.getElementById('map')!;
  main.replaceChildren();
  main.setAttribute('aria-busy', 'false');
  const total = result.map.nodes.reduce((n, x) => n + x.findings.length, 0);
  document.getElementById('summary')!.textContent =
    `${result.map.nodes.length} nodes, ${result.map.edges.length} edges, ${total} findings from ${result.files} files${result.truncated ? ' (part of the workspace)' : ''}`;
  if (result.map.nodes.length === 0) {
    const p = document.createElement('p');
    p.textContent = 'No tables, connectors, topics or consumers found in this workspace yet.';
    main.appendChild(p);
    return;
  }
  const { layout, map } = result;
  const svg = el('svg', { width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'img', 'aria-label': 'Pipeline map' }, main);
  const defs = el('defs', {}, svg);
  for (const [id, colour] of [['arrow', 'var(--vscode-descriptionForeground, #6e7781)'], ['arrow-finding', SEVERITY.error]] as const) {
    const marker = el('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
    el('path', { d: 'M0,0 L10,5 L0,10 z', fill: colour }, marker);
  }
  map.edges.forEach((e, i) => {
    const p = layout.edges[i]!;
    const flagged = e.findings.length > 0;
    const g = el('g', { class: `edge${flagged ? ' flagged' : ''}`, 'data-from': e.from, 'data-to': e.to }, svg);
    const path = el('path', { d: p.d, class: 'edge-line', 'marker-end': `url(#${flagged ? 'arrow-finding' : 'arrow'})` }, g);
    if (flagged) el('title', {}, path).textContent = e.findings.map((f) => `${f.ruleId} ${f.message}`).join('\n');
    el('text', { x: p.labelX, y: p.labelY, class: 'edge-label', 'text-anchor': 'middle' }, g).textContent = flagged
      ? `${e.kind} ⚠ ${[...new Set(e.findings.map((f) => f.ruleId))].join(', ')}`
      : e.kind;
  });
  const boxes = new Map(layout.nodes.map((b) => [b.id, b]));
  for (const n of map.nodes) {
    const b = boxes.get(n.id)!;
    const level = worst(n.findings);
    const g = el('g', { class: `node ${n.kind}${level ? ` ${level}` : ''}`, 'data-node-id': n.id, 'data-kind': n.kind, tabindex: n.path ? 0 : -1, role: n.path ? 'button' : 'img' }, svg);
    const label = [n.label, ...n.findings.map((f) => `${f.ruleId} ${f.message}`)].join('\n');
    g.setAttribute('aria-label', label);
    el('title', {}, g).textContent = label;
    el('rect', { x: b.x, y: b.y, width: b.width, height: b.height, rx: n.kind === 'topic' ? 20 : n.kind === 'table' ? 4 : 10, class: 'node-box' }, g);
    el('text', { x: b.x + (n.findings.length ? (b.width - 34) / 2 : b.width / 2), y: b.y + b.height / 2 + 4, 'text-anchor': 'middle', class: 'node-label' }, g).textContent = n.label;
    if (level) {
      el('circle', { cx: b.x + b.width - 18, cy: b.y + b.height / 2, r: 10, class: `badge ${level}` }, g);
      el('text', { x: b.x + b.width - 18, y: b.y + b.height / 2 + 4, 'text-anchor': 'middle', class: 'badge-count' }, g).textContent = String(n.findings.length);
    }
    if (n.path) {
      g.addEventListener('click', () => open(n));
      g.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          open(n);
        }
      });
    }
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const data = event.data as { type?: string; result?: Result; message?: string };
  if (data.type === 'map' && data.result) render(data.result);
  if (data.type === 'error') {
    const main = document.getElementById('map')!;
    main.setAttribute('aria-busy', 'false');
    const p = document.createElement('p');
    p.textContent = `The map could not be built: ${data.message ?? 'unknown error'}`;
    main.replaceChildren(p);
  }
});
document.getElementById('refresh')!.addEventListener('click', () => vscode.postMessage({ type: 'refresh' }));
vscode.postMessage({ type: 'ready' });
