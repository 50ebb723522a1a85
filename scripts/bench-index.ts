/**
 * Indexing throughput: generates a workspace of 5,000 files of mixed kinds and realistic sizes
 * (application code without Kafka, Kafka consumers and producers, SQL migrations, connector
 * configs, Kubernetes YAML, properties, postgresql.conf), then times building the workspace index
 * the way the language server and the CLI do (walk, read, skip files that cannot hold facts, parse
 * the others once, extract facts). Prints lines per second.
 *
 *   npx tsx scripts/bench-index.ts [--files N] [--keep]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectFiles } from '../server/src/workspace/sourceFiles';
import { WorkspaceIndex } from '../server/src/workspace/workspaceIndex';
import { readFacts } from '../server/src/lsp/workspaceFacts';

const args = process.argv.slice(2);
const FILES = Number(args[args.indexOf('--files') + 1]) > 0 && args.includes('--files') ? Number(args[args.indexOf('--files') + 1]) : 5000;

function appCode(i: number, lines: number): string {
  const out = [`"""Module ${i}: request handlers."""`, 'import logging', '', 'log = logging.getLogger(__name__)', ''];
  for (let f = 0; out.length < lines; f++) {
    out.push(`def handler_${f}(request, repo):`, `    item = repo.get(request.args["id"])`, `    if item is None:`, `        return {"status": 404}`, `    log.info("found %s", item.id)`, `    return {"status": 200, "item": item.to_dict()}`, '');
  }
  return out.join('\n');
}
function consumer(i: number, lines: number): string {
  const out = ['import json', 'import psycopg', 'from confluent_kafka import Consumer', '', `consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "svc-${i}", "enable.auto.commit": False})`, `consumer.subscribe(["topic.${i % 40}"])`, ''];
  out.push('def record(conn, event_id):', `    conn.execute("INSERT INTO inbox_${i % 25} (event_id) VALUES (%s) ON CONFLICT (event_id) DO NOTHING", (event_id,))`, '');
  for (let f = 0; out.length < lines; f++) out.push(`def step_${f}(event):`, `    return {"k": event.get("k${f}"), "v": ${f}}`, '');
  out.push('while True:', '    msg = consumer.poll(1.0)', '    if msg is None:', '        continue', '    step_0(json.loads(msg.value()))', '    consumer.commit(message=msg, asynchronous=False)');
  return out.join('\n');
}
function migration(i: number): string {
  const out = [`CREATE TABLE inbox_${i % 25} (`, '    event_id uuid PRIMARY KEY,', '    processed_at timestamptz NOT NULL DEFAULT now()', ');', ''];
  out.push(`CREATE TABLE entity_${i} (`, '    id bigserial PRIMARY KEY,');
  for (let c = 0; c < 30; c++) out.push(`    col_${c} text NOT NULL DEFAULT '',`);
  out.push('    created_at timestamptz NOT NULL DEFAULT now()', ');', `CREATE INDEX entity_${i}_created ON entity_${i} (created_at);`);
  return out.join('\n') + '\n';
}
function connector(i: number): string {
  return JSON.stringify({ name: `c${i}`, config: { 'connector.class': 'io.debezium.connector.postgresql.PostgresConnector', 'database.hostname': `db-${i}`, 'slot.name': `slot_${i}`, 'table.include.list': `public.outbox_${i}`, 'heartbeat.interval.ms': '10000', transforms: 'outbox', 'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter' } }, null, 2) + '\n';
}
function k8s(i: number, lines: number): string {
  const out = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: app-${i}`, 'spec:', '  template:', '    spec:', '      containers:'];
  for (let c = 0; out.length < lines; c++) out.push(`        - name: c${c}`, `          image: registry.local/app-${i}:${c}`, '          env:', `            - name: MODE`, `              value: "m${c}"`);
  return out.join('\n') + '\n';
}
function tsApp(i: number, lines: number): string {
  const out = [`// component ${i}`, "import { useState } from 'react';", ''];
  for (let f = 0; out.length < lines; f++) out.push(`export function helper${f}(x: number): number {`, `  const y = x * ${f};`, '  return y + 1;', '}', '');
  return out.join('\n');
}

function generate(dir: string): void {
  for (let i = 0; i < FILES; i++) {
    const sub = path.join(dir, `pkg${i % 60}`);
    fs.mkdirSync(sub, { recursive: true });
    const r = i % 100;
    const size = 80 + ((i * 37) % 220);
    if (r < 45) fs.writeFileSync(path.join(sub, `mod_${i}.py`), appCode(i, size));
    else if (r < 65) fs.writeFileSync(path.join(sub, `comp_${i}.ts`), tsApp(i, size));
    else if (r < 75) fs.writeFileSync(path.join(sub, `consumer_${i}.py`), consumer(i, size));
    else if (r < 85) fs.writeFileSync(path.join(sub, `V${i}__schema.sql`), migration(i));
    else if (r < 88) fs.writeFileSync(path.join(sub, `connector_${i}.json`), connector(i));
    else if (r < 96) fs.writeFileSync(path.join(sub, `deploy_${i}.yaml`), k8s(i, size));
    else if (r < 99) fs.writeFileSync(path.join(sub, `app_${i}.properties`), Array.from({ length: 40 }, (_, k) => `app.key${k}=value${k}`).join('\n') + '\n');
    else fs.writeFileSync(path.join(sub, 'postgresql.conf'), 'wal_level = logical\nmax_slot_wal_keep_size = 50GB\n');
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-bench-index-'));
  generate(dir);
  const started = performance.now();
  const walk = collectFiles([dir], dir);
  const index = new WorkspaceIndex();
  let lines = 0;
  for (const file of walk.files) {
    lines += fs.readFileSync(file.path, 'utf8').split('\n').length;
    const facts = await readFacts(file.path);
    if (facts) index.update(file.path, facts);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`indexed ${walk.files.length} files, ${lines} lines, ${index.size} with facts, in ${seconds.toFixed(2)} s: ${Math.round(lines / seconds)} lines/s`);
  if (!args.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`workspace kept at ${dir}`);
}

void main();
