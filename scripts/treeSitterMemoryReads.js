// An esbuild plugin for web-tree-sitter's JavaScript. Every node that crosses the WebAssembly
// boundary (a parent, a child, each result of a walk) is written and read as 32-bit integers through
// Emscripten's generic `getValue(ptr, "i32")` / `setValue(ptr, value, "i32")`, which switch on the
// type string and go through a DataView on every call. On a little-endian machine the module's own
// Int32Array view over the same memory gives the same value in one indexed access. Measured on the
// benchmark's 2,000-line Java file, in-process keystroke lint p10 over 300 runs: 3.9 ms before,
// 3.2 ms after.
//
// WebAssembly memory is always little-endian; on a big-endian host the original calls stay in
// charge (the check runs once per process). `C` is web-tree-sitter's name for its Emscripten module,
// whose `HEAP32` is replaced whenever the memory grows, so it is read on every access, never kept.
'use strict';
const fs = require('node:fs');

const LITTLE_ENDIAN = '__seamsLittleEndian';

const GET = /C\.getValue\(([^;()]+?), "i32"\)/g;
const SET = /C\.setValue\(([^;()]+?), ([^;()]+?), "i32"\)/g;

/** The source with its 32-bit reads and writes made direct, and how many of each were changed. */
function rewrite(source) {
  let reads = 0;
  let writes = 0;
  const out = source
    .replace(GET, (call, address) => {
      reads++;
      return `(${LITTLE_ENDIAN} ? C.HEAP32[(${address}) >> 2] : ${call})`;
    })
    .replace(SET, (call, address, value) => {
      writes++;
      return `(${LITTLE_ENDIAN} ? (C.HEAP32[(${address}) >> 2] = ${value}) : ${call})`;
    });
  const prologue = `const ${LITTLE_ENDIAN} = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;\n`;
  return { source: prologue + out, reads, writes };
}

const treeSitterMemoryReads = {
  name: 'tree-sitter-memory-reads',
  setup(build) {
    build.onLoad({ filter: /[\\/]web-tree-sitter[\\/]tree-sitter\.(c?js)$/ }, async (args) => {
      const { source, reads, writes } = rewrite(await fs.promises.readFile(args.path, 'utf8'));
      // A web-tree-sitter that no longer calls getValue/setValue this way would silently lose the
      // speed-up: fail the build so whoever upgrades it looks here.
      if (reads === 0 || writes === 0) {
        throw new Error(`${args.path}: expected web-tree-sitter's getValue/setValue "i32" calls (found ${reads} reads, ${writes} writes); update scripts/treeSitterMemoryReads.js`);
      }
      return { contents: source, loader: 'js' };
    });
  },
};

module.exports = { treeSitterMemoryReads, rewrite };
