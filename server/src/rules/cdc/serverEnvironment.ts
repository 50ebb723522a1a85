/**
 * Debezium Server settings given as environment variables by a compose service. The server reads
 * `conf/application.properties` and, above it, the environment: MicroProfile Config looks up
 * `debezium.source.heartbeat.interval.ms` also as `debezium_source_heartbeat_interval_ms` and
 * `DEBEZIUM_SOURCE_HEARTBEAT_INTERVAL_MS`, and a variable wins over the file. A service that mounts
 * its config folder (or the file itself) from the project says which properties file its variables
 * apply to (`/debezium/conf`, or `/debezium/config` in newer images); a config baked into an
 * image or held in a named volume is not tied to any file. Variables from an `env_file`, another
 * compose file (an override, `extends`) or `configs:` are not read.
 */
import * as nodePath from 'node:path';
import { isMap, isPair, isScalar, isSeq, type Document, type YAMLMap } from 'yaml';
import type { YamlDocument } from '../../parsing/document';
import { environmentEntries, mergedPairs, pairOf, resolveAlias, scalarText, valueOf, type EnvironmentEntry } from './yamlView';

export interface ServerEnvironment {
  /** The properties files the service reads, resolved against the compose file's folder. */
  files: string[];
  variables: EnvironmentEntry[];
  /** The service's name in the compose file. */
  start: number;
  end: number;
}

/** Where Debezium Server reads its config: `/debezium/conf`, or `/debezium/config` in newer images. */
const CONF_DIRS = ['/debezium/conf', '/debezium/config'];
const IMAGE = /debezium[/-]server/i;

/** Compose services running Debezium Server with a config mounted from the project. */
export function debeziumServerEnvironments(doc: YamlDocument): ServerEnvironment[] {
  const out: ServerEnvironment[] = [];
  const composeDir = nodePath.dirname(nodePath.resolve(doc.path));
  for (const d of doc.documents) {
    // only the services themselves: an `x-…` template that no service uses runs nothing
    const services = valueOf(d.contents, 'services');
    if (!isMap(services)) continue;
    for (const item of services.items) {
      const service = isPair(item) ? resolveAlias(item.value, d) : undefined;
      if (!isPair(item) || !isMap(service)) continue;
      const variables = environmentEntries(lookUp(service, 'environment', d), d, doc.text);
      const image = scalarText(lookUp(service, 'image', d)) ?? '';
      if (!IMAGE.test(image) && !variables.some((v) => /^debezium[._]/i.test(v.name))) continue;
      const volumes = resolveAlias(lookUp(service, 'volumes', d), d);
      if (!isSeq(volumes)) continue;
      const files = volumes.items.flatMap((entry) => mountedConfig(resolveAlias(entry, d), composeDir));
      const range = isScalar(item.key) ? item.key.range : undefined;
      // a server without an `environment:` counts too: it runs on the file alone
      if (files.length > 0 && range) out.push({ files, variables, start: range[0], end: range[1] });
    }
  }
  return out;
}

/** The names MicroProfile Config tries for a property, in the order it tries them: the first one set wins. */
export function environmentNames(property: string): string[] {
  const underscored = property.replace(/[^A-Za-z0-9]/g, '_');
  return [property, underscored, underscored.toUpperCase()];
}

/**
 * A variable's value as the server will read it, as far as the compose file tells: `absent` when
 * empty (MicroProfile Config ignores empty values), `unknown` when filled in at run time, except that
 * `${HEARTBEAT_MS:-0}` falls back to its default.
 */
export function variableValue(value: string | undefined): { value: string } | 'absent' | 'unknown' {
  if (value === undefined) return 'unknown';
  const v = value.trim();
  if (v === '') return 'absent';
  const fallback = /^\$\{\w+:?-([^}$]*)\}$/.exec(v);
  if (fallback) return fallback[1]!.trim() === '' ? 'unknown' : { value: fallback[1]!.trim() };
  return v.includes('$') ? 'unknown' : { value: v };
}

/** A service's own key, else one a merge key (`<<: *defaults`) brings in. */
function lookUp(service: YAMLMap, key: string, document: Document.Parsed): unknown {
  const own = pairOf(service, key) ?? mergedPairs(service, document).filter((p) => isScalar(p.key) && String(p.key.value) === key).pop();
  return resolveAlias(own?.value, document);
}

/** The properties file a volume entry mounts as the server's config, if it mounts one from the host. */
function mountedConfig(entry: unknown, composeDir: string): string[] {
  const mount = mountOf(entry);
  if (!mount) return [];
  const source = hostPath(mount.source, composeDir);
  if (!source) return [];
  const target = mount.target.replace(/\/+$/, '');
  for (const dir of CONF_DIRS) {
    if (target === dir) return [nodePath.join(source, 'application.properties')];
    if (target === `${dir}/application.properties`) return [source];
  }
  return [];
}

/** A volume entry: `./conf:/debezium/conf:ro` (a Windows drive letter kept), or `{ type: bind, source, target }`. */
function mountOf(item: unknown): { source: string; target: string } | undefined {
  const short = scalarText(item);
  if (short !== undefined) {
    const m = /^((?:[A-Za-z]:)?[^:]+):([^:]+)/.exec(short);
    return m ? { source: m[1]!, target: m[2]! } : undefined;
  }
  if (!isMap(item)) return undefined;
  const source = scalarText(valueOf(item, 'source'));
  const target = scalarText(valueOf(item, 'target'));
  const type = scalarText(valueOf(item, 'type'));
  return source && target && (type === undefined || type === 'bind') ? { source, target } : undefined;
}

/** The host folder or file a mount source names; undefined for a named volume (`dbz-conf`) or another variable. */
function hostPath(source: string, composeDir: string): string | undefined {
  // compose runs from its own folder: `${PWD}/conf` is `./conf`
  const path = source.replace(/^\$\{?PWD\}?(?=[\\/]|$)/, '.').replace(/\\/g, '/');
  if (path.includes('$') || !/^(\.{1,2}(\/|$)|\/|[A-Za-z]:\/)/.test(path)) return undefined;
  return nodePath.resolve(composeDir, path);
}
