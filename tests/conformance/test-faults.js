'use strict';
// Injected faults (POST /_sim/faults, "Action:kind[:count]") as the official SDKs see them: the
// app's retry logic keys on these codes and statuses, so they must look like the real ones
// (Throttling.User 400, ServiceUnavailable 503, SystemBusy 400, IncorrectStatus.* 400, a dropped
// connection, a response that never comes in time, TiDB 429 with X-Ratelimit-* headers).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startSim } = require('./lib/sim');
const C = require('./lib/clients');
const T = require('./lib/tidb');

const { DEMO } = C;
let sim;

// Time scale 0.05: the "timeout" fault holds its answer for 120 s × 0.05 = 6 s (the instant
// profile has no other delays to scale).
before(async () => { sim = await startSim({ profile: 'instant', extraArgs: ['--time-scale', '0.05'] }); });
after(async () => { if (sim) await sim.stop(); });

async function inject(spec) {
  const r = await sim.request('POST', '/_sim/faults', { headers: { 'content-type': 'text/plain' }, body: spec });
  assert.equal(r.status, 200, `POST /_sim/faults ${spec}: ${r.text}`);
}

const describeDb = () => C.rdsClient(sim).describeDBInstances(new C.Rds.DescribeDBInstancesRequest({ regionId: DEMO.region }));

test('admin API: a malformed fault spec → 400 JSON, DELETE clears pending faults', async () => {
  const bad = await sim.request('POST', '/_sim/faults', { body: 'DescribeDBInstances:meltdown' });
  assert.equal(bad.status, 400);
  assert.ok(bad.json?.error, bad.text);
  await inject('GetCallerIdentity:5xx:*');
  const cleared = await sim.request('DELETE', '/_sim/faults');
  assert.equal(cleared.status, 200);
  const me = await C.stsClient(sim).getCallerIdentity();
  assert.equal(me.statusCode, 200);
});

test('throttling → Throttling.User (400), a ThrottlingError in the typed client, then success', async () => {
  await inject('DescribeDBInstances:throttling:2');
  for (let i = 0; i < 2; i++) {
    const e = await C.expectError(describeDb);
    assert.equal(e.code, 'Throttling.User', e.message);
    assert.equal(e.status, 400);
    assert.equal(e.raw.name, 'ThrottlingError', `openapi-core classifies it: ${e.raw.name}`);
  }
  const ok = await describeDb();
  assert.equal(ok.statusCode, 200, 'the count (2) is honoured');
});

test('the typed client\'s own retry (x-acs-retry-* headers, fresh nonce, re-signed) gets through', async () => {
  const { RetryOptions } = require('@darabonba/typescript');
  const retryOptions = new RetryOptions({
    retryable: true,
    retryCondition: [{
      maxAttempts: 3, exception: ['ThrottlingError'], errorCode: ['Throttling.User'],
      backoff: { policy: 'Fixed', period: 20 }, maxDelay: 100,
    }],
    noRetryCondition: [],
  });
  const callsBefore = (await sim.state()).calls?.DescribeDBInstances ?? 0;
  await inject('DescribeDBInstances:throttling:2');
  const res = await C.rdsClient(sim, { retryOptions }).describeDBInstances(
    new C.Rds.DescribeDBInstancesRequest({ regionId: DEMO.region }));
  assert.equal(res.statusCode, 200);
  assert.ok(res.body.items.DBInstance.length > 0);
  const callsAfter = (await sim.state()).calls?.DescribeDBInstances ?? 0;
  assert.equal(callsAfter - callsBefore, 3, 'two throttled attempts, then the successful one');
});

test('5xx → ServiceUnavailable (503) as a ServerError; pop-core sees the same code', async () => {
  await inject('GetCallerIdentity:5xx:2');
  let e = await C.expectError(() => C.stsClient(sim).getCallerIdentity());
  assert.equal(e.code, 'ServiceUnavailable', e.message);
  assert.equal(e.status, 503);
  assert.equal(e.raw.name, 'ServerError');
  e = await C.expectError(() => C.popClient(sim, 'sts').request('GetCallerIdentity', {}, { method: 'POST' }));
  assert.equal(e.code, 'ServiceUnavailable', e.message);
  assert.equal(e.status, 503);
});

test('busy → SystemBusy (400); incorrect-status → IncorrectStatus.serverGroup (400)', async () => {
  const client = C.openApiClient(sim);
  await inject('ListServerGroups:busy:1,DeleteServerGroup:incorrect-status:1');
  let e = await C.expectError(() => C.nlb(client, 'ListServerGroups', { RegionId: DEMO.region }));
  assert.equal(e.code, 'SystemBusy', e.message);
  assert.equal(e.status, 400);
  e = await C.expectError(() => C.nlb(client, 'DeleteServerGroup',
    { RegionId: DEMO.region, ServerGroupId: 'sgp-doesnotexist000000', ClientToken: crypto.randomUUID() }));
  assert.equal(e.code, 'IncorrectStatus.serverGroup', e.message);
  assert.equal(e.status, 400);
});

test('error=Forbidden.RiskControl → 403 with that code, through V2 as well', async () => {
  await inject('CreateServerGroup:error=Forbidden.RiskControl:1');
  const e = await C.expectError(() => C.nlb(C.openApiClient(sim, { signature: 'v2' }), 'CreateServerGroup', {
    RegionId: DEMO.region, ServerGroupName: 'lw-faults-sg', ServerGroupType: 'Ip', VpcId: DEMO.vpcId,
    ClientToken: crypto.randomUUID(),
  }));
  assert.equal(e.code, 'Forbidden.RiskControl', e.message);
  assert.equal(e.status, 403);
});

test('drop → the SDK gets a network error (no HTTP answer), and the next call works', async () => {
  await inject('GetCallerIdentity:drop:1');
  const e = await C.expectError(() => C.callRpc(C.openApiClient(sim), 'sts', 'GetCallerIdentity', {}));
  assert.equal(e.status, null, `no HTTP status for a dropped connection: ${e.message}`);
  assert.match(`${e.raw.code} ${e.message}`, /ECONNRESET|socket hang up|EPIPE|closed/i);
  const me = await C.stsClient(sim).getCallerIdentity();
  assert.equal(me.statusCode, 200);
});

test('a create whose answer was lost (drop), retried with the same ClientToken → one resource, same ID', async () => {
  // product.md §3 "record before and after": a resumed create reuses its ClientToken.
  const client = C.openApiClient(sim);
  const ct = crypto.randomUUID();
  const params = {
    RegionId: DEMO.region, ServerGroupName: 'lw-drop-sg', ServerGroupType: 'Ip', VpcId: DEMO.vpcId, ClientToken: ct,
  };
  const liveBefore = (await sim.state()).live['server-group'].length;
  await inject('CreateServerGroup:drop:1');
  const e = await C.expectError(() => C.nlb(client, 'CreateServerGroup', params));
  assert.equal(e.status, null, `the answer was lost: ${e.message}`);
  const retried = await C.nlb(client, 'CreateServerGroup', params);
  assert.match(retried.body.ServerGroupId, /^sgp-/);
  const state = await sim.state();
  assert.equal(state.live['server-group'].length, liveBefore + 1, 'exactly one server group was created');
  assert.equal(state.client_tokens[ct], 1);
  assert.ok(state.live['server-group'].some((g) => g.ServerGroupId === retried.body.ServerGroupId));
});

test('a DryRun with a ClientToken does not use the token up: the real create with it then creates', async () => {
  const client = C.openApiClient(sim);
  const ct = crypto.randomUUID();
  const params = {
    RegionId: DEMO.region, ServerGroupName: 'lw-dryrun-sg', ServerGroupType: 'Ip', VpcId: DEMO.vpcId, ClientToken: ct,
  };
  const e = await C.expectError(() => C.nlb(client, 'CreateServerGroup', { ...params, DryRun: true }));
  assert.equal(e.code, 'DryRunOperation', e.message);
  const created = await C.nlb(client, 'CreateServerGroup', params);
  assert.match(created.body.ServerGroupId, /^sgp-/);
  assert.ok(created.body.JobId);
});

test('timeout → the SDK read timeout fires; the late answer does not disturb the server', async () => {
  await inject('GetCallerIdentity:timeout:1');
  const client = C.openApiClient(sim);
  const started = Date.now();
  const e = await C.expectError(() => client.callApi(
    new C.OpenApi.Params({
      action: 'GetCallerIdentity', version: C.VERSIONS.sts, protocol: 'HTTPS', pathname: '/', method: 'POST',
      authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json',
    }),
    new C.OpenApi.OpenApiRequest({}),
    Object.assign(C.noRetryRuntime(), { readTimeout: 400 })));
  assert.equal(e.status, null, e.message);
  assert.match(`${e.raw.name} ${e.raw.code} ${e.message}`, /timeout/i);
  assert.ok(Date.now() - started < 5000, 'the client gave up before the held answer came');
  const me = await C.stsClient(sim).getCallerIdentity();
  assert.equal(me.statusCode, 200);
});

test('TiDB Cloud throttling → 429 with google.rpc body and X-Ratelimit-* headers', async () => {
  await inject('tidb:GetAvailabilityZones:throttling:1');
  const r = await T.getAvailabilityZones(sim);
  assert.equal(r.status, 429, r.text);
  assert.equal(r.json?.code, 49900007, r.text);
  assert.match(r.headers, /^x-ratelimit-reset:\s*\d+/im);
  assert.match(r.headers, /^x-ratelimit-remaining-minute:\s*0/im);
  const again = await T.getAvailabilityZones(sim);
  assert.equal(again.status, 200);
});

test('TiDB Cloud answers carry the rate-limit headers; Remaining counts down per request', async () => {
  const a = await T.getAvailabilityZones(sim);
  const b = await T.getAvailabilityZones(sim);
  const hdr = (r, name) => {
    const m = new RegExp(`^${name}:\\s*(\\d+)`, 'gim');
    const all = [...r.headers.matchAll(m)].map((x) => Number(x[1]));
    return all[all.length - 1]; // the authenticated (last) response
  };
  assert.equal(a.status, 200);
  assert.equal(hdr(a, 'x-ratelimit-limit-minute'), 100);
  assert.ok(hdr(a, 'x-ratelimit-reset') >= 0 && hdr(a, 'x-ratelimit-reset') <= 60);
  assert.ok(hdr(b, 'x-ratelimit-remaining-minute') < hdr(a, 'x-ratelimit-remaining-minute'),
    `${hdr(a, 'x-ratelimit-remaining-minute')} then ${hdr(b, 'x-ratelimit-remaining-minute')}`);
});

test('POST /_sim/reset forgets created resources and keeps the demo world', async () => {
  const client = C.openApiClient(sim);
  await C.nlb(client, 'CreateServerGroup', {
    RegionId: DEMO.region, ServerGroupName: 'lw-reset-sg', ServerGroupType: 'Ip', VpcId: DEMO.vpcId,
    ClientToken: crypto.randomUUID(),
  });
  assert.ok((await sim.state()).live['server-group'].length >= 1);
  await sim.reset();
  assert.equal((await sim.state()).live['server-group'].length, 0);
  const net = await C.rdsClient(sim).describeDBInstanceNetInfo(new C.Rds.DescribeDBInstanceNetInfoRequest({
    DBInstanceId: DEMO.rds.happy.id,
  }));
  assert.equal(net.body.DBInstanceNetInfos.DBInstanceNetInfo[0].VPCId, DEMO.vpcId);
  assert.ok(sim.alive);
});
