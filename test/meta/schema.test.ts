/**
 * schemas/pipeline-seams.schema.json (editor completion and validation for .pipeline-seams.json)
 * is derived from the rule registry; this test keeps them in step (UPDATE_GOLDENS=1 rewrites it).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/rules';
import { REPO_ROOT } from '../setup';

export function configSchema() {
  const severity = { type: 'string', enum: ['error', 'warning', 'info', 'off'] };
  const code = { type: 'string', enum: RULES.map((r) => r.code) };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Pipeline Seams project configuration',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      rules: {
        description: 'Severity per rule code; "off" disables the rule.',
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(
          RULES.map((r) => [r.code, { ...severity, description: `${r.name}: ${r.summary} (default: ${r.severity})` }]),
        ),
      },
      ignore: {
        description: 'Globs (relative to this file) of files never checked.',
        type: 'array',
        items: { type: 'string' },
      },
      perFileIgnores: {
        description: 'Glob (relative to this file) → rule codes not reported for matching files.',
        type: 'object',
        additionalProperties: { type: 'array', items: code },
      },
    },
  };
}

describe('config schema', () => {
  it('matches the rule registry', () => {
    const file = path.join(REPO_ROOT, 'schemas/pipeline-seams.schema.json');
    const expected = JSON.stringify(configSchema(), null, 2) + '\n';
    if (process.env.UPDATE_GOLDENS) fs.writeFileSync(file, expected);
    assert.equal(fs.readFileSync(file, 'utf8'), expected, 'schemas/pipeline-seams.schema.json is out of date (UPDATE_GOLDENS=1 npm run test:unit)');
  });
});
