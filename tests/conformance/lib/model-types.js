'use strict';
// Holds a raw JSON answer to an official model's response fields (the format of
// tests/data/alibaba-official-models-polardb-ecs.json): every field the answer carries is declared,
// with the declared type. Returns a list of problems (empty = conforming).

const fs = require('node:fs');
const path = require('node:path');

function loadModels() {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'data', 'alibaba-official-models-polardb-ecs.json'), 'utf8'));
}

function typeOf(v) {
  if (Array.isArray(v))
    return 'array';
  if (v === null)
    return 'null';
  return typeof v;
}

function check(fields, value, where, problems) {
  for (const [name, v] of Object.entries(value)) {
    const f = fields.find((x) => x.name === name);
    const at = where ? `${where}.${name}` : name;
    if (!f) {
      problems.push(`${at}: not in the official model`);
      continue;
    }
    if (typeOf(v) !== f.type) {
      problems.push(`${at}: answered as ${typeOf(v)}, the model types it ${f.type}`);
      continue;
    }
    if (f.type === 'object' && f.children)
      check(f.children, v, at, problems);
    if (f.type === 'array')
      v.forEach((e, i) => {
        if (f.children && typeOf(e) === 'object')
          check(f.children, e, `${at}[${i}]`, problems);
        else if (f.itemType && f.itemType !== 'object' && typeOf(e) !== f.itemType)
          problems.push(`${at}[${i}]: answered as ${typeOf(e)}, the model's items are ${f.itemType}`);
      });
  }
  return problems;
}

function conforms(models, product, action, answer) {
  const a = models.products[product].actions[action];
  if (!a)
    return [`${action}: no official model`];
  return check(a.response, answer, '', []);
}

module.exports = { loadModels, conforms };
