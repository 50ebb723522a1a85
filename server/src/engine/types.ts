/**
 * The engine's vocabulary: rules, findings, fixes. Ranges are UTF-16 offsets into the document
 * text; the LSP layer and the CLI turn them into lines and columns.
 */
import type { FileKind } from '../parsing/fileKinds';
import type { ParsedDocument } from '../parsing/document';
import type { Position } from '../parsing/lineIndex';
import type { FactLocation, FileFacts } from '../workspace/facts';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';
export type FixSafety = 'safe' | 'unsafe';
export type RuleFamily = 'outbox' | 'cdc' | 'consumer' | 'dedup' | 'dlq';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  /** Imperative: "Move the commit after `charge_payment(...)`". */
  title: string;
  /** `safe`: applied by fix-all and `--fix`. `unsafe`: only on request. */
  safety: FixSafety;
  edits: TextEdit[];
}

/** A place in another file that explains a finding (cross-file rules). Positions are 0-based, UTF-16. */
export interface RelatedLocation {
  path: string;
  range: { start: Position; end: Position };
  message: string;
}

export interface Finding {
  ruleId: string;
  ruleName: string;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes: Fix[];
  related?: RelatedLocation[];
}

export interface Report {
  start: number;
  end: number;
  /** What is wrong, code in backticks, no trailing period. */
  message: string;
  fixes?: Fix[];
  /** Raise or lower the rule's configured severity for this finding (e.g. an outbox connector). */
  severity?: Severity;
  related?: RelatedLocation[];
}

export interface RuleContext<D extends ParsedDocument = ParsedDocument> {
  doc: D;
  report(report: Report): void;
  /**
   * What the other files of the workspace say, when the front end has indexed them. A rule may
   * use it only to refine a finding it reports anyway (its severity, its wording, related
   * locations); without it the rule behaves as it does on a single file.
   */
  workspace?: WorkspaceIndex;
}

export interface Rule<D extends ParsedDocument = ParsedDocument> {
  /** Stable code, never reused: `COM001`. */
  code: string;
  /** Kebab-case name of the anti-pattern: `commit-before-side-effect`. */
  name: string;
  family: RuleFamily;
  severity: Severity;
  /** One line: what the rule finds. */
  summary: string;
  /** Hover text, in markdown: why it breaks in production, and what the fix does. */
  explanation: { why: string; fix: string };
  kinds: readonly FileKind[];
  /**
   * Text every file the rule can report on contains (its anchors: method names, keys, keywords).
   * A file that matches no active rule's trigger is not even parsed. It must be conservative: a
   * trigger that misses a file the rule would flag is a bug (the rule tests check every invalid
   * case against it).
   */
  trigger?: RegExp;
  /**
   * Parsers the rule needs beyond the document's own, loaded before it runs (e.g. `sql` for a
   * rule that reads SQL strings inside Python code).
   */
  requires?: readonly FileKind[];
  /** Whether findings come with a fix: always, only when the code allows it, or never. */
  fixAvailability: 'always' | 'sometimes' | 'none';
  /** The safety of the rule's fixes; a rule declared `unsafe` never offers a safe fix. */
  fixSafety: FixSafety;
  check(context: RuleContext<D>): void;
}

/** A rule with the severity it runs at for one file. */
export interface ActiveRule {
  rule: Rule;
  severity: Severity;
  /**
   * The severity was chosen by the user (project config or editor setting). A rule may raise or
   * lower its own default per finding; it never overrides the user's choice.
   */
  configured?: boolean;
}

/** What every rule shares, single-file or cross-file: identity, texts, file kinds, fix declarations. */
export type RuleInfo = Omit<Rule, 'check' | 'requires'>;

/** A finding of a cross-file rule: located by a fact of the checked file, explained by places in others. */
export interface WorkspaceReport {
  at: FactLocation;
  /** What is wrong, code in backticks, no trailing period. */
  message: string;
  related: RelatedLocation[];
  severity?: Severity;
}

export interface WorkspaceRuleContext {
  /** The facts of the file being checked. */
  facts: FileFacts;
  index: WorkspaceIndex;
  report(report: WorkspaceReport): void;
}

/**
 * A cross-file rule: it reads the facts of one file against the workspace index and reports
 * findings in that file, with related locations in the others. It never sees a syntax tree, so a
 * front end can re-check a file whenever the facts it depends on change, without re-parsing it.
 */
export interface WorkspaceRule extends RuleInfo {
  check(context: WorkspaceRuleContext): void;
}

export interface ActiveWorkspaceRule {
  rule: WorkspaceRule;
  severity: Severity;
  configured?: boolean;
}
