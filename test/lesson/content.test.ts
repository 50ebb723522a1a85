/**
 * The lesson content is well-formed: four seams in lesson order, four answers each with exactly one
 * correct, every answer explained, every rule code a registered rule, every file where the repository
 * layout puts it; and every snippet, linted by the engine, yields exactly the rule it teaches.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CARDS, cardForRule, CORE_CARDS, SNIPPETS_DIR } from '../../client/src/lesson/content';
import { detectKind } from '../../server/src/parsing/fileKinds';
import { ALL_RULES, ruleByCode } from '../../server/src/rules';
import { REPO_ROOT } from '../setup';
import { checkLiveFile, checkTeachingSnippet } from './lessonFiles';

/** Every rule code, single-file and cross-file: each must lead back to a card. */
const RULE_CODES = ALL_RULES.map((r) => r.code);

/** The file each seam's snippet lives in, as the snippet authors name them. */
const SNIPPET_FILES: Record<string, { snippet: string; live: string }> = {
  outbox: { snippet: 'outbox-write.sql', live: 'outbox-relay.py' },
  cdc: { snippet: 'cdc-connector.json', live: 'cdc-connector.json' },
  consumer: { snippet: 'consumer-commit-order.py', live: 'consumer-commit-order.py' },
  dlq: { snippet: 'dlq-handling.py', live: 'dlq-handling.py' },
  dedup: { snippet: 'dedup-inbox.sql', live: 'dedup-inbox.sql' },
};

/** VS Code language id → the file kind the engine gives the same file. */
const KIND_OF_LANGUAGE: Record<string, string> = { python: 'python', sql: 'sql', json: 'json', yaml: 'yaml', properties: 'properties' };

function prose(text: string, min: number, what: string): void {
  assert.ok(text.length >= min, `${what} is too short to explain anything: "${text}"`);
  assert.ok(/[.?]$/.test(text), `${what} must end as a sentence: "${text}"`);
  assert.doesNotMatch(text, /\s{2,}|^\s|\s$/, `${what} has stray whitespace`);
}

describe('lesson content', () => {
  it('teaches the four seams in lesson order, then the bonus card', () => {
    assert.deepEqual(CORE_CARDS.map((c) => c.id), ['outbox', 'cdc', 'consumer', 'dlq']);
    assert.deepEqual(CARDS.map((c) => c.id), ['outbox', 'cdc', 'consumer', 'dlq', 'dedup']);
    assert.deepEqual(CARDS.filter((c) => c.bonus).map((c) => c.id), ['dedup']);
  });

  for (const card of CARDS) {
    describe(`card ${card.id}`, () => {
      it('has a question with four answers, exactly one of them correct', () => {
        assert.match(card.question, /\?$/);
        assert.equal(card.answers.length, 4);
        assert.equal(card.answers.filter((a) => a.correct).length, 1);
        assert.equal(new Set(card.answers.map((a) => a.text)).size, 4, 'answers are distinct');
      });

      it('explains every answer: why it is right, or what breaks if you believe it', () => {
        for (const [i, answer] of card.answers.entries()) {
          prose(answer.text, 20, `answer ${i + 1}`);
          prose(answer.explanation, 120, `explanation of answer ${i + 1}`);
          if (answer.correct) assert.match(answer.explanation, /^Right\./, 'the correct answer says so first');
          else assert.doesNotMatch(answer.explanation, /^Right\b/, 'a wrong answer is not called right');
        }
      });

      it('has a scene and a recap line', () => {
        prose(card.scene, 60, 'scene');
        prose(card.recap, 40, 'recap');
        assert.doesNotMatch(card.recap, /\n/, 'the recap is one line');
      });

      it('teaches a registered rule code, and names it among its seam rules', () => {
        assert.ok(RULE_CODES.includes(card.rule), `${card.rule} is not a rule`);
        assert.ok(card.rules.includes(card.rule));
        for (const code of [...card.rules, ...card.snippetStaysSilentFor]) assert.ok(RULE_CODES.includes(code), code);
      });

      it('teaches a rule that is registered and documented', () => {
        assert.ok(ruleByCode(card.rule), `${card.rule} is not registered`);
        assert.ok(fs.existsSync(path.join(REPO_ROOT, 'docs/rules', `${card.rule}.md`)), `docs/rules/${card.rule}.md`);
      });

      it('points at its snippet files under walkthroughs/snippets/, in the language they open in', () => {
        const expected = SNIPPET_FILES[card.id]!;
        assert.equal(card.snippet.path, `${SNIPPETS_DIR}/${expected.snippet}`);
        assert.equal(card.live.path, `${SNIPPETS_DIR}/${expected.live}`);
        for (const file of [card.snippet, card.live]) {
          assert.equal(detectKind(file.path), KIND_OF_LANGUAGE[file.language], `${file.path} opens as ${file.language}`);
          assert.equal(detectKind('untitled', file.language), detectKind(file.path), `${file.language} lints as the same kind`);
        }
        if (card.snippet.path !== card.live.path) assert.ok(card.snippetStaysSilentFor.length > 0, 'say which rule must not fire on the teaching snippet');
      });
    });
  }

  it('does not always put the correct answer in the same place', () => {
    const positions = new Set(CARDS.map((c) => c.answers.findIndex((a) => a.correct)));
    assert.ok(positions.size >= 3, `correct answers sit at positions ${[...positions].join(', ')}`);
  });

  it('leads every rule back to exactly one card ("Learn this seam")', () => {
    for (const code of RULE_CODES) {
      const owners = CARDS.filter((c) => c.rules.includes(code));
      assert.equal(owners.length, 1, `${code} belongs to ${owners.length} cards`);
      assert.equal(cardForRule(code), owners[0]);
    }
    assert.equal(cardForRule('XYZ999'), undefined);
  });
});

describe('lesson snippets, linted by the engine', () => {
  for (const card of CARDS) {
    it(`${card.id}: ${card.live.path} yields exactly ${card.rule}, and the fix removes it`, async () => {
      await checkLiveFile(REPO_ROOT, card);
    });
    if (card.snippet.path !== card.live.path) {
      it(`${card.id}: ${card.snippet.path} shows correct code, so it yields nothing (no ${card.snippetStaysSilentFor.join(', ')})`, async () => {
        await checkTeachingSnippet(REPO_ROOT, card);
      });
    }
  }

  describe('the check itself', () => {
    const fixtures = path.join(__dirname, 'fixtures');
    const consumer = CARDS.find((c) => c.id === 'consumer')!;

    it('passes a file that yields exactly the rule and is fixed by it', async () => {
      await checkLiveFile(path.join(fixtures, 'flagged'), consumer);
    });

    it('fails a file that does not yield the rule', async () => {
      await assert.rejects(checkLiveFile(path.join(fixtures, 'silent'), consumer), /must yield exactly COM001/);
    });

    it('fails a teaching snippet that a rule fires on', async () => {
      const teaching = { ...consumer, live: { path: `${SNIPPETS_DIR}/elsewhere.py`, language: 'python' }, snippetStaysSilentFor: ['COM001'] };
      await assert.rejects(checkTeachingSnippet(path.join(fixtures, 'flagged'), teaching), /must stay silent/);
      await checkTeachingSnippet(path.join(fixtures, 'silent'), teaching);
    });

    it('fails, naming it, a file that is not there', async () => {
      await assert.rejects(checkLiveFile(path.join(fixtures, 'silent'), { ...consumer, live: CARDS[3]!.live }), new RegExp(`${CARDS[3]!.live.path}, which does not exist`));
    });

    it('fails, naming it, a rule that is not registered', async () => {
      await assert.rejects(checkLiveFile(path.join(fixtures, 'flagged'), { ...consumer, rule: 'XYZ999' }), /XYZ999, which is not a registered rule/);
    });

    it('fails when the file exists under another extension than the lesson says', async () => {
      const cdc = CARDS.find((c) => c.id === 'cdc')!;
      await assert.rejects(checkLiveFile(path.join(fixtures, 'renamed'), cdc), /cdc-connector\.yaml exists beside it/);
    });
  });
});
