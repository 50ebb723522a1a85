/**
 * The bundles read web-tree-sitter's 32-bit values straight from WebAssembly memory
 * (`scripts/treeSitterMemoryReads.js`). The rewritten calls must give what Emscripten's
 * `getValue` / `setValue` give, and the rewrite must still find them in the installed library.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { rewrite } = require('../../scripts/treeSitterMemoryReads.js') as {
  rewrite: (source: string) => { source: string; reads: number; writes: number };
};

/** A stand-in for Emscripten's module: generic accessors through a little-endian DataView, and the typed views. */
function emscriptenModule() {
  const buffer = new ArrayBuffer(64);
  const view = new DataView(buffer);
  return {
    HEAP32: new Int32Array(buffer),
    getValue(ptr: number, type: string) {
      assert.equal(type, 'i32');
      return view.getInt32((ptr >> 2) * 4, true);
    },
    setValue(ptr: number, value: number, type: string) {
      assert.equal(type, 'i32');
      view.setInt32((ptr >> 2) * 4, value, true);
    },
  };
}

// The shapes web-tree-sitter uses: an address expression, a value read from an object, a chained read.
const SAMPLE = `
  let address = TRANSFER_BUFFER;
  C.setValue(address, node.id, "i32");
  address += SIZE_OF_INT;
  C.setValue(address, node.startIndex, "i32");
  C.setValue(TRANSFER_BUFFER + 2 * SIZE_OF_INT, node.big, "i32");
  const id = C.getValue(TRANSFER_BUFFER, "i32");
  const start = C.getValue(TRANSFER_BUFFER + SIZE_OF_INT, "i32") >>> 0;
  const wrapped = C.getValue(TRANSFER_BUFFER + 2 * SIZE_OF_INT, "i32");
  return [id, start, wrapped, C.HEAP32.slice()];
`;

function run(source: string, C: ReturnType<typeof emscriptenModule>): unknown {
  const node = { id: -7, startIndex: 123456, big: 2 ** 31 + 5 };
  return new Function('C', 'node', 'TRANSFER_BUFFER', 'SIZE_OF_INT', source)(C, node, 16, 4);
}

describe('web-tree-sitter memory reads in the bundles', () => {
  it('rewrites every 32-bit getValue and setValue of a sample, with the same results', () => {
    const { source, reads, writes } = rewrite(SAMPLE);
    assert.equal(reads, 3);
    assert.equal(writes, 3);
    assert.doesNotMatch(source.replace(/: C\.[gs]etValue\([^)]*\)\)/g, ''), /[gs]etValue/, 'a call left outside the big-endian fallback');
    assert.deepEqual(run(source, emscriptenModule()), run(SAMPLE, emscriptenModule()));
  });

  it('keeps the original calls on a big-endian host', () => {
    const { source } = rewrite(SAMPLE);
    const asBigEndian = source.replace(/^const (\w+) = .*$/m, 'const $1 = false;');
    const C = emscriptenModule();
    // reading HEAP32 would give the same numbers here; taking it away proves the fallback runs
    const withoutViews = { ...C, HEAP32: undefined as unknown as typeof C.HEAP32 };
    const [id, start, wrapped] = run(asBigEndian.replace('return [id, start, wrapped, C.HEAP32.slice()]', 'return [id, start, wrapped]'), withoutViews) as number[];
    assert.deepEqual([id, start, wrapped], [-7, 123456, -(2 ** 31) + 5]);
  });

  it('finds the calls in the installed web-tree-sitter, both of its builds', () => {
    const dir = path.dirname(require.resolve('web-tree-sitter/tree-sitter.wasm'));
    for (const file of ['tree-sitter.js', 'tree-sitter.cjs']) {
      const original = fs.readFileSync(path.join(dir, file), 'utf8');
      const { reads, writes } = rewrite(original);
      const all = original.match(/C\.[gs]etValue\([^;]*?"i32"\)/g) ?? [];
      assert.ok(reads > 20 && writes > 10, `${file}: ${reads} reads, ${writes} writes`);
      assert.equal(reads + writes, all.length, `${file}: some 32-bit calls are not rewritten`);
    }
  });

  it('is in the built server and CLI', () => {
    for (const bundle of ['server.js', 'cli.js']) {
      const text = fs.readFileSync(path.join(__dirname, '../../dist', bundle), 'utf8');
      assert.match(text, /__seamsLittleEndian \? C\.HEAP32\[/, bundle);
    }
  });
});
