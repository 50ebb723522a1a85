/**
 * Checks a lesson card's files against the engine: the live file yields exactly the card's rule and
 * its fix removes it; a separate teaching snippet (correct code) yields nothing. A file or rule that
 * is not in the tree yet is reported as a reason to skip, never as a pass.
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

/** Why the file cannot be checked yet, or undefined when it is there. Fails when it was renamed. */
export function missingFile(root: string, file: LessonFile): string | undefined {
  const abs = path.join(root, file.path);
  if (fs.existsSync(abs)) return undefined;
  const dir = path.dirname(abs);
  const stem = path.basename(abs, path.extname(abs));
  const siblings = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => path.basename(n, path.extname(n)) === stem) : [];
  assert.deepEqual(
    siblings,
    [],
    `the lesson points at ${file.path} but ${siblings.join(', ')} exists beside it: point client/src/lesson/content.ts at the real file`,
  );
  return `${file.path} is not in the tree yet`;
}

export function missingRule(code: string): string | undefined {
  return ruleByCode(code) ? undefined : `${code} is not in the registry yet`;
}

function read(root: string, file: LessonFile): { path: string; text: string } {
  assert.ok(detectKind(file.path), `${file.path}: no rule reads this kind of file`);
  return { path: file.path, text: fs.readFileSync(path.join(root, file.path), 'utf8') };
}

/** The live file yields exactly the card's rule, with a fix, and applying the fixes removes it. */
export async function checkLiveFile(root: string, card: LessonCard): Promise<string | undefined> {
  const skip = missingFile(root, card.live) ?? missingRule(card.rule);
  if (skip) return skip;
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
  return undefined;
}

/** A teaching snippet that is not the live file shows correct code: no rule may fire on it. */
export async function checkTeachingSnippet(root: string, card: LessonCard): Promise<string | undefined> {
  const skip = missingFile(root, card.snippet) ?? card.snippetStaysSilentFor.map(missingRule).find(Boolean);
  if (skip) return skip;
  const file = read(root, card.snippet);
  const findings = await lintText(ALL, file.path, file.text);
  assert.deepEqual(findings.map((f) => `${f.ruleId}: ${f.message}`), [], `${file.path} teaches correct code and must stay silent`);
  return undefined;
}

const skipped: string[] = [];

/** Marks a test skipped with its reason in its title and in the summary, so a skip is never mistaken for a pass. */
export function skipBecause(context: Mocha.Context, reason: string): never {
  if (context.test) context.test.title += ` (skipped: ${reason})`;
  skipped.push(reason);
  context.skip();
}

/** Prints every skip reason once the lesson tests ran (the dot reporter shows skips only as commas). */
export function reportSkips(): void {
  if (skipped.length === 0) return;
  const reasons = [...new Set(skipped)];
  console.log(`\n  lesson: ${skipped.length} checks skipped until their files and rules land:\n${reasons.map((r) => `    - ${r}`).join('\n')}`);
}
