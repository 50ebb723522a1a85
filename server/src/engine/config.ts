/**
 * Project configuration: `.pipeline-seams.json` (JSON with comments), read by both the language
 * server and the CLI. The nearest file above a document applies; globs are relative to it.
 *
 *   {
 *     "rules": { "DLQ001": "warning", "CDC002": "off" },
 *     "ignore": ["vendor/**"],
 *     "perFileIgnores": { "connectors/legacy-*.json": ["CDC001"] }
 *   }
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { getNodeValue } from 'jsonc-parser';
import { parseJson } from '../parsing/json';
import type { RuleInfo, Severity, SeveritySetting } from './types';

export const CONFIG_FILE_NAME = '.pipeline-seams.json';

export interface ProjectConfig {
  /** Absolute path of the file, or undefined for the built-in defaults. */
  file: string | undefined;
  /** Directory globs are relative to. */
  root: string;
  rules: Record<string, SeveritySetting>;
  ignore: string[];
  perFileIgnores: Record<string, string[]>;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

export function defaultConfig(root: string): ProjectConfig {
  return { file: undefined, root, rules: {}, ignore: [], perFileIgnores: {} };
}

const SETTINGS = new Set<string>(['error', 'warning', 'info', 'off']);
const CODE = /^[A-Z]{3}\d{3}$/;

/** Parses and validates a config file's text; throws ConfigError with a precise message. */
export function parseConfig(file: string, text: string, knownCodes: ReadonlySet<string>): ProjectConfig {
  const { root, errors } = parseJson(text);
  if (errors.length > 0) throw new ConfigError(file, `invalid JSON (${errors[0]!.message} at offset ${errors[0]!.offset})`);
  const value: unknown = root ? getNodeValue(root) : undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(file, 'expected a JSON object');
  const obj = value as Record<string, unknown>;
  const config = defaultConfig(path.dirname(file));
  config.file = file;
  for (const key of Object.keys(obj)) {
    if (!['rules', 'ignore', 'perFileIgnores', '$schema'].includes(key)) {
      throw new ConfigError(file, `unknown key "${key}" (expected "rules", "ignore" or "perFileIgnores")`);
    }
  }
  if (obj.rules !== undefined) {
    if (!obj.rules || typeof obj.rules !== 'object' || Array.isArray(obj.rules)) {
      throw new ConfigError(file, '"rules" must be an object of rule code to severity');
    }
    for (const [code, setting] of Object.entries(obj.rules as Record<string, unknown>)) {
      checkCode(file, code, knownCodes, '"rules"');
      if (typeof setting !== 'string' || !SETTINGS.has(setting)) {
        throw new ConfigError(file, `"rules.${code}" must be one of "error", "warning", "info", "off"`);
      }
      config.rules[code] = setting as SeveritySetting;
    }
  }
  if (obj.ignore !== undefined) {
    if (!Array.isArray(obj.ignore) || obj.ignore.some((g) => typeof g !== 'string')) {
      throw new ConfigError(file, '"ignore" must be an array of glob strings');
    }
    config.ignore = obj.ignore as string[];
  }
  if (obj.perFileIgnores !== undefined) {
    if (!obj.perFileIgnores || typeof obj.perFileIgnores !== 'object' || Array.isArray(obj.perFileIgnores)) {
      throw new ConfigError(file, '"perFileIgnores" must be an object of glob to rule codes');
    }
    for (const [glob, codes] of Object.entries(obj.perFileIgnores as Record<string, unknown>)) {
      if (!Array.isArray(codes) || codes.some((c) => typeof c !== 'string')) {
        throw new ConfigError(file, `"perFileIgnores.${glob}" must be an array of rule codes`);
      }
      for (const code of codes as string[]) checkCode(file, code, knownCodes, `"perFileIgnores.${glob}"`);
      config.perFileIgnores[glob] = codes as string[];
    }
  }
  return config;
}

function checkCode(file: string, code: string, known: ReadonlySet<string>, where: string): void {
  if (!CODE.test(code) || !known.has(code)) throw new ConfigError(file, `${where}: unknown rule code "${code}"`);
}


/** Reads a config file from disk. */
export function loadConfigFile(file: string, knownCodes: ReadonlySet<string>): ProjectConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return parseConfig(file, text, knownCodes);
}

/** The nearest `.pipeline-seams.json` at or above `dir`, if any. */
export function findConfigFile(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    const candidate = path.join(current, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Path of `file` relative to the config root, with forward slashes, for glob matching. */
function relativeToRoot(config: ProjectConfig, file: string): string {
  return path.relative(config.root, path.resolve(file)).split(path.sep).join('/');
}

const matcherCache = new Map<string, picomatch.Matcher>();
function matcher(glob: string): picomatch.Matcher {
  let m = matcherCache.get(glob);
  if (!m) {
    m = picomatch(glob, { dot: true, matchBase: !glob.includes('/') });
    matcherCache.set(glob, m);
  }
  return m;
}

/** True when the project config ignores the whole file. */
export function isIgnoredFile(config: ProjectConfig, file: string): boolean {
  const rel = relativeToRoot(config, file);
  if (rel.startsWith('..')) return false;
  return config.ignore.some((g) => matcher(g)(rel));
}

export interface RuleSelection {
  /** Only these codes (CLI `--select`). */
  select?: readonly string[];
  /** Never these codes (CLI `--ignore`). */
  ignore?: readonly string[];
  /** Severity overrides that win over the project config (editor settings). */
  overrides?: Record<string, SeveritySetting>;
}

/** The rules that run on `file`, each at its effective severity (single-file and cross-file rules alike). */
export function activeRules<R extends Pick<RuleInfo, 'code' | 'severity'>>(
  rules: readonly R[],
  config: ProjectConfig,
  file: string,
  selection: RuleSelection = {},
): { rule: R; severity: Severity; configured: boolean }[] {
  const rel = relativeToRoot(config, file);
  const fileIgnores = new Set<string>();
  if (!rel.startsWith('..')) {
    for (const [glob, codes] of Object.entries(config.perFileIgnores)) {
      if (matcher(glob)(rel)) codes.forEach((c) => fileIgnores.add(c));
    }
  }
  const out: { rule: R; severity: Severity; configured: boolean }[] = [];
  for (const rule of rules) {
    if (selection.select && !selection.select.includes(rule.code)) continue;
    if (selection.ignore?.includes(rule.code)) continue;
    if (fileIgnores.has(rule.code)) continue;
    const chosen = selection.overrides?.[rule.code] ?? config.rules[rule.code];
    const setting = chosen ?? rule.severity;
    if (setting === 'off') continue;
    out.push({ rule, severity: setting, configured: chosen !== undefined });
  }
  return out;
}

/**
 * The config of each file: the nearest `.pipeline-seams.json` above it, looked up once per
 * directory and read once per config file, until `invalidate()`. A config file that cannot be
 * used goes to `onError`, which returns what applies instead (the CLI stops; the server reports
 * once and uses the defaults).
 */
export class ConfigLocator {
  private readonly byDir = new Map<string, string | undefined>();
  private readonly byConfigFile = new Map<string, ProjectConfig>();

  constructor(
    private readonly knownCodes: ReadonlySet<string>,
    private readonly onError: (configFile: string, error: ConfigError) => ProjectConfig = (_file, error) => {
      throw error;
    },
  ) {}

  invalidate(): void {
    this.byDir.clear();
    this.byConfigFile.clear();
  }

  forFile(file: string): ProjectConfig {
    const dir = path.dirname(path.resolve(file));
    if (!this.byDir.has(dir)) this.byDir.set(dir, findConfigFile(dir));
    const configFile = this.byDir.get(dir);
    if (!configFile) return defaultConfig(dir);
    let config = this.byConfigFile.get(configFile);
    if (!config) {
      try {
        config = loadConfigFile(configFile, this.knownCodes);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        config = this.onError(configFile, e);
      }
      this.byConfigFile.set(configFile, config);
    }
    return config;
  }
}
