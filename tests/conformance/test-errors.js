'use strict';
// Negative cases: the simulator must reject what the real APIs reject, with the real error codes
// and HTTP statuses, as the official SDKs see them.
//
// Statuses asserted (real Alibaba Cloud POP gateway behaviour):
//   SignatureDoesNotMatch 400, InvalidAccessKeyId.NotFound 404 (the python core SDK special-cases
//   HTTP 400 + SignatureDoesNotMatch; RDS answers "HTTP Status: 404 Error:InvalidAccessKeyId.NotFound"),
//   Missing* 400, Forbidden.RAM 403, DryRunOperation 400, SignatureNonceUsed 400,
//   InvalidTimeStamp.Expired 400, InvalidAction.NotFound / InvalidApi.NotFound 404.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startSim, waitFor } = require('./lib/sim');
const C = require('./lib/clients');
const T = require('./lib/tidb');

const { DEMO } = C;
let sim;

before(async () => { sim = await startSim(); });
after(async () => { if (sim) await sim.stop(); });

const token = () => crypto.randomUUID();
const WRONG_SECRET = 'not-the-demo-secret';
const UNKNOWN_KEY = 'LWUNKNOWNKEY0001';

function serverGroupParams(extra = {}) {
  return {
    RegionId: DEMO.region, ServerGroupName: `lw-conformance-${crypto.randomBytes(3).toString('hex')}`,
    ServerGroupType: 'Ip', VpcId: DEMO.vpcId, Protocol: 'TCP', PreserveClientIpEnabled: false, ...extra,
  };
}

function loadBalancerParams(extra = {}) {
  return {
    RegionId: DEMO.region, LoadBalancerName: 'lw-conformance-nlb', LoadBalancerType: 'Network',
    AddressType: 'Intranet', AddressIpVersion: 'ipv4', VpcId: DEMO.vpcId,
    ZoneMappings: [
      { ZoneId: 'cn-hangzhou-i', VSwitchId: 'vsw-bp1demoi000000001' },
      { ZoneId: 'cn-hangzhou-j', VSwitchId: 'vsw-bp1demoj000000001' },
    ],
    ...extra,
  };
}

// --- wrong secret / unknown key, through every client ----------------------------------------------

test('wrong secret → SignatureDoesNotMatch (400): typed STS client, V3', async () => {
  const e = await C.expectError(() => C.stsClient(sim, { secret: WRONG_SECRET }).getCallerIdentity());
  assert.equal(e.code, 'SignatureDoesNotMatch', e.message);
  assert.equal(e.status, 400);
});

test('wrong secret → SignatureDoesNotMatch (400): openapi-client V3 and V2', async () => {
  for (const signature of ['v3', 'v2']) {
    const client = C.openApiClient(sim, { secret: WRONG_SECRET, signature });
    const e = await C.expectError(() => C.callRpc(client, 'rds', 'DescribeDBInstances', { query: { RegionId: DEMO.region } }));
    assert.equal(e.code, 'SignatureDoesNotMatch', `${signature}: ${e.message}`);
    assert.equal(e.status, 400, signature);
  }
});

test('wrong secret → SignatureDoesNotMatch (400): pop-core GET and POST', async () => {
  for (const method of ['GET', 'POST']) {
    const client = C.popClient(sim, 'vpc', { secret: WRONG_SECRET });
    const e = await C.expectError(() => client.request('DescribeVSwitches', { RegionId: DEMO.region }, { method }));
    assert.equal(e.code, 'SignatureDoesNotMatch', `${method}: ${e.message}`);
    assert.equal(e.status, 400, method);
  }
});

test('unknown AccessKey ID → InvalidAccessKeyId.NotFound (404): V3, V2 and pop-core', async () => {
  let e = await C.expectError(() => C.stsClient(sim, { keyId: UNKNOWN_KEY }).getCallerIdentity());
  assert.equal(e.code, 'InvalidAccessKeyId.NotFound', e.message);
  assert.equal(e.status, 404);
  e = await C.expectError(() => C.callRpc(C.openApiClient(sim, { keyId: UNKNOWN_KEY, signature: 'v2' }),
    'sts', 'GetCallerIdentity', {}));
  assert.equal(e.code, 'InvalidAccessKeyId.NotFound', e.message);
  assert.equal(e.status, 404);
  e = await C.expectError(() => C.popClient(sim, 'sts', { keyId: UNKNOWN_KEY }).request('GetCallerIdentity', {}, { method: 'POST' }));
  assert.equal(e.code, 'InvalidAccessKeyId.NotFound', e.message);
  assert.equal(e.status, 404);
});

test('error bodies carry RequestId, HostId, Code, Message and a Recommend link', async () => {
  const e = await C.expectError(() => C.callRpc(C.openApiClient(sim, { secret: WRONG_SECRET }),
    'nlb', 'ListServerGroups', { body: { RegionId: DEMO.region } }));
  for (const k of ['RequestId', 'HostId', 'Code', 'Message', 'Recommend'])
    assert.ok(e.data?.[k], `${k} in ${JSON.stringify(e.data)}`);
  assert.match(e.data.Recommend, /SignatureDoesNotMatch/);
});

// --- replay protection (the SDK signs whatever x-acs-date / nonce it is given) --------------------

test('a reused x-acs-signature-nonce → SignatureNonceUsed (400)', async () => {
  const client = C.openApiClient(sim);
  const nonce = crypto.randomBytes(16).toString('hex');
  const first = await C.callRpc(client, 'sts', 'GetCallerIdentity', { headers: { 'x-acs-signature-nonce': nonce } });
  assert.equal(first.statusCode, 200);
  const e = await C.expectError(() => C.callRpc(client, 'sts', 'GetCallerIdentity',
    { headers: { 'x-acs-signature-nonce': nonce } }));
  assert.equal(e.code, 'SignatureNonceUsed', e.message);
  assert.equal(e.status, 400);
});

test('an x-acs-date 20 minutes old → InvalidTimeStamp.Expired (400)', async () => {
  const old = new Date(Date.now() - 20 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const e = await C.expectError(() => C.callRpc(C.openApiClient(sim), 'sts', 'GetCallerIdentity',
    { headers: { 'x-acs-date': old } }));
  assert.equal(e.code, 'InvalidTimeStamp.Expired', e.message);
  assert.equal(e.status, 400);
});

test('V1 (openapi-client v2): a stale Timestamp → InvalidTimeStamp.Expired, a reused SignatureNonce → SignatureNonceUsed', async () => {
  // doRPCRequest lets request.query override its own Timestamp / SignatureNonce, and signs them.
  const client = C.openApiClient(sim, { signature: 'v2' });
  const old = new Date(Date.now() - 20 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  let e = await C.expectError(() => C.callRpc(client, 'sts', 'GetCallerIdentity', { query: { Timestamp: old } }));
  assert.equal(e.code, 'InvalidTimeStamp.Expired', e.message);
  assert.equal(e.status, 400);
  const nonce = crypto.randomBytes(16).toString('hex');
  const first = await C.callRpc(client, 'sts', 'GetCallerIdentity', { query: { SignatureNonce: nonce } });
  assert.equal(first.statusCode, 200);
  e = await C.expectError(() => C.callRpc(client, 'sts', 'GetCallerIdentity', { query: { SignatureNonce: nonce } }));
  assert.equal(e.code, 'SignatureNonceUsed', e.message);
  assert.equal(e.status, 400);
});

test('an x-acs-date 10 minutes off is still accepted (±15 min window)', async () => {
  const skewed = new Date(Date.now() - 10 * 60 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const res = await C.callRpc(C.openApiClient(sim), 'sts', 'GetCallerIdentity', { headers: { 'x-acs-date': skewed } });
  assert.equal(res.statusCode, 200);
});

// --- request validation ----------------------------------------------------------------------------

test('missing required parameter → Missing* (400): RDS DescribeDBInstanceNetInfo without DBInstanceId', async () => {
  const e = await C.expectError(() => C.callRpc(C.openApiClient(sim), 'rds', 'DescribeDBInstanceNetInfo', { query: {} }));
  assert.match(e.code, /^Missing/, e.message);
  assert.match(e.message, /DBInstanceId/);
  assert.equal(e.status, 400);
});

test('missing required parameter → Missing* (400): NLB CreateServerGroup without VpcId (V3 and pop-core)', async () => {
  const params = serverGroupParams();
  delete params.VpcId;
  let e = await C.expectError(() => C.nlb(C.openApiClient(sim), 'CreateServerGroup', params));
  assert.match(e.code, /^Missing/, e.message);
  assert.match(e.message, /VpcId/);
  assert.equal(e.status, 400);
  e = await C.expectError(() => C.popClient(sim, 'nlb').request('CreateServerGroup', C.flat(params), { method: 'POST' }));
  assert.match(e.code, /^Missing/, e.message);
  assert.equal(e.status, 400);
});

test('missing required parameter → Missing* (400): PrivateLink AddUserToVpcEndpointService without ServiceId', async () => {
  const e = await C.expectError(() => C.privatelink(C.openApiClient(sim), 'AddUserToVpcEndpointService',
    { RegionId: DEMO.region, UserId: DEMO.tidb.accountId }));
  assert.match(e.code, /^Missing/, e.message);
  assert.equal(e.status, 400);
});

test('a wrong enum value is rejected (400): CreateLoadBalancer AddressType=Sideways', async () => {
  const e = await C.expectError(() => C.nlb(C.openApiClient(sim), 'CreateLoadBalancer',
    loadBalancerParams({ AddressType: 'Sideways', ClientToken: token() })));
  assert.match(e.code, /^(InvalidParam|IllegalParam)/, e.message);
  assert.equal(e.status, 400);
});

test('an unknown action → 404 (InvalidAction.NotFound / InvalidApi.NotFound)', async () => {
  const e = await C.expectError(() => C.nlb(C.openApiClient(sim), 'MakeCoffee', { RegionId: DEMO.region }));
  assert.match(e.code, /^Invalid(Action|Api)\.NotFound$/, e.message);
  assert.equal(e.status, 404);
});

test('a resource that does not exist → ResourceNotFound.loadBalancer / EndpointServiceNotFound', async () => {
  const client = C.openApiClient(sim);
  let e = await C.expectError(() => C.nlb(client, 'GetLoadBalancerAttribute',
    { RegionId: DEMO.region, LoadBalancerId: 'nlb-doesnotexist000000' }));
  assert.equal(e.code, 'ResourceNotFound.loadBalancer', e.message);
  assert.ok(e.status >= 400 && e.status < 500);
  e = await C.expectError(() => C.privatelink(client, 'GetVpcEndpointServiceAttribute',
    { RegionId: DEMO.region, ServiceId: 'epsrv-doesnotexist00000' }));
  assert.equal(e.code, 'EndpointServiceNotFound', e.message);
  assert.ok(e.status >= 400 && e.status < 500);
});

// --- DryRun, ClientToken, RAM -----------------------------------------------------------------------

test('DryRun=true → DryRunOperation (400) and nothing is created', async () => {
  const client = C.openApiClient(sim);
  const before = await sim.state();
  let e = await C.expectError(() => C.nlb(client, 'CreateServerGroup', serverGroupParams({ DryRun: true, ClientToken: token() })));
  assert.equal(e.code, 'DryRunOperation', e.message);
  assert.equal(e.status, 400);
  e = await C.expectError(() => C.nlb(client, 'CreateLoadBalancer', loadBalancerParams({ DryRun: true, ClientToken: token() })));
  assert.equal(e.code, 'DryRunOperation', e.message);
  e = await C.expectError(() => C.privatelink(client, 'CreateVpcEndpointService', {
    RegionId: DEMO.region, ServiceResourceType: 'nlb', AutoAcceptEnabled: false, DryRun: true, ClientToken: token(),
  }));
  assert.equal(e.code, 'DryRunOperation', e.message);
  e = await C.expectError(() => C.popClient(sim, 'nlb').request('CreateServerGroup',
    C.flat(serverGroupParams({ DryRun: true })), { method: 'POST' }));
  assert.equal(e.code, 'DryRunOperation', e.message);
  const after = await sim.state();
  assert.deepEqual(liveSummary(after), liveSummary(before), 'DryRun created nothing');
});

test('the same ClientToken twice → the same resource ID, created once', async () => {
  const client = C.openApiClient(sim);
  const ct = token();
  const a = await C.nlb(client, 'CreateServerGroup', serverGroupParams({ ClientToken: ct, ServerGroupName: 'lw-idem-sg' }));
  const b = await C.nlb(client, 'CreateServerGroup', serverGroupParams({ ClientToken: ct, ServerGroupName: 'lw-idem-sg' }));
  assert.match(a.body.ServerGroupId, /^sgp-/);
  assert.equal(b.body.ServerGroupId, a.body.ServerGroupId);

  const lt = token();
  const l1 = await C.nlb(client, 'CreateLoadBalancer', loadBalancerParams({ ClientToken: lt }));
  // The V1 client (pop-core) retrying the same logical request must get the same NLB too.
  const [l2] = await C.popClient(sim, 'nlb').request('CreateLoadBalancer',
    C.flat(loadBalancerParams({ ClientToken: lt })), { method: 'POST' });
  assert.match(l1.body.LoadbalancerId, /^nlb-/);
  assert.equal(l2.LoadbalancerId, l1.body.LoadbalancerId);

  const st = token();
  const s1 = await C.privatelink(client, 'CreateVpcEndpointService',
    { RegionId: DEMO.region, ServiceResourceType: 'nlb', AutoAcceptEnabled: false, ClientToken: st });
  const s2 = await C.privatelink(client, 'CreateVpcEndpointService',
    { RegionId: DEMO.region, ServiceResourceType: 'nlb', AutoAcceptEnabled: false, ClientToken: st });
  assert.equal(s2.body.ServiceId, s1.body.ServiceId);

  const state = await sim.state();
  for (const t of [ct, lt, st]) {
    const n = tokenCreations(state, t);
    assert.equal(n, 1, `creations for ClientToken ${t} in /_sim/state: ${JSON.stringify(state).slice(0, 800)}`);
  }
});

test('restricted account: reads work, NLB and PrivateLink creates → Forbidden.RAM (403), DryRun too', async () => {
  const keys = { keyId: DEMO.restrictedKeyId, secret: DEMO.restrictedKeySecret };
  const me = await C.stsClient(sim, keys).getCallerIdentity();
  assert.equal(me.statusCode, 200);
  const rds = await C.rdsClient(sim, keys).describeDBInstances(new C.Rds.DescribeDBInstancesRequest({ regionId: DEMO.region }));
  assert.equal(rds.statusCode, 200);

  const client = C.openApiClient(sim, keys);
  let e = await C.expectError(() => C.nlb(client, 'CreateServerGroup', serverGroupParams({ ClientToken: token() })));
  assert.equal(e.code, 'Forbidden.RAM', e.message);
  assert.equal(e.status, 403);
  e = await C.expectError(() => C.nlb(client, 'CreateServerGroup', serverGroupParams({ DryRun: true, ClientToken: token() })));
  assert.equal(e.code, 'Forbidden.RAM', `DryRun reveals the missing permission: ${e.message}`);
  e = await C.expectError(() => C.nlb(client, 'CreateLoadBalancer', loadBalancerParams({ ClientToken: token() })));
  assert.equal(e.code, 'Forbidden.RAM', e.message);
  e = await C.expectError(() => C.privatelink(client, 'CreateVpcEndpointService',
    { RegionId: DEMO.region, ServiceResourceType: 'nlb', AutoAcceptEnabled: false, ClientToken: token() }));
  assert.equal(e.code, 'Forbidden.RAM', e.message);
  assert.equal(e.status, 403);
  e = await C.expectError(() => C.popClient(sim, 'privatelink', keys).request('CreateVpcEndpointService',
    { RegionId: DEMO.region, ServiceResourceType: 'nlb' }, { method: 'POST' }));
  assert.equal(e.code, 'Forbidden.RAM', e.message);
  assert.equal(e.status, 403);
});

test('deleting a server group still used by a listener → ResourceInUse (400); one-zone NLB → rejected', async () => {
  const client = C.openApiClient(sim);
  const sg = await C.nlb(client, 'CreateServerGroup', serverGroupParams({ ClientToken: token() }));
  const lb = await C.nlb(client, 'CreateLoadBalancer', loadBalancerParams({ ClientToken: token() }));
  await C.nlb(client, 'CreateListener', {
    RegionId: DEMO.region, ListenerProtocol: 'TCP', ListenerPort: 3306, LoadBalancerId: lb.body.LoadbalancerId,
    ServerGroupId: sg.body.ServerGroupId, ClientToken: token(),
  });
  let e = await C.expectError(() => C.nlb(client, 'DeleteServerGroup',
    { RegionId: DEMO.region, ServerGroupId: sg.body.ServerGroupId, ClientToken: token() }));
  assert.match(e.code, /^ResourceInUse/, e.message);
  assert.equal(e.status, 400);
  e = await C.expectError(() => C.nlb(client, 'CreateLoadBalancer', loadBalancerParams({
    ClientToken: token(), ZoneMappings: [{ ZoneId: 'cn-hangzhou-i', VSwitchId: 'vsw-bp1demoi000000001' }],
  })));
  assert.match(e.code, /^(IllegalParam|InvalidParam)/, e.message);
  assert.equal(e.status, 400);
});

// Finding F2 (FINDINGS.md, fixed in src/sim 06ab3f4). Forbidden.RAM only ever happens to RAM identities: an
// account's own (root) AccessKey is not subject to RAM policies. So the restricted demo key must
// identify as a RAM user, which is what the app's "Verify" shows.
test('restricted key: STS GetCallerIdentity identifies a RAM user, not the root account', async () => {
    const me = await C.stsClient(sim, { keyId: DEMO.restrictedKeyId, secret: DEMO.restrictedKeySecret }).getCallerIdentity();
    assert.equal(me.body.accountId, DEMO.accountId);
    assert.equal(me.body.identityType, 'RAMUser');
    assert.match(me.body.arn, new RegExp(`^acs:ram::${DEMO.accountId}:user/.+`));
    assert.notEqual(me.body.userId, DEMO.accountId);
  });

// Finding F4 (FINDINGS.md, fixed in src/sim 06ab3f4): page 1 accepts an optional STS token, which the SDKs
// send as x-acs-security-token (V3) / SecurityToken (V1). A token the STS never issued, attached to
// a long-term AccessKey, is rejected by the real gateway (InvalidSecurityToken.*).
test('an STS security token that was never issued → InvalidSecurityToken.* (4xx)', async () => {
    const e = await C.expectError(() => C.stsClient(sim, { securityToken: 'never-issued-token' }).getCallerIdentity());
    assert.match(e.code, /^InvalidSecurityToken/, e.message);
    assert.ok(e.status >= 400 && e.status < 500, `status ${e.status}`);
  });

test('the seeded STS temporary key with its token works through V3, V2 and pop-core; without it → rejected', async () => {
  const sts = { keyId: DEMO.stsKeyId, secret: DEMO.stsKeySecret, securityToken: DEMO.stsToken };
  const me = await C.stsClient(sim, sts).getCallerIdentity();
  assert.equal(me.body.accountId, DEMO.accountId);
  assert.equal(me.body.identityType, 'AssumedRoleUser');
  assert.match(me.body.arn, new RegExp(`^acs:ram::${DEMO.accountId}:assumed-role/[^/]+/[^/]+$`));
  const v2 = await C.callRpc(C.openApiClient(sim, { ...sts, signature: 'v2' }), 'sts', 'GetCallerIdentity', {});
  assert.equal(v2.body.IdentityType, 'AssumedRoleUser');
  const [pop] = await C.popClient(sim, 'sts', sts).request('GetCallerIdentity', {}, { method: 'POST' });
  assert.equal(pop.IdentityType, 'AssumedRoleUser');
  const e = await C.expectError(() => C.stsClient(sim, { keyId: DEMO.stsKeyId, secret: DEMO.stsKeySecret }).getCallerIdentity());
  assert.match(e.code, /SecurityToken/, e.message);
  assert.ok(e.status >= 400 && e.status < 500, `status ${e.status}`);
});

// --- TiDB Cloud Digest -----------------------------------------------------------------------------

test('TiDB Cloud: no credentials → 401 with a Digest challenge; wrong private key → 401', async () => {
  const anon = await T.curlDigest(sim, 'GET', T.clusterPath('/privateLinkConnections'), { user: null, digest: false });
  assert.equal(anon.status, 401);
  assert.ok(anon.challenges.some((c) => /^Digest /i.test(c) && /qop="?auth/i.test(c)), anon.headers);
  const wrong = await T.curlDigest(sim, 'GET', T.clusterPath('/privateLinkConnections'), { password: 'wrong-private-key' });
  assert.equal(wrong.status, 401);
  const right = await T.curlDigest(sim, 'GET', T.clusterPath('/privateLinkConnections'));
  assert.deepEqual(right.statuses, [401, 200]);
  assert.ok(Array.isArray(right.json.privateLinkConnections), right.text);
});

test('TiDB Cloud: creating a connection to an unknown endpoint service does not reach ACTIVE', async () => {
  const res = await T.createPrivateLinkConnection(sim, `com.aliyuncs.privatelink.${DEMO.region}.epsrv-doesnotexist0000`);
  if (res.status === 200) {
    const got = await waitFor('the connection to fail', () => T.getPrivateLinkConnection(sim, res.json.privateLinkConnectionId),
      (r) => r.json?.state === 'FAILED', { intervalMs: 200 });
    assert.ok(got.json.message, 'FAILED carries a message');
  } else {
    assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
    assert.equal(typeof res.json?.code, 'number', `google.rpc Status body: ${res.text}`);
    assert.ok(res.json.message);
  }
});

test('TiDB Cloud: a connection to an Active service that does not whitelist the TiDB account goes FAILED with a message', async () => {
  const client = C.openApiClient(sim);
  const lb = await C.nlb(client, 'CreateLoadBalancer', loadBalancerParams({ ClientToken: token() }));
  const svc = await C.privatelink(client, 'CreateVpcEndpointService', {
    RegionId: DEMO.region, ServiceResourceType: 'nlb', AutoAcceptEnabled: false, ClientToken: token(),
    Resource: [{ ResourceType: 'nlb', ResourceId: lb.body.LoadbalancerId, ZoneId: 'cn-hangzhou-i' },
               { ResourceType: 'nlb', ResourceId: lb.body.LoadbalancerId, ZoneId: 'cn-hangzhou-j' }],
  });
  const attr = await waitFor('service Active', () => C.privatelink(client, 'GetVpcEndpointServiceAttribute',
    { RegionId: DEMO.region, ServiceId: svc.body.ServiceId }), (r) => r.body.ServiceStatus === 'Active');
  const res = await T.createPrivateLinkConnection(sim, attr.body.ServiceName, 'lw-not-whitelisted');
  if (res.status === 200) {
    const got = await waitFor('the connection to fail', () => T.getPrivateLinkConnection(sim, res.json.privateLinkConnectionId),
      (r) => {
        assert.notEqual(r.json?.state, 'ACTIVE');
        return r.json?.state === 'FAILED';
      }, { intervalMs: 200 });
    assert.ok(got.json.message, 'FAILED carries a message');
  } else {
    assert.ok(res.status >= 400 && res.status < 500, `status ${res.status}`);
    assert.ok(res.json?.message, res.text);
  }
  const conns = await C.privatelink(client, 'ListVpcEndpointConnections', { RegionId: DEMO.region, ServiceId: svc.body.ServiceId });
  assert.equal((conns.body.Connections || []).length, 0, 'no endpoint connection reached a service that does not whitelist TiDB');
});

test('the simulator survived every case above', () => {
  assert.ok(sim.alive, `linkwright-sim exited: ${JSON.stringify(sim.exitInfo)}\n${sim.stderr.slice(-2000)}`);
});

// --- state machines that must not be skipped (own simulator with the demo latency profile) --------

test('listener on a non-Active NLB, whitelist on a non-Active endpoint service → rejected', async (t) => {
  // demo profile × 0.4: NLB ~2 s Provisioning, endpoint service ~1.2 s Creating — ample windows for
  // an immediate call, short enough for the suite.
  const slow = await startSim({ profile: 'demo', extraArgs: ['--time-scale', '0.4'] });
  t.after(() => slow.stop());
  const client = C.openApiClient(slow);

  const sg = await C.nlb(client, 'CreateServerGroup', serverGroupParams({ ClientToken: token() }));
  const lb = await C.nlb(client, 'CreateLoadBalancer', loadBalancerParams({ ClientToken: token() }));
  const nlbId = lb.body.LoadbalancerId;
  const attr = await C.nlb(client, 'GetLoadBalancerAttribute', { RegionId: DEMO.region, LoadBalancerId: nlbId });
  assert.notEqual(attr.body.LoadBalancerStatus, 'Active', 'the NLB is still provisioning');
  let e = await C.expectError(() => C.nlb(client, 'CreateListener', {
    RegionId: DEMO.region, ListenerProtocol: 'TCP', ListenerPort: 3306, LoadBalancerId: nlbId,
    ServerGroupId: sg.body.ServerGroupId, ClientToken: token(),
  }));
  assert.match(e.code, /^IncorrectStatus/, e.message);
  assert.ok(e.status >= 400 && e.status < 500, `status ${e.status}`);

  const svc = await C.privatelink(client, 'CreateVpcEndpointService',
    { RegionId: DEMO.region, ServiceResourceType: 'nlb', AutoAcceptEnabled: false, ClientToken: token() });
  const sattr = await C.privatelink(client, 'GetVpcEndpointServiceAttribute',
    { RegionId: DEMO.region, ServiceId: svc.body.ServiceId });
  assert.equal(sattr.body.ServiceStatus, 'Creating');
  e = await C.expectError(() => C.privatelink(client, 'AddUserToVpcEndpointService', {
    RegionId: DEMO.region, ServiceId: svc.body.ServiceId, UserId: DEMO.tidb.accountId, ClientToken: token(),
  }));
  assert.match(e.code, /^(EndpointServiceOperationDenied|IncorrectStatus|EndpointServiceLocked)/, e.message);
  assert.ok(e.status >= 400 && e.status < 500, `status ${e.status}`);

  // Once Active, the same calls go through (the rejection was about state, not the request).
  await waitFor('NLB Active', () => C.nlb(client, 'GetLoadBalancerAttribute', { RegionId: DEMO.region, LoadBalancerId: nlbId }),
    (r) => r.body.LoadBalancerStatus === 'Active', { timeoutMs: 30000, intervalMs: 200 });
  const lsn = await C.nlb(client, 'CreateListener', {
    RegionId: DEMO.region, ListenerProtocol: 'TCP', ListenerPort: 3306, LoadBalancerId: nlbId,
    ServerGroupId: sg.body.ServerGroupId, ClientToken: token(),
  });
  assert.match(lsn.body.ListenerId, /^lsn-/);
  await waitFor('service Active', () => C.privatelink(client, 'GetVpcEndpointServiceAttribute',
    { RegionId: DEMO.region, ServiceId: svc.body.ServiceId }),
  (r) => r.body.ServiceStatus === 'Active', { timeoutMs: 30000, intervalMs: 200 });
  const added = await C.privatelink(client, 'AddUserToVpcEndpointService', {
    RegionId: DEMO.region, ServiceId: svc.body.ServiceId, UserId: DEMO.tidb.accountId, ClientToken: token(),
  });
  assert.equal(added.statusCode, 200);
  assert.ok(slow.alive);
});

// Helpers reading /_sim/state without depending on more of its layout than needed.
function liveSummary(state) {
  const live = state.live ?? state.resources ?? {};
  const out = {};
  for (const [k, v] of Object.entries(live))
    out[k] = Array.isArray(v) ? v.length : (typeof v === 'number' ? v : JSON.stringify(v).length);
  return out;
}

function tokenCreations(state, clientToken) {
  const table = state.creations_per_token ?? state.token_creations ?? state.creationsPerToken ??
                state.client_tokens ?? state.tokens ?? {};
  const v = table[clientToken];
  return typeof v === 'number' ? v : (v?.count ?? v?.creations ?? 0);
}
