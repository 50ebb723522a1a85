/**
 * Debezium Server settings given as environment variables by a compose service. The server reads
 * `conf/application.properties` and, above it, the environment: MicroProfile Config looks up
 * `debezium.source.heartbeat.interval.ms` also as `debezium_source_heartbeat_interval_ms` and
 * `DEBEZIUM_SOURCE_HEARTBEAT_INTERVAL_MS`, and a variable wins over the file. A service that mounts
 * its config folder (or the file itself) from the project says which properties file its variables
 * apply to; a config baked into an image or held in a named volume is not tied to any file.
 */
import * as nodePath from 'node:path';
import { isMap, isScalar, isSeq, type Pair } from 'yaml';
import type { YamlDocument } from '../../parsing/document';
import { pairOf, scalarText, valueOf, walkMaps } from './yamlView';

export interface ServerVariable {
  name: string;
  /** Undefined when the value is not a plain scalar. */
  value: string | undefined;
  start: number;
  end: number;
}

export interface ServerEnvironment {
  /** The properties files the service reads, resolved against the compose file's folder. */
  files: string[];
  variables: ServerVariable[];
}

/** Where Debezium Server reads its config: the folder, or the file itself. */
const CONF_DIR = '/debezium/conf';
const CONF_FILE = '/debezium/conf/application.properties';
const IMAGE = /debezium[/-]server/i;

/** Compose services running Debezium Server with a config mounted from the project. */
export function debeziumServerEnvironments(doc: YamlDocument): ServerEnvironment[] {
  const out: ServerEnvironment[] = [];
  const composeDir = nodePath.dirname(nodePath.resolve(doc.path));
  for (const d of doc.documents) {
    walkMaps(d.contents, (service) => {
      const environment = pairOf(service, 'environment');
      const volumes = valueOf(service, 'volumes');
      if (!environment || !isSeq(volumes)) return;
      const variables = variablesOf(environment);
      const image = scalarText(valueOf(service, 'image')) ?? '';
      if (!IMAGE.test(image) && !variables.some((v) => v.name.toUpperCase().startsWith('DEBEZIUM_'))) return;
      const files = volumes.items.flatMap((item) => {
        const mount = mountOf(item);
        if (!mount || !isHostPath(mount.source)) return [];
        const source = nodePath.resolve(composeDir, mount.source);
        const target = mount.target.replace(/\/+$/, '');
        if (target === CONF_DIR) return [nodePath.join(source, 'application.properties')];
        if (target === CONF_FILE) return [source];
        return [];
      });
      if (files.length > 0 && variables.length > 0) out.push({ files, variables });
    });
  }
  return out;
}

/** The names MicroProfile Config tries for a property, the file's own spelling first. */
export function environmentNames(property: string): string[] {
  const underscored = property.replace(/[^A-Za-z0-9]/g, '_');
  return [property, underscored, underscored.toUpperCase()];
}

/** `environment:` as a map (`KEY: value`) or a list (`- KEY=value`). */
function variablesOf(environment: Pair): ServerVariable[] {
  const value = environment.value;
  const out: ServerVariable[] = [];
  if (isMap(value)) {
    for (const item of value.items) {
      const name = scalarText(item.key);
      const range = isScalar(item.key) ? item.key.range : undefined;
      if (!name || !range) continue;
      const end = isScalar(item.value) && item.value.range ? item.value.range[1] : range[1];
      out.push({ name, value: scalarText(item.value), start: range[0], end });
    }
  } else if (isSeq(value)) {
    for (const item of value.items) {
      const text = scalarText(item);
      const range = isScalar(item) ? item.range : undefined;
      if (!text || !range) continue;
      const eq = text.indexOf('=');
      // `- KEY` alone passes the variable through from the host: its value is not known here
      out.push({ name: eq < 0 ? text : text.slice(0, eq), value: eq < 0 ? undefined : text.slice(eq + 1), start: range[0], end: range[1] });
    }
  }
  return out;
}

/** A volume entry: `./conf:/debezium/conf:ro`, or the long form `{ type: bind, source, target }`. */
function mountOf(item: unknown): { source: string; target: string } | undefined {
  const short = scalarText(item);
  if (short !== undefined) {
    const [source, target] = short.split(':');
    return source && target ? { source, target } : undefined;
  }
  if (!isMap(item)) return undefined;
  const source = scalarText(valueOf(item, 'source'));
  const target = scalarText(valueOf(item, 'target'));
  const type = scalarText(valueOf(item, 'type'));
  return source && target && (type === undefined || type === 'bind') ? { source, target } : undefined;
}

/** A path on the host, not a named volume (`dbz-conf:/debezium/conf`) or a variable (`${CONF}`). */
function isHostPath(source: string): boolean {
  return /^(\.{1,2}(\/|$)|\/)/.test(source) && !source.includes('$');
}
