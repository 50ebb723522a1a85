/**
 * `.pipeline-seams.json` for each document: the nearest one above it, read once and cached until a
 * watched-file event says it changed. A broken config file is reported once and the built-in
 * defaults apply, so a typo in the config never silences the linter without a word.
 */
import * as path from 'node:path';
import { ConfigError, defaultConfig, findConfigFile, loadConfigFile, type ProjectConfig } from '../engine/config';
import { RULE_CODES } from '../rules';

export class ProjectConfigs {
  private readonly byFile = new Map<string, ProjectConfig>();
  private readonly reported = new Set<string>();

  constructor(private readonly onError: (message: string) => void) {}

  invalidate(): void {
    this.byFile.clear();
    this.reported.clear();
  }

  /** The config that applies to `filePath` (an absolute path), or defaults for unsaved documents. */
  forFile(filePath: string | undefined): ProjectConfig {
    if (!filePath) return defaultConfig(process.cwd());
    const configFile = findConfigFile(path.dirname(filePath));
    if (!configFile) return defaultConfig(path.dirname(filePath));
    let config = this.byFile.get(configFile);
    if (!config) {
      try {
        config = loadConfigFile(configFile, RULE_CODES);
      } catch (e) {
        const message = e instanceof ConfigError ? e.message : String(e);
        if (!this.reported.has(message)) {
          this.reported.add(message);
          this.onError(`Ignoring ${configFile}: ${message}`);
        }
        config = defaultConfig(path.dirname(configFile));
      }
      this.byFile.set(configFile, config);
    }
    return config;
  }
}
