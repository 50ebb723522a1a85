/**
 * `--format sarif`: SARIF 2.1.0, one run, the rule registry as `tool.driver.rules`, fixes as
 * `fixes[].artifactChanges`. Columns are 1-based UTF-16 code units (SARIF's default column kind).
 */
import type { RuleInfo, Severity } from '../../engine/types';
import { LineIndex } from '../../parsing/lineIndex';
import { ALL_RULES } from '../../rules';
import { ruleDocsUrl, TOOL_HOMEPAGE, TOOL_NAME, TOOL_VERSION } from '../../rules/docs';
import { displayPath, type CheckResult } from '../check';
import { jsonRange } from './json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/** A relative path as a URI reference: each segment percent-encoded (`#`, `?` and spaces too). */
function uriReference(relativePath: string): string {
  return relativePath.split('/').map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment))).join('/');
}

function region(lines: LineIndex, start: number, end: number) {
  const r = jsonRange(lines, start, end);
  return { startLine: r.start.line, startColumn: r.start.column, endLine: r.end.line, endColumn: r.end.column };
}

function driverRule(rule: RuleInfo) {
  return {
    id: rule.code,
    name: rule.name,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.explanation.why },
    help: { text: rule.explanation.fix },
    helpUri: ruleDocsUrl(rule.code),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { family: rule.family, fixAvailability: rule.fixAvailability, fixSafety: rule.fixSafety },
  };
}

export function formatSarif(result: CheckResult): string {
  const ruleIndex = new Map(ALL_RULES.map((r, i) => [r.code, i]));
  const results = result.files.flatMap((file) => {
    const lines = new LineIndex(file.text);
    const artifactLocation = { uri: uriReference(file.displayPath), uriBaseId: '%SRCROOT%' };
    return file.findings.map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation, region: region(lines, f.start, f.end) } }],
      ...(f.related?.length
        ? {
            relatedLocations: f.related.map((r, id) => ({
              id,
              message: { text: r.message },
              physicalLocation: {
                artifactLocation: { uri: uriReference(displayPath(r.path, result.cwd)), uriBaseId: '%SRCROOT%' },
                region: { startLine: r.range.start.line + 1, startColumn: r.range.start.character + 1, endLine: r.range.end.line + 1, endColumn: r.range.end.character + 1 },
              },
            })),
          }
        : {}),
      ...(f.fixes.length
        ? {
            fixes: f.fixes.map((fix) => ({
              description: { text: `${fix.title} (${fix.safety})` },
              artifactChanges: [
                {
                  artifactLocation,
                  replacements: fix.edits.map((e) => ({
                    deletedRegion: region(lines, e.start, e.end),
                    insertedContent: { text: e.newText },
                  })),
                },
              ],
            })),
          }
        : {}),
    }));
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            informationUri: TOOL_HOMEPAGE,
            rules: ALL_RULES.map(driverRule),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
