/**
 * `.pipeline-seams.json` for each document: the nearest one above it, cached until a watched-file
 * event says it changed. A broken config file is reported once and the built-in defaults apply,
 * so a typo in the config never silences the linter without a word.
 */
import * as path from 'node:path';
import { ConfigLocator, defaultConfig, type ProjectConfig } from '../engine/config';
import { RULE_CODES } from '../rules';

export class ProjectConfigs {
  private readonly locator: ConfigLocator;

  constructor(onError: (message: string) => void) {
    this.locator = new ConfigLocator(RULE_CODES, (configFile, error) => {
      onError(`Ignoring ${configFile}: ${error.message}`);
      return defaultConfig(path.dirname(configFile));
    });
  }

  invalidate(): void {
    this.locator.invalidate();
  }

  /** The config that applies to `filePath` (an absolute path), or defaults for unsaved documents. */
  forFile(filePath: string | undefined): ProjectConfig {
    return filePath ? this.locator.forFile(filePath) : defaultConfig(process.cwd());
  }
}
