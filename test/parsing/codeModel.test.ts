import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node } from 'web-tree-sitter';
import type { CodeModel } from '../../server/src/code/codeModel';
import { detectKind, isCodeKind } from '../../server/src/parsing/fileKinds';
import { parseDocument, prepareParser, type CodeDocument } from '../../server/src/parsing/document';
import type { CodeKind } from '../../server/src/parsing/fileKinds';

async function code(kind: CodeKind, text: string): Promise<CodeDocument> {
  await prepareParser(kind);
  return parseDocument({ path: `x.${kind}`, kind, text }) as CodeDocument;
}

interface Sample {
  kind: CodeKind;
  text: string;
  /** Loop variable or poll result that holds the message. */
  message: string;
  /** A name derived from the message. */
  derived: string;
}

const SAMPLES: Sample[] = [
  {
    kind: 'python',
    text: `for msg in consumer:
    event = parse(msg.value())
    consumer.commit()
    charge(event.id)  # consumer.commit() in a comment
`,
    message: 'msg',
    derived: 'event',
  },
  {
    kind: 'typescript',
    text: `for await (const msg of stream) {
  const event = JSON.parse(msg.value.toString());
  await consumer.commit();
  await charge(event.id); // consumer.commit() in a comment
}
`,
    message: 'msg',
    derived: 'event',
  },
  {
    kind: 'javascript',
    text: `for (const msg of batch) {
  const event = JSON.parse(msg.value);
  consumer.commit();
  charge(event.id);
}
`,
    message: 'msg',
    derived: 'event',
  },
  {
    kind: 'tsx',
    text: `for (const msg of batch) {
  const event: Order = JSON.parse(msg.value);
  consumer.commit();
  charge(event.id);
}
`,
    message: 'msg',
    derived: 'event',
  },
  {
    kind: 'java',
    text: `class A { void run() {
  for (ConsumerRecord<String, String> msg : records) {
    Event event = parse(msg.value());
    consumer.commit();
    charge(event.id()); // consumer.commit() in a comment
  }
} }
`,
    message: 'msg',
    derived: 'event',
  },
  {
    kind: 'go',
    text: `package main
func run() {
	for msg := range claim.Messages() {
		event := parse(msg.Value)
		consumer.commit()
		charge(event.ID) // consumer.commit() in a comment
	}
}
`,
    message: 'msg',
    derived: 'event',
  },
];

/** Runs `check` on every code file of the precision/recall corpora, each parsed and then freed. */
async function forEachCorpusCodeFile(check: (doc: CodeDocument, file: string) => void): Promise<void> {
  const files: string[] = [];
  const walk = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : files.push(path.join(dir, e.name))));
  walk(path.resolve(__dirname, '../corpus'));
  for (const file of files) {
    const kind = detectKind(file, undefined);
    if (!kind || !isCodeKind(kind)) continue;
    const doc = await code(kind, fs.readFileSync(file, 'utf8'));
    try {
      check(doc, file);
    } finally {
      doc.dispose();
    }
  }
}

describe('code model', () => {
  for (const s of SAMPLES) {
    describe(s.kind, () => {
      it('finds calls by name on the tree, not in comments', async () => {
        const doc = await code(s.kind, s.text);
        try {
          const commits = doc.code.callsNamed(['commit']);
          assert.equal(commits.length, 1);
          assert.equal(commits[0]!.receiver, 'consumer');
          assert.equal(commits[0]!.name, 'commit');
          assert.equal(commits[0]!.callee, 'consumer.commit');
        } finally {
          doc.dispose();
        }
      });

      it('knows the statement, its list and what follows', async () => {
        const doc = await code(s.kind, s.text);
        try {
          const commit = doc.code.callsNamed(['commit'])[0]!;
          const stmt = doc.code.statementOf(commit.node)!;
          assert.ok(stmt, 'statement found');
          assert.equal(stmt.index, 1);
          const after = doc.code.following(stmt);
          assert.equal(after.length, 1);
          assert.match(after[0]!.text, /^(await )?charge\(/);
          const calls = doc.code.callsIn(after[0]!).map((c) => c.name);
          assert.equal(calls[0], 'charge');
        } finally {
          doc.dispose();
        }
      });

      it('binds loop variables and follows derived names', async () => {
        const doc = await code(s.kind, s.text);
        try {
          const commit = doc.code.callsNamed(['commit'])[0]!;
          const loop = doc.code.enclosingLoop(commit.node)!;
          assert.ok(loop, 'loop found');
          const binding = doc.code.syntax.loopBinding(loop)!;
          assert.deepEqual(binding.names.map((n) => n.text), [s.message]);
          const scope = doc.code.enclosingFunction(commit.node) ?? doc.code.root;
          const derived = doc.code.derivedNames(scope, [s.message]);
          assert.ok(derived.has(s.derived), `${s.derived} derives from ${s.message}`);
          assert.ok(!derived.has('consumer'));
        } finally {
          doc.dispose();
        }
      });
    });
  }

  it('reports awaited calls per language', async () => {
    const py = await code('python', 'async def f():\n    await a.b()\n    c.d()\n');
    const ts = await code('typescript', 'async function f() { await a.b(); c.d(); }');
    const java = await code('java', 'class A { void f() { a.send(r).get(); c.send(r); } }');
    const go = await code('go', 'package m\nfunc f() { a.B(); go c.D() }');
    try {
      assert.deepEqual(py.code.callsNamed(['b', 'd']).map((c) => c.awaited), [true, false]);
      assert.deepEqual(ts.code.callsNamed(['b', 'd']).map((c) => c.awaited), [true, false]);
      assert.deepEqual(java.code.callsNamed(['send']).map((c) => c.awaited), [true, false]);
      assert.deepEqual(go.code.callsNamed(['B', 'D']).map((c) => c.awaited), [true, false]);
    } finally {
      [py, ts, java, go].forEach((d) => d.dispose());
    }
  });

  it('reads function parameters, destructured ones included', async () => {
    const py = await code('python', 'def handle(self, msg, *, retries=3):\n    pass\n');
    const ts = await code('typescript', 'const h = async ({ topic, message }: EachMessagePayload) => {};');
    const java = await code('java', 'class A { void listen(ConsumerRecord<String, String> record, Acknowledgment ack) {} }');
    const go = await code('go', 'package m\nfunc (h *H) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error { return nil }');
    try {
      const params = (d: CodeDocument, type: string) =>
        d.code.syntax.parameters(d.tree.rootNode.descendantsOfType(type)[0]!).map((n) => n.text);
      assert.deepEqual(params(py, 'function_definition'), ['msg', 'retries']);
      assert.deepEqual(params(ts, 'arrow_function'), ['topic', 'message']);
      assert.deepEqual(params(java, 'method_declaration'), ['record', 'ack']);
      assert.deepEqual(params(go, 'method_declaration'), ['sess', 'claim']);
    } finally {
      [py, ts, java, go].forEach((d) => d.dispose());
    }
  });

  it('finds constructor calls', async () => {
    const ts = await code('typescript', 'const k = new Kafka({ brokers }); const c = k.consumer({ groupId });');
    const java = await code('java', 'class A { KafkaConsumer<String, String> c = new KafkaConsumer<>(props); }');
    try {
      assert.deepEqual(ts.code.callsNamed(['Kafka']).map((c) => c.isConstructor), [true]);
      const java1 = java.code.callsNamed(['KafkaConsumer']);
      assert.equal(java1.length, 1);
      assert.equal(java1[0]!.isConstructor, true);
      assert.equal(java1[0]!.name, 'KafkaConsumer');
    } finally {
      ts.dispose();
      java.dispose();
    }
  });

  it('survives half-typed code: the broken region yields no calls, the rest still does', async () => {
    const doc = await code('python', 'for msg in consumer:\n    consumer.commit(\n\ndef ok():\n    charge(x)\n');
    try {
      assert.ok(doc.hasSyntaxErrors);
      assert.ok(doc.code.callsNamed(['charge']).length <= 1);
    } finally {
      doc.dispose();
    }
  });

  it('keeps each node\'s type and parent as tree-sitter reports them, for every node of a file', async () => {
    const text = `def consume(consumer, ledger):\n    for msg in consumer:\n        if msg.error():\n            continue\n        ledger.charge(json.loads(msg.value())["id"])\n        consumer.commit(message=msg)\n`;
    const doc = await code('python', text);
    try {
      // the cursor reads types and positions on its own, without the node getters
      const cursor = doc.tree.walk();
      const parents: number[] = [];
      let visited = 0;
      for (;;) {
        const node = cursor.currentNode;
        for (let read = 0; read < 2; read++) {
          assert.equal(node.type, cursor.nodeType);
          assert.equal(node.parent?.id, parents.at(-1));
        }
        assert.equal(node.parent, node.parent, 'the same parent object is returned again');
        visited++;
        if (cursor.gotoFirstChild()) {
          parents.push(node.id);
          continue;
        }
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent()) break;
          parents.pop();
        }
        if (parents.length === 0 && cursor.currentNode.id === doc.tree.rootNode.id) break;
      }
      cursor.delete();
      assert.ok(visited > 30);
    } finally {
      doc.dispose();
    }
  });

  it('lists descendants of the asked types as a cursor walk finds them, whatever form the types come in', async () => {
    for (const sample of SAMPLES) {
      const doc = await code(sample.kind, sample.text);
      try {
        const syntax = doc.code.syntax;
        const asked: (string | string[])[] = ['identifier', [...syntax.call], [...syntax.call, ...syntax.assignmentTypes, ...syntax.loop], [...syntax.identifier], []];
        const all: Node[] = [];
        const cursor = doc.tree.walk();
        for (;;) {
          all.push(cursor.currentNode);
          if (cursor.gotoFirstChild()) continue;
          while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) break;
          if (cursor.currentNode.id === doc.tree.rootNode.id) break;
        }
        cursor.delete();
        for (const types of asked) {
          const wanted = typeof types === 'string' ? [types] : types;
          const expected = all.filter((n) => wanted.includes(n.type)).map((n) => n.id);
          for (let again = 0; again < 2; again++) {
            assert.deepEqual(doc.tree.rootNode.descendantsOfType(types).map((n) => n?.id), expected, `${sample.kind} ${wanted.join(',')}`);
          }
          if (wanted.length > 1) assert.ok(expected.length > 0, `${sample.kind} has ${wanted.join(',')}`);
        }
      } finally {
        doc.dispose();
      }
    }
  });

  it('finds loops and jumps in a scope only where they are, keyword text or not', async () => {
    const cases: [CodeKind, string, number, number][] = [
      ['python', 'async def a(c):\n    async for m in c:\n        return m\n', 1, 1],
      ['python', 'def b(c):\n    formatted = [x for x in c]  # no loop statement, no return\n', 0, 0],
      ['typescript', 'function a(c) {\n  do { c.next(); } while (c.more);\n  throw new Error("x");\n}\n', 1, 1],
      ['java', 'class A {\n  void a(java.util.List<String> c) {\n    for (String s : c) { if (s.isEmpty()) break; }\n  }\n}\n', 1, 1],
      ['go', 'package p\n\nfunc a(c chan int) int {\n\tfor v := range c {\n\t\treturn v\n\t}\n\tgoto end\nend:\n\treturn 0\n}\n', 1, 3],
    ];
    for (const [kind, text, loops, jumps] of cases) {
      const doc = await code(kind, text);
      try {
        const fn = doc.code.nodesOfTypes(doc.code.root, doc.code.syntax.function)[0]!;
        assert.equal(doc.code.nodesOfTypes(fn, doc.code.syntax.loop).length, loops, `${kind} loops`);
        assert.equal(doc.code.jumpsIn(fn).length, jumps, `${kind} jumps`);
      } finally {
        doc.dispose();
      }
    }
  });

  it('finds calls by name exactly as a climb from the name\'s leaf does, in every corpus file', async () => {
    let found = 0;
    await forEachCorpusCodeFile((doc, file) => {
      const m = doc.code;
      // every name the file calls something by, and a few it only mentions
      const names = [...new Set([...m.callsIn(m.root).map((c) => c.name), 'KafkaConsumer', 'consumer', 'self', 'this'].filter((n) => /^[A-Za-z_]\w*$/.test(n)))];
      const expected: number[] = [];
      for (const match of doc.text.matchAll(new RegExp(`\\b(?:${names.join('|')})\\b`, 'g'))) {
        const leaf = m.root.descendantForIndex(match.index, match.index + match[0].length);
        if (!leaf || (!m.syntax.identifier.has(leaf.type) && !/identifier$/.test(leaf.type))) continue;
        let call: Node | null = leaf.parent;
        for (let depth = 0; call && depth < 4 && !m.syntax.call.has(call.type); depth++) call = call.parent;
        if (!call || !m.syntax.call.has(call.type)) continue;
        const name = m.syntax.callParts(call).name;
        const named = name?.id === leaf.id || (call.type === 'object_creation_expression' && !!name && name.startIndex <= leaf.startIndex && leaf.endIndex <= name.endIndex);
        if (named && !expected.includes(call.id)) expected.push(call.id);
      }
      assert.deepEqual(m.callsNamed(names).map((c) => c.node.id), expected, path.basename(file));
      found += expected.length;
    });
    assert.ok(found > 900, `${found} calls found by name`);
  });

  it('answers a scope\'s calls, assignments, loops, jumps and functions exactly as a walk of that scope would, in every corpus file', async () => {
    let scopes = 0;
    let nodes = 0;
    let nested = 0;
    // a function between `node` and `scope`; the scope itself is never inside one of its own nested functions
    const climbsIntoFunction = (m: CodeModel, node: Node, scope: Node): boolean => {
      if (node.id === scope.id) return false;
      for (let p = node.parent; p && p.id !== scope.id; p = p.parent) {
        if (m.syntax.function.has(p.type)) return true;
        if (p.startIndex < scope.startIndex) return false;
      }
      return false;
    };
    await forEachCorpusCodeFile((doc, file) => {
      const m = doc.code;
      const sets = [m.syntax.call, m.syntax.assignmentTypes, m.syntax.loop, m.syntax.jump, m.syntax.function].map((set) => [...new Set(set)]);
      // tree-sitter's walk lists the scope itself when it is of a wanted type
      const walked = (scope: Node, types: string[]) => scope.descendantsOfType(types).filter((n): n is Node => !!n).map((n) => n.id);
      // functions, statement lists and statements, outer ones first, as rules ask for them
      const candidates = [...m.nodesOfTypes(m.root, m.syntax.function), ...m.nodesOfTypes(m.root, m.syntax.statementList)];
      for (const scope of candidates) {
        for (const s of [scope, ...m.statements(scope)]) {
          const where = `${path.basename(file)} ${s.type} at ${s.startIndex}`;
          for (const types of sets) assert.deepEqual(m.nodesOfTypes(s, types).map((n) => n.id), walked(s, types), where);
          // nested functions are found by offsets: the answer must be the one a climb through the parents gives
          for (const n of m.nodesOfTypes(s, [...sets[0]!, ...sets[1]!, ...sets[3]!])) {
            const inside = climbsIntoFunction(m, n, s);
            assert.equal(m.insideNestedFunction(n, s), inside, `${where}: ${n.type} at ${n.startIndex}`);
            nodes++;
            if (inside) nested++;
            // enclosing functions are kept for every node passed on the way up: later climbs stop there
            let fn = n.parent;
            while (fn && !m.syntax.function.has(fn.type)) fn = fn.parent;
            assert.equal(m.enclosingFunction(n)?.id, fn?.id, `${where}: function around ${n.type} at ${n.startIndex}`);
          }
          const outside = (list: Node[]) => list.filter((n) => !climbsIntoFunction(m, n, s)).map((n) => n.id);
          assert.deepEqual(m.callsIn(s, { skipNestedFunctions: true }).map((c) => c.node.id), outside(m.callsIn(s).map((c) => c.node)), where);
          assert.deepEqual(m.jumpsIn(s).map((n) => n.id), outside(m.nodesOfTypes(s, sets[3]!)), where);
          const assigning = m.nodesOfTypes(s, sets[1]!).filter((n) => m.syntax.assignment(n).length > 0);
          assert.deepEqual([...new Set(m.assignmentsIn(s).map((a) => a.node.id))], outside(assigning), where);
          scopes++;
        }
      }
    });
    assert.ok(scopes > 1000, `${scopes} scopes compared`);
    assert.ok(nodes > 10000 && nested > 1000, `${nodes} nodes placed in or out of nested functions, ${nested} in`);
  });
});
