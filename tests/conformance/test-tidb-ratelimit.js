'use strict';
// TiDB Cloud's documented rate limit (tidb-cloud-api.md §4): 100 requests per minute per API key,
// then HTTP 429 with a google.rpc body (code 49900007) and X-Ratelimit-* headers. Its own
// simulator, so that the exhausted budget does not disturb other files.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startSim } = require('./lib/sim');
const T = require('./lib/tidb');

let sim;

before(async () => { sim = await startSim(); });
after(async () => { if (sim) await sim.stop(); });

test('100 authenticated requests in a minute pass, the 101st and later get 429 with X-Ratelimit-*', async () => {
  const r = await T.curlDigest(sim, 'GET', T.clusterPath('/privateLinkConnections:getAvailabilityZones'), { repeat: 110 });
  assert.equal(r.codes.length, 110, r.text.slice(0, 300));
  const ok = r.codes.filter((c) => c === 200).length;
  const firstLimited = r.codes.indexOf(429);
  assert.equal(ok, 100, `codes: ${r.codes.join(',')}`);
  assert.equal(firstLimited, 100, 'the first 100 pass, the 101st is limited');
  assert.ok(r.codes.slice(100).every((c) => c === 429), r.codes.join(','));
  // The limited answers carry the headers (the last response's block is a 429 one).
  const blocks = r.headers.split(/\r?\n\r?\n/).filter((b) => /^HTTP\//.test(b));
  const last = blocks[blocks.length - 1];
  assert.match(last, /^HTTP\/[0-9.]+ 429/);
  assert.match(last, /^x-ratelimit-remaining-minute:\s*0\s*$/im);
  const reset = Number((/^x-ratelimit-reset:\s*(\d+)/im.exec(last) || [])[1]);
  assert.ok(reset >= 0 && reset <= 60, `X-Ratelimit-Reset ${reset}`);
  assert.ok(sim.alive);
});
