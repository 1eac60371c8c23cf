'use strict';
// The official @alicloud/ecs20140526 7.11.6 client (openapi-core, V3, parameters in the query)
// against linkwright-sim: every ECS action Linkwright calls — success, a documented error, a bad
// signature refused, both paging styles, ClientToken idempotency — and every answer field of the
// official model type (raw answers through @alicloud/openapi-client, held to the committed models).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startSim, countLive } = require('./lib/sim');
const C = require('./lib/clients');
const { loadModels, conforms } = require('./lib/model-types');

const { Ecs, DEMO } = C;
const HAPPY = 'i-bp1demomysqlecs01';
const FIX = 'i-bp1demomysqlecs02';
const SG_FIX = 'sg-bp1demoecsnorule1';
const models = loadModels();
let sim;

before(async () => { sim = await startSim(); });
after(async () => { if (sim) await sim.stop(); });

async function raw(action, query, opts) {
  return (await C.callRpc(C.openApiClient(sim, opts), 'ecs', action, { query })).body;
}

function assertConforms(action, answer) {
  assert.deepEqual(conforms(models, 'ecs', action, answer), [], `${action}: ${JSON.stringify(answer).slice(0, 400)}`);
}

async function expectEcsError(fn, code, status) {
  const e = await C.expectError(fn);
  assert.equal(e.code, code, e.message);
  assert.equal(e.status, status, e.message);
  return e;
}

function permission(cidr, extra = {}) {
  return new Ecs.AuthorizeSecurityGroupRequestPermissions({
    ipProtocol: 'TCP', portRange: '3306/3306', sourceCidrIp: cidr, policy: 'accept', priority: '1',
    description: 'lw-conformance', ...extra,
  });
}

async function rules(sg = SG_FIX) {
  const res = await C.ecsClient(sim).describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest({
    regionId: DEMO.region, securityGroupId: sg, direction: 'ingress',
  }));
  return res.body.permissions.permission;
}

test('DescribeInstances: typed call, InstanceIds (JSON array), both paging styles, DryRun, model types', async () => {
  const client = C.ecsClient(sim);
  const res = await client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: DEMO.region }));
  assert.equal(res.statusCode, 200);
  const happy = res.body.instances.instance.find((i) => i.instanceId === HAPPY);
  assert.equal(happy.status, 'Running');
  assert.equal(happy.instanceNetworkType, 'vpc');
  assert.equal(happy.vpcAttributes.vpcId, DEMO.vpcId);
  assert.deepEqual(happy.vpcAttributes.privateIpAddress.ipAddress, ['172.16.2.60']);
  assert.deepEqual(happy.securityGroupIds.securityGroupId, ['sg-bp1demoecsmysql01']);
  assert.equal(res.body.totalCount, 4);

  const some = await client.describeInstances(new Ecs.DescribeInstancesRequest({
    regionId: DEMO.region, instanceIds: JSON.stringify([FIX, 'i-doesnotexist0000001']),
  }));
  assert.deepEqual(some.body.instances.instance.map((i) => i.instanceId), [FIX]);

  const p2 = await client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: DEMO.region, pageSize: 3, pageNumber: 2 }));
  assert.equal(p2.body.instances.instance.length, 1);
  assert.equal(p2.body.pageNumber, 2);
  const t1 = await client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: DEMO.region, maxResults: 3 }));
  assert.equal(t1.body.instances.instance.length, 3);
  assert.ok(t1.body.nextToken);
  const t2 = await client.describeInstances(new Ecs.DescribeInstancesRequest({
    regionId: DEMO.region, maxResults: 3, nextToken: t1.body.nextToken,
  }));
  assert.equal(t2.body.instances.instance.length, 1);

  assertConforms('DescribeInstances', await raw('DescribeInstances', { RegionId: DEMO.region }));
  assertConforms('DescribeInstances', await raw('DescribeInstances', { RegionId: DEMO.region, MaxResults: 2 }));
  await expectEcsError(() => client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: DEMO.region, dryRun: true })),
                       'DryRunOperation', 400);
  await expectEcsError(() => client.describeInstances(new Ecs.DescribeInstancesRequest({
    regionId: DEMO.region, instanceIds: HAPPY,
  })), 'InvalidInstanceIds.Malformed', 400);
  await expectEcsError(() => client.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: DEMO.region, pageSize: 101 })),
                       'InvalidParameter', 400);
});

test('DescribeSecurityGroupAttribute: typed call, unknown group, model types', async () => {
  const r = await rules('sg-bp1demoecsmysql01');
  const mysql = r.find((p) => p.portRange === '3306/3306');
  assert.equal(mysql.ipProtocol, 'TCP');
  assert.equal(mysql.sourceCidrIp, '172.16.0.0/16');
  assert.equal(mysql.policy, 'Accept');
  assert.equal(mysql.priority, '1');
  assertConforms('DescribeSecurityGroupAttribute', await raw('DescribeSecurityGroupAttribute', {
    RegionId: DEMO.region, SecurityGroupId: 'sg-bp1demoecsmysql01',
  }));
  await expectEcsError(() => C.ecsClient(sim).describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest({
    regionId: DEMO.region, securityGroupId: 'sg-doesnotexist00001',
  })), 'InvalidSecurityGroupId.NotFound', 404);
});

test('AuthorizeSecurityGroup / RevokeSecurityGroup: rules added and revoked, ClientToken, documented refusals', async () => {
  const client = C.ecsClient(sim);
  const request = () => new Ecs.AuthorizeSecurityGroupRequest({
    regionId: DEMO.region, securityGroupId: SG_FIX, clientToken: 'lw-conformance-authorize-1',
    permissions: [permission('172.16.2.0/24'), permission('172.16.3.0/24')],
  });
  const res = await client.authorizeSecurityGroup(request());
  assert.equal(res.statusCode, 200);
  assert.ok(res.body.requestId);
  assert.equal(countLive((await sim.state()).live, /^ecs-security-rule$/), 2);
  // The same ClientToken again: the same result, nothing new.
  await client.authorizeSecurityGroup(request());
  assert.equal(countLive((await sim.state()).live, /^ecs-security-rule$/), 2);
  const added = (await rules()).filter((p) => p.description === 'lw-conformance');
  assert.deepEqual(added.map((p) => p.sourceCidrIp).sort(), ['172.16.2.0/24', '172.16.3.0/24']);
  assert.ok(added.every((p) => p.securityGroupRuleId.startsWith('sgr-')));

  const revoke = await client.revokeSecurityGroup(new Ecs.RevokeSecurityGroupRequest({
    regionId: DEMO.region, securityGroupId: SG_FIX, clientToken: 'lw-conformance-revoke-1',
    securityGroupRuleId: added.map((p) => p.securityGroupRuleId),
  }));
  assert.equal(revoke.statusCode, 200);
  assert.equal(countLive((await sim.state()).live, /^ecs-security-rule$/), 0);
  assert.equal((await rules()).length, 1);
  await expectEcsError(() => client.revokeSecurityGroup(new Ecs.RevokeSecurityGroupRequest({
    regionId: DEMO.region, securityGroupId: SG_FIX, securityGroupRuleId: [added[0].securityGroupRuleId],
  })), 'InvalidSecurityGroupRuleId.NotFound', 404);

  assertConforms('AuthorizeSecurityGroup', await raw('AuthorizeSecurityGroup', C.flat({
    RegionId: DEMO.region, SecurityGroupId: SG_FIX,
    Permissions: [{ IpProtocol: 'TCP', PortRange: '3306/3306', SourceCidrIp: '10.9.0.0/16', Description: 'lw-raw' }],
  })));
  assertConforms('RevokeSecurityGroup', await raw('RevokeSecurityGroup', C.flat({
    RegionId: DEMO.region, SecurityGroupId: SG_FIX,
    Permissions: [{ IpProtocol: 'TCP', PortRange: '3306/3306', SourceCidrIp: '10.9.0.0/16' }],
  })));
  assert.equal((await rules()).length, 1);

  const refuse = (perm, code) => expectEcsError(() => client.authorizeSecurityGroup(new Ecs.AuthorizeSecurityGroupRequest({
    regionId: DEMO.region, securityGroupId: SG_FIX, permissions: [perm],
  })), code, 400);
  await refuse(permission('172.16.2.0/24', { ipProtocol: 'SCTP' }), 'InvalidIpProtocol.Malformed');
  await refuse(permission('172.16.2.0/24', { portRange: '3306' }), 'InvalidPortRange.Malformed');
  await refuse(permission('172.16.2.0/24', { portRange: '0/65536' }), 'InvalidPortRange.Malformed');
  await refuse(permission('172.16.2.0/33'), 'InvalidSourceCidrIp.Malformed');
  await refuse(permission('172.16.2.0/24', { policy: 'allow' }), 'InvalidPolicy.Malformed');
  await refuse(permission('172.16.2.0/24', { priority: '101' }), 'InvalidPriority.Malformed');
  await refuse(permission('172.16.2.0/24', { description: 'http://example.com' }), 'InvalidDescription.Malformed');
  await expectEcsError(() => client.authorizeSecurityGroup(new Ecs.AuthorizeSecurityGroupRequest({
    regionId: DEMO.region, securityGroupId: 'sg-doesnotexist00001', permissions: [permission('10.0.0.0/8')],
  })), 'InvalidSecurityGroupId.NotFound', 404);
  assert.equal(countLive((await sim.state()).live, /^ecs-security-rule$/), 0);
});

test('a wrong secret is refused: SignatureDoesNotMatch (400) for every ECS action', async () => {
  const bad = C.ecsClient(sim, { secret: 'not-the-secret' });
  const calls = [
    () => bad.describeInstances(new Ecs.DescribeInstancesRequest({ regionId: DEMO.region })),
    () => bad.describeSecurityGroupAttribute(new Ecs.DescribeSecurityGroupAttributeRequest({
      regionId: DEMO.region, securityGroupId: SG_FIX })),
    () => bad.authorizeSecurityGroup(new Ecs.AuthorizeSecurityGroupRequest({
      regionId: DEMO.region, securityGroupId: SG_FIX, permissions: [permission('10.0.0.0/8')] })),
    () => bad.revokeSecurityGroup(new Ecs.RevokeSecurityGroupRequest({
      regionId: DEMO.region, securityGroupId: SG_FIX, permissions: [permission('10.0.0.0/8')] })),
  ];
  for (const call of calls)
    await expectEcsError(call, 'SignatureDoesNotMatch', 400);
  assert.equal(countLive((await sim.state()).live, /^ecs-security-rule$/), 0);
});
