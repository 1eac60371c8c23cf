'use strict';
// tests/data/alibaba-official-models-polardb-ecs.json is what lib/extract-models.js reads from the
// pinned SDKs' own model files: regenerating it gives exactly the committed file (so the C wire
// tests, which read the committed file, judge Linkwright by the official definitions).

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { extract, ACTIONS } = require('./lib/extract-models');

const COMMITTED = path.join(__dirname, '..', 'data', 'alibaba-official-models-polardb-ecs.json');

test('the committed PolarDB/ECS models file is what the pinned SDKs say', () => {
  const fresh = JSON.stringify(extract(), null, 2) + '\n';
  const committed = fs.readFileSync(COMMITTED, 'utf8');
  assert.equal(committed, fresh,
               'regenerate with: node tests/conformance/lib/extract-models.js tests/data/alibaba-official-models-polardb-ecs.json');
});

test('the models hold exactly the nine actions, with the fields the clients rely on', () => {
  const m = extract();
  assert.deepEqual(Object.keys(m.products.polardb.actions).sort(), [...ACTIONS.polardb].sort());
  assert.deepEqual(Object.keys(m.products.ecs.actions).sort(), [...ACTIONS.ecs].sort());
  const field = (list, name) => list.find((f) => f.name === name);
  // PolarDB 1.0.0: every parameter in the body, no RegionId on the per-cluster calls.
  for (const [name, a] of Object.entries(m.products.polardb.actions)) {
    assert.ok(a.request.every((f) => f.in === 'body'), name);
    if (name !== 'DescribeDBClusters')
      assert.equal(field(a.request, 'RegionId'), undefined, `${name} has no RegionId`);
  }
  const endpoints = m.products.polardb.actions.DescribeDBClusterEndpoints.response;
  assert.equal(field(endpoints, 'Items').type, 'array');
  assert.equal(field(field(endpoints, 'Items').children, 'AddressItems').type, 'array');
  assert.equal(field(field(field(endpoints, 'Items').children, 'AddressItems').children, 'Port').type, 'string');
  // ECS: query parameters; InstanceIds one string; Permissions flattened objects; Priority a string.
  for (const [name, a] of Object.entries(m.products.ecs.actions))
    assert.ok(a.request.every((f) => f.in === 'query'), name);
  assert.equal(field(m.products.ecs.actions.DescribeInstances.request, 'InstanceIds').type, 'string');
  const perms = field(m.products.ecs.actions.AuthorizeSecurityGroup.request, 'Permissions');
  assert.equal(perms.style, 'flat');
  assert.equal(field(perms.children, 'Priority').type, 'string');
  assert.deepEqual(m.products.ecs.actions.AuthorizeSecurityGroup.response, [{ name: 'RequestId', type: 'string' }]);
});
