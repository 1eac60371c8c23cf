'use strict';
// Reads node's TAP on stdin and writes it for meson: top-level lines (and the YAML block right
// after a top-level result, without its blank lines) pass through; indented subtest lines become
// "# " comments, which meson's TAP parser would otherwise report as unknown lines.
const readline = require('node:readline');

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
let state = 'main';
rl.on('line', (line) => {
  if (state === 'after-test' && /^\s+---/.test(line)) {
    state = 'yaml';
    process.stdout.write(line + '\n');
    return;
  }
  if (state === 'yaml') {
    // meson ends a YAML block at the first line without the block's indentation, and a blank
    // line inside a multi-line error message has none: leave such lines out.
    if (line.trim() === '')
      return;
    process.stdout.write(line + '\n');
    if (/^\s+\.\.\.\s*$/.test(line))
      state = 'main';
    return;
  }
  state = 'main';
  if (/^\s/.test(line)) {
    process.stdout.write('#' + line + '\n');
    return;
  }
  if (/^(not )?ok\b/.test(line))
    state = 'after-test';
  process.stdout.write(line + '\n');
});
