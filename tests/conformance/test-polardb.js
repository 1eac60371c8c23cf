'use strict';
// The official @alicloud/polardb20170801 1.0.0 client (rpc-client: V1 HMAC-SHA1, every parameter in
// a POST form body) against linkwright-sim: every PolarDB action Linkwright calls — success, a
// documented error, a bad signature refused, paging — and every answer field of the official model
// type (raw answers through the client's own doRequest, held to the committed models file).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const TeaUtil = require('@alicloud/tea-util');
const { startSim, countLive } = require('./lib/sim');
const C = require('./lib/clients');
const { loadModels, conforms } = require('./lib/model-types');

const { Polardb } = C;
const HAPPY = 'pc-bp1demopolar0001';
const FIX = 'pc-bp1demopolar0002';
const models = loadModels();
let sim;

before(async () => { sim = await startSim(); });
after(async () => { if (sim) await sim.stop(); });

// The raw answer of one call, as the SDK's client sends it (its own doRequest, no retries).
async function raw(action, body, opts) {
  const runtime = new TeaUtil.RuntimeOptions({ autoretry: false, maxAttempts: 1 });
  return C.polardbClient(sim, opts).doRequest(action, 'HTTPS', 'POST', C.VERSIONS.polardb, 'AK', null, body, runtime);
}

function assertConforms(action, answer) {
  assert.deepEqual(conforms(models, 'polardb', action, answer), [], `${action}: ${JSON.stringify(answer).slice(0, 400)}`);
}

// rpc-client errors: code "<Code>Error", message "code: <status>, …", data = the error body.
async function expectPolarError(fn, code, status) {
  const e = await C.expectError(fn);
  assert.equal(e.data?.Code, code, e.message);
  assert.equal(e.code, `${code}Error`);
  assert.match(e.message, new RegExp(`: code: ${status}, `));
  for (const member of ['RequestId', 'HostId', 'Code', 'Message', 'Recommend'])
    assert.ok(e.data[member], `error body has ${member}`);
  return e;
}

test('DescribeDBClusters: typed call, filters, paging (PageSize 30/50/100), model types', async () => {
  const client = C.polardbClient(sim);
  const res = await client.describeDBClusters(new Polardb.DescribeDBClustersRequest({ regionId: C.DEMO.region }));
  const ids = res.items.DBCluster.map((c) => c.DBClusterId);
  assert.deepEqual(ids, [HAPPY, FIX, 'pc-bp1demopolarstop', 'pc-bp1demopolarpg01']);
  const happy = res.items.DBCluster[0];
  assert.equal(happy.DBType, 'MySQL');
  assert.equal(happy.DBVersion, '8.0');
  assert.equal(happy.DBClusterStatus, 'Running');
  assert.equal(happy.DBClusterNetworkType, 'VPC');
  assert.equal(happy.zoneId, 'cn-hangzhou-i');
  assert.equal(happy.vpcId, C.DEMO.vpcId);
  assert.equal(res.totalRecordCount, 4);

  const mysql = await client.describeDBClusters(new Polardb.DescribeDBClustersRequest({
    regionId: C.DEMO.region, DBType: 'MySQL', DBClusterStatus: 'Running',
  }));
  assert.deepEqual(mysql.items.DBCluster.map((c) => c.DBClusterId), [HAPPY, FIX]);

  const p1 = await raw('DescribeDBClusters', { RegionId: C.DEMO.region, PageSize: 30, PageNumber: 1 });
  assertConforms('DescribeDBClusters', p1);
  assert.equal(p1.PageRecordCount, 4);
  const p2 = await raw('DescribeDBClusters', { RegionId: C.DEMO.region, PageSize: 30, PageNumber: 2 });
  assert.equal(p2.PageRecordCount, 0);
  assert.equal(p2.TotalRecordCount, 4);
  assert.equal(p2.PageNumber, 2);
  await expectPolarError(() => raw('DescribeDBClusters', { RegionId: C.DEMO.region, PageSize: 20 }),
                         'InvalidPageSize.Malformed', 400);
  await expectPolarError(() => client.describeDBClusters(new Polardb.DescribeDBClustersRequest({})),
                         'MissingParam.RegionId', 400);
});

test('DescribeDBClusterAttribute: typed call, unknown cluster, model types', async () => {
  const res = await C.polardbClient(sim).describeDBClusterAttribute(new Polardb.DescribeDBClusterAttributeRequest({
    DBClusterId: FIX,
  }));
  assert.equal(res.DBClusterId, FIX);
  assert.equal(res.DBVersion, '5.7');
  assert.equal(res.VPCId, C.DEMO.vpcId);
  assert.equal(res.VSwitchId, 'vsw-bp1demoh000000001');
  assertConforms('DescribeDBClusterAttribute', await raw('DescribeDBClusterAttribute', { DBClusterId: HAPPY }));
  await expectPolarError(() => raw('DescribeDBClusterAttribute', { DBClusterId: 'pc-doesnotexist00' }),
                         'InvalidDBClusterId.NotFound', 404);
});

test('DescribeDBClusterEndpoints: typed call, one endpoint, unknown cluster, model types', async () => {
  const client = C.polardbClient(sim);
  const res = await client.describeDBClusterEndpoints(new Polardb.DescribeDBClusterEndpointsRequest({ DBClusterId: HAPPY }));
  const cluster = res.items.find((e) => e.endpointType === 'Cluster');
  assert.equal(cluster.DBEndpointId, 'pe-bp1democluster01');
  assert.equal(cluster.addressItems[0].IPAddress, '172.16.2.30');
  assert.equal(cluster.addressItems[0].port, '3306');
  assert.equal(cluster.addressItems[0].netType, 'Private');
  const one = await client.describeDBClusterEndpoints(new Polardb.DescribeDBClusterEndpointsRequest({
    DBClusterId: HAPPY, DBEndpointId: 'pe-bp1demoprimary01',
  }));
  assert.deepEqual(one.items.map((e) => e.endpointType), ['Primary']);
  assertConforms('DescribeDBClusterEndpoints', await raw('DescribeDBClusterEndpoints', { DBClusterId: HAPPY }));
  await expectPolarError(() => client.describeDBClusterEndpoints(new Polardb.DescribeDBClusterEndpointsRequest({
    DBClusterId: 'pc-doesnotexist00',
  })), 'InvalidDBClusterId.NotFound', 404);
});

test('Describe/ModifyDBClusterAccessWhitelist: group added (live), appended, removed; documented refusals', async () => {
  const client = C.polardbClient(sim);
  const groups = async () => (await client.describeDBClusterAccessWhitelist(
    new Polardb.DescribeDBClusterAccessWhitelistRequest({ DBClusterId: FIX }))).items.DBClusterIPArray;
  assert.deepEqual((await groups()).map((g) => [g.DBClusterIPArrayName, g.securityIps]), [['default', '127.0.0.1']]);

  const res = await client.modifyDBClusterAccessWhitelist(new Polardb.ModifyDBClusterAccessWhitelistRequest({
    DBClusterId: FIX, DBClusterIPArrayName: 'lwconformance1', securityIps: '172.16.2.0/24', modifyMode: 'Append',
  }));
  assert.ok(res.requestId);
  assert.equal(countLive((await sim.state()).live, /^polardb-whitelist$/), 1);
  await client.modifyDBClusterAccessWhitelist(new Polardb.ModifyDBClusterAccessWhitelistRequest({
    DBClusterId: FIX, DBClusterIPArrayName: 'lwconformance1', securityIps: '172.16.3.0/24', modifyMode: 'Append',
  }));
  const g = (await groups()).find((x) => x.DBClusterIPArrayName === 'lwconformance1');
  assert.equal(g.securityIps, '172.16.2.0/24,172.16.3.0/24');
  assertConforms('DescribeDBClusterAccessWhitelist', await raw('DescribeDBClusterAccessWhitelist', { DBClusterId: FIX }));
  assertConforms('ModifyDBClusterAccessWhitelist', await raw('ModifyDBClusterAccessWhitelist', {
    DBClusterId: FIX, DBClusterIPArrayName: 'lwconformance1', SecurityIps: '172.16.2.0/24,172.16.3.0/24',
    ModifyMode: 'Delete',
  }));
  assert.equal((await groups()).find((x) => x.DBClusterIPArrayName === 'lwconformance1'), undefined);
  assert.equal(countLive((await sim.state()).live, /^polardb-whitelist$/), 0);

  await expectPolarError(() => client.modifyDBClusterAccessWhitelist(new Polardb.ModifyDBClusterAccessWhitelistRequest({
    DBClusterId: FIX, DBClusterIPArrayName: 'lw_underscore', securityIps: '10.0.0.1',
  })), 'InvalidDBClusterIPArrayName.Malformed', 400);
  await expectPolarError(() => client.modifyDBClusterAccessWhitelist(new Polardb.ModifyDBClusterAccessWhitelistRequest({
    DBClusterId: FIX, securityIps: '10.0.0.0/33',
  })), 'InvalidSecurityIPList.Format', 400);
  await expectPolarError(() => client.modifyDBClusterAccessWhitelist(new Polardb.ModifyDBClusterAccessWhitelistRequest({
    DBClusterId: FIX, securityIps: '10.0.0.1', modifyMode: 'Replace',
  })), 'IllegalParam.ModifyMode', 400);
  await expectPolarError(() => client.modifyDBClusterAccessWhitelist(new Polardb.ModifyDBClusterAccessWhitelistRequest({
    DBClusterId: 'pc-bp1demopolarstop', securityIps: '10.0.0.1',
  })), 'OperationDenied.DBClusterStatus', 403);
});

test('a wrong secret is refused: SignatureDoesNotMatch (400) for every PolarDB action', async () => {
  const bad = C.polardbClient(sim, { secret: 'not-the-secret' });
  const calls = [
    () => bad.describeDBClusters(new Polardb.DescribeDBClustersRequest({ regionId: C.DEMO.region })),
    () => bad.describeDBClusterAttribute(new Polardb.DescribeDBClusterAttributeRequest({ DBClusterId: HAPPY })),
    () => bad.describeDBClusterEndpoints(new Polardb.DescribeDBClusterEndpointsRequest({ DBClusterId: HAPPY })),
    () => bad.describeDBClusterAccessWhitelist(new Polardb.DescribeDBClusterAccessWhitelistRequest({ DBClusterId: HAPPY })),
    () => bad.modifyDBClusterAccessWhitelist(new Polardb.ModifyDBClusterAccessWhitelistRequest({
      DBClusterId: HAPPY, securityIps: '10.0.0.1', DBClusterIPArrayName: 'lwbad1',
    })),
  ];
  for (const call of calls)
    await expectPolarError(call, 'SignatureDoesNotMatch', 400);
  assert.equal(countLive((await sim.state()).live, /^polardb-whitelist$/), 0);
});
