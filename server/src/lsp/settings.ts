/**
 * Settings per document, pulled from the client (`workspace/configuration`, scoped to the
 * document) and cached until the client says they changed. Clients without pull support send
 * them with `initializationOptions.settings` or `workspace/didChangeConfiguration`.
 */
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, type Settings, type SeveritySetting } from './protocol';

const SEVERITY_SETTINGS = new Set(['error', 'warning', 'info', 'off']);

/** Validates whatever the client sent; unknown or malformed values fall back to defaults. */
export function normalizeSettings(raw: unknown): Settings {
  const value = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, SeveritySetting> = {};
  if (value.rules && typeof value.rules === 'object') {
    for (const [code, setting] of Object.entries(value.rules as Record<string, unknown>)) {
      if (typeof setting === 'string' && SEVERITY_SETTINGS.has(setting)) rules[code] = setting as SeveritySetting;
    }
  }
  return {
    enable: typeof value.enable === 'boolean' ? value.enable : DEFAULT_SETTINGS.enable,
    rules,
    fixAll: typeof value.fixAll === 'boolean' ? value.fixAll : DEFAULT_SETTINGS.fixAll,
  };
}

export class SettingsStore {
  private readonly cache = new Map<string, Promise<Settings>>();
  private pushed: Settings = DEFAULT_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  /** Settings sent by the client (initialization options or a didChangeConfiguration payload). */
  setPushed(raw: unknown): void {
    this.pushed = normalizeSettings(raw);
    this.cache.clear();
  }

  invalidate(): void {
    this.cache.clear();
  }

  /** The document closed: its settings are pulled again if it reopens. */
  forget(uri: string): void {
    this.cache.delete(uri);
  }

  get(uri: string): Promise<Settings> {
    if (!this.canPull()) return Promise.resolve(this.pushed);
    let pending = this.cache.get(uri);
    if (!pending) {
      pending = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
        .then(
          (raw) => normalizeSettings(raw ?? this.pushed),
          () => this.pushed,
        );
      this.cache.set(uri, pending);
    }
    return pending;
  }
}
