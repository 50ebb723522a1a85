/**
 * Checks a lesson card's files against the engine: the live file yields exactly the card's rule and
 * its fix removes it; a separate teaching snippet (correct code) yields nothing. A missing file or
 * unregistered rule fails the check.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixAll } from '../../server/src/engine/fixes';
import type { ActiveRule } from '../../server/src/engine/types';
import { detectKind } from '../../server/src/parsing/fileKinds';
import { ruleByCode, RULES } from '../../server/src/rules';
import type { LessonCard, LessonFile } from '../../client/src/lesson/content';
import { lintText } from '../rules/ruleTester';

const ALL: ActiveRule[] = RULES.map((rule) => ({ rule, severity: rule.severity }));

/** Fails when the lesson points at a file that is not there, naming a sibling it was probably renamed to. */
export function requireFile(root: string, file: LessonFile): void {
  const abs = path.join(root, file.path);
  if (fs.existsSync(abs)) return;
  const dir = path.dirname(abs);
  const stem = path.basename(abs, path.extname(abs));
  const siblings = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => path.basename(n, path.extname(n)) === stem) : [];
  assert.deepEqual(
    siblings,
    [],
    `the lesson points at ${file.path} but ${siblings.join(', ')} exists beside it: point client/src/lesson/content.ts at the real file`,
  );
  assert.fail(`the lesson points at ${file.path}, which does not exist`);
}

export function requireRule(code: string): void {
  assert.ok(ruleByCode(code), `the lesson teaches ${code}, which is not a registered rule`);
}

function read(root: string, file: LessonFile): { path: string; text: string } {
  assert.ok(detectKind(file.path), `${file.path}: no rule reads this kind of file`);
  return { path: file.path, text: fs.readFileSync(path.join(root, file.path), 'utf8') };
}

/** The live file yields exactly the card's rule, with a fix, and applying the fixes removes it. */
export async function checkLiveFile(root: string, card: LessonCard): Promise<void> {
  requireFile(root, card.live);
  requireRule(card.rule);
  const file = read(root, card.live);
  const findings = await lintText(ALL, file.path, file.text);
  const codes = [...new Set(findings.map((f) => f.ruleId))];
  assert.deepEqual(codes, [card.rule], `${file.path} must yield exactly ${card.rule}; got ${JSON.stringify(findings.map((f) => `${f.ruleId}: ${f.message}`))}`);
  assert.ok(findings.some((f) => f.fixes.length > 0), `${file.path}: the ${card.rule} finding offers no fix to apply`);
  const kind = detectKind(file.path)!;
  const fixed = await fixAll({ path: file.path, kind, text: file.text }, ALL, { allowUnsafe: true });
  assert.notEqual(fixed.text, file.text, `${file.path}: the fix changed nothing`);
  const left = (await lintText(ALL, file.path, fixed.text)).filter((f) => f.ruleId === card.rule);
  assert.deepEqual(left.map((f) => f.message), [], `${file.path}: ${card.rule} is still reported after its fix`);
}

/** A teaching snippet that is not the live file shows correct code: no rule may fire on it. */
export async function checkTeachingSnippet(root: string, card: LessonCard): Promise<void> {
  requireFile(root, card.snippet);
  card.snippetStaysSilentFor.forEach(requireRule);
  const file = read(root, card.snippet);
  const findings = await lintText(ALL, file.path, file.text);
  assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), [], `${file.path} teaches correct code and must stay silent`);
}
