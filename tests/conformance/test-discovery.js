'use strict';
// Discovery calls (product.md pages 1, 3 and 4) through every official client and both signature
// versions: the typed clients (@alicloud/rds20140815, vpc20160428, sts20150401; V3 signature),
// @alicloud/openapi-client callApi (V3 and signatureAlgorithm 'v2'), and @alicloud/pop-core
// RPCClient (HMAC-SHA1, GET and POST). Checks the fields Linkwright reads, including the real
// APIs' quirks (string Port, VPCId in NetInfo but VpcId in DescribeDBInstances).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startSim } = require('./lib/sim');
const C = require('./lib/clients');
const T = require('./lib/tidb');

const { DEMO } = C;
const SEARCH_KEY = "a b*c~d/e+f!'()=&%20% 数据库 ✓";
let sim;

before(async () => { sim = await startSim(); });
after(async () => { if (sim) await sim.stop(); });

// --- typed clients (V3) -------------------------------------------------------------------------

test('STS GetCallerIdentity (typed client, V3) returns the demo account', async () => {
  const res = await C.stsClient(sim).getCallerIdentity();
  assert.equal(res.statusCode, 200);
  assert.equal(res.body.accountId, DEMO.accountId);
  assert.equal(typeof res.body.accountId, 'string');
  assert.match(res.body.arn, new RegExp(`^acs:ram::${DEMO.accountId}:`));
  assert.ok(res.body.requestId, 'RequestId present');
  assert.ok(res.body.identityType, 'IdentityType present');
});

test('RDS DescribeRegions (typed client) lists the demo regions, one row per zone', async () => {
  const res = await C.rdsClient(sim).describeRegions(new C.Rds.DescribeRegionsRequest({}));
  assert.equal(res.statusCode, 200);
  const rows = res.body.regions.RDSRegion;
  assert.ok(Array.isArray(rows) && rows.length > 0);
  const regions = new Set(rows.map((r) => r.regionId));
  for (const r of DEMO.regions)
    assert.ok(regions.has(r), `region ${r} listed`);
  const hz = new Set(rows.filter((r) => r.regionId === DEMO.region).map((r) => r.zoneId));
  for (const z of DEMO.zones)
    assert.ok(hz.has(z), `zone ${z} listed for ${DEMO.region}`);
});

test('RDS DescribeDBInstances (typed client) with Engine=MySQL hides PostgreSQL', async () => {
  const res = await C.rdsClient(sim).describeDBInstances(new C.Rds.DescribeDBInstancesRequest({
    regionId: DEMO.region, engine: 'MySQL', pageSize: 30, pageNumber: 1,
  }));
  assert.equal(res.statusCode, 200);
  const items = res.body.items.DBInstance;
  const byId = Object.fromEntries(items.map((i) => [i.DBInstanceId, i]));
  const happy = byId[DEMO.rds.happy.id];
  assert.ok(happy, 'happy-path instance listed');
  assert.equal(happy.engine, 'MySQL');
  assert.equal(happy.DBInstanceStatus, 'Running');
  assert.equal(happy.instanceNetworkType, 'VPC');
  assert.equal(happy.vpcId, DEMO.vpcId);
  assert.equal(happy.zoneId, DEMO.rds.happy.zone);
  assert.ok(byId[DEMO.rds.classic.id], 'classic-network instance listed (shown as not selectable)');
  assert.equal(byId[DEMO.rds.classic.id].instanceNetworkType, 'Classic');
  assert.ok(byId[DEMO.rds.stopped.id], 'stopped instance listed');
  assert.notEqual(byId[DEMO.rds.stopped.id].DBInstanceStatus, 'Running');
  assert.equal(byId[DEMO.rds.pg.id], undefined, 'PostgreSQL filtered out by Engine=MySQL');
  assert.equal(typeof res.body.totalRecordCount, 'number');
  assert.ok(res.body.totalRecordCount >= items.length);
});

test('RDS DescribeDBInstances without Engine also lists PostgreSQL', async () => {
  const res = await C.rdsClient(sim).describeDBInstances(new C.Rds.DescribeDBInstancesRequest({
    regionId: DEMO.region, pageSize: 100,
  }));
  const ids = res.body.items.DBInstance.map((i) => i.DBInstanceId);
  assert.ok(ids.includes(DEMO.rds.pg.id));
});

test('RDS DescribeDBInstances pages with PageSize/PageNumber', async () => {
  const client = C.rdsClient(sim);
  const page1 = await client.describeDBInstances(new C.Rds.DescribeDBInstancesRequest({
    regionId: DEMO.region, pageSize: 1, pageNumber: 1,
  }));
  const page2 = await client.describeDBInstances(new C.Rds.DescribeDBInstancesRequest({
    regionId: DEMO.region, pageSize: 1, pageNumber: 2,
  }));
  assert.equal(page1.body.items.DBInstance.length, 1);
  assert.equal(page2.body.items.DBInstance.length, 1);
  assert.notEqual(page1.body.items.DBInstance[0].DBInstanceId, page2.body.items.DBInstance[0].DBInstanceId);
  assert.equal(page1.body.pageRecordCount, 1);
  assert.ok(page1.body.totalRecordCount >= 2);
});

// Finding F3 (FINDINGS.md, fixed in src/sim 06ab3f4): the real DescribeDBInstances also pages with
// MaxResults + NextToken ("if you specify MaxResults, PageSize and PageNumber are unavailable").
test('RDS DescribeDBInstances pages with MaxResults/NextToken', async () => {
    const client = C.rdsClient(sim);
    const seen = [];
    let nextToken;
    for (let page = 0; page < 10; page++) {
      const res = await client.describeDBInstances(new C.Rds.DescribeDBInstancesRequest({
        regionId: DEMO.region, maxResults: 2, nextToken,
      }));
      const ids = res.body.items.DBInstance.map((i) => i.DBInstanceId);
      assert.ok(ids.length <= 2, `MaxResults=2 honoured, got ${ids.length}`);
      seen.push(...ids);
      nextToken = res.body.nextToken;
      if (!nextToken)
        break;
    }
    assert.equal(new Set(seen).size, seen.length, 'no instance listed twice');
    assert.ok(seen.includes(DEMO.rds.happy.id) && seen.includes(DEMO.rds.pg.id), `all instances reached: ${seen}`);
    assert.ok(seen.length >= 5);
  });

test('RDS DescribeDBInstanceNetInfo (typed client) gives the private IP and a string Port', async () => {
  const res = await C.rdsClient(sim).describeDBInstanceNetInfo(new C.Rds.DescribeDBInstanceNetInfoRequest({
    DBInstanceId: DEMO.rds.happy.id,
  }));
  assert.equal(res.statusCode, 200);
  assert.equal(res.body.instanceNetworkType, 'VPC');
  const infos = res.body.DBInstanceNetInfos.DBInstanceNetInfo;
  const priv = infos.find((i) => i.IPType === 'Private' && i.connectionStringType === 'Normal');
  assert.ok(priv, 'a Private/Normal entry exists');
  assert.equal(priv.IPAddress, DEMO.rds.happy.ip);
  assert.equal(priv.port, DEMO.rds.happy.port);
  assert.equal(typeof priv.port, 'string', 'Port is a string in the real API');
  assert.equal(priv.VPCId, DEMO.vpcId);
  assert.ok(priv.vSwitchId);
  assert.ok(priv.connectionString);
});

test('RDS DescribeDBInstanceNetInfo raw JSON keeps the real key names (VPCId, string Port)', async () => {
  const res = await C.callRpc(C.openApiClient(sim), 'rds', 'DescribeDBInstanceNetInfo', {
    query: { DBInstanceId: DEMO.rds.happy.id },
  });
  const infos = res.body.DBInstanceNetInfos.DBInstanceNetInfo;
  const priv = infos.find((i) => i.IPType === 'Private');
  assert.ok('VPCId' in priv, `NetInfo uses "VPCId": ${JSON.stringify(priv)}`);
  assert.equal(priv.VpcId, undefined, 'NetInfo has no "VpcId"');
  assert.equal(typeof priv.Port, 'string');
});

test('RDS DescribeDBInstanceIPArrayList (typed client) returns the whitelist groups', async () => {
  const client = C.rdsClient(sim);
  const happy = await client.describeDBInstanceIPArrayList(new C.Rds.DescribeDBInstanceIPArrayListRequest({
    DBInstanceId: DEMO.rds.happy.id,
  }));
  assert.equal(happy.statusCode, 200);
  const groups = happy.body.items.DBInstanceIPArray;
  assert.ok(groups.length >= 1);
  const all = groups.flatMap((g) => g.securityIPList.split(',')).map((s) => s.trim());
  assert.ok(all.includes('172.16.0.0/16'), `happy whitelist covers the VPC: ${all}`);
  assert.ok(groups.every((g) => typeof g.DBInstanceIPArrayName === 'string'));

  const narrow = await client.describeDBInstanceIPArrayList(new C.Rds.DescribeDBInstanceIPArrayListRequest({
    DBInstanceId: DEMO.rds.narrow.id,
  }));
  const narrowIps = narrow.body.items.DBInstanceIPArray
    .filter((g) => g.DBInstanceIPArrayAttribute !== 'hidden')
    .flatMap((g) => g.securityIPList.split(',')).map((s) => s.trim());
  assert.deepEqual(narrowIps, ['127.0.0.1']);
});

test('VPC DescribeVSwitches (typed client) lists one vSwitch per zone with free IPs', async () => {
  const res = await C.vpcClient(sim).describeVSwitches(new C.Vpc.DescribeVSwitchesRequest({
    regionId: DEMO.region, vpcId: DEMO.vpcId, pageSize: 50,
  }));
  assert.equal(res.statusCode, 200);
  const list = res.body.vSwitches.vSwitch;
  for (const [id, want] of Object.entries(DEMO.vswitches)) {
    const vsw = list.find((v) => v.vSwitchId === id);
    assert.ok(vsw, `${id} listed`);
    assert.equal(vsw.zoneId, want.zone);
    assert.equal(vsw.cidrBlock, want.cidr);
    assert.equal(vsw.vpcId, DEMO.vpcId);
    assert.equal(vsw.status, 'Available');
    assert.equal(typeof vsw.availableIpAddressCount, 'number');
    assert.ok(vsw.availableIpAddressCount > 0);
  }
  assert.equal(res.body.totalCount, list.length);
});

test('VPC DescribeVSwitches filters by ZoneId', async () => {
  const res = await C.vpcClient(sim).describeVSwitches(new C.Vpc.DescribeVSwitchesRequest({
    regionId: DEMO.region, vpcId: DEMO.vpcId, zoneId: 'cn-hangzhou-j',
  }));
  const ids = res.body.vSwitches.vSwitch.map((v) => v.vSwitchId);
  assert.deepEqual(ids, ['vsw-bp1demoj000000001']);
});

// --- openapi-client callApi, V3 and V2 ------------------------------------------------------------

for (const signature of ['v3', 'v2']) {
  test(`openapi-client callApi (${signature}) STS GetCallerIdentity`, async () => {
    const res = await C.callRpc(C.openApiClient(sim, { signature }), 'sts', 'GetCallerIdentity', {});
    assert.equal(res.statusCode, 200);
    assert.equal(res.body.AccountId, DEMO.accountId);
  });

  test(`openapi-client callApi (${signature}) RDS DescribeDBInstances in the query`, async () => {
    const res = await C.callRpc(C.openApiClient(sim, { signature }), 'rds', 'DescribeDBInstances', {
      query: { RegionId: DEMO.region, Engine: 'MySQL', PageSize: 30, PageNumber: 1 },
    });
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.Items.DBInstance.some((i) => i.DBInstanceId === DEMO.rds.happy.id));
    assert.equal(typeof res.body.TotalRecordCount, 'number');
  });

  test(`openapi-client callApi (${signature}) VPC DescribeVSwitches with parameters in the form body`, async () => {
    const res = await C.callRpc(C.openApiClient(sim, { signature }), 'vpc', 'DescribeVSwitches', {
      body: { RegionId: DEMO.region, VpcId: DEMO.vpcId },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body.VSwitches.VSwitch.length, 3);
  });

  test(`openapi-client callApi (${signature}) parameter values with reserved and non-ASCII characters`, async () => {
    // SearchKey exercises the canonical encoding (space, *, ~, /, +, !'(), =&%, UTF-8) of both
    // signers, in the query and in the form body.
    const client = C.openApiClient(sim, { signature });
    for (const where of ['query', 'body']) {
      const res = await C.callRpc(client, 'rds', 'DescribeDBInstances', {
        [where]: { RegionId: DEMO.region, SearchKey: SEARCH_KEY },
      });
      assert.equal(res.statusCode, 200, where);
      assert.equal(res.body.Items.DBInstance.length, 0, where);
    }
    // And a search that matches, to show the value really arrives (not just that nothing does).
    const hit = await C.callRpc(client, 'rds', 'DescribeDBInstances', {
      body: { RegionId: DEMO.region, SearchKey: DEMO.rds.happy.id },
    });
    assert.deepEqual(hit.body.Items.DBInstance.map((i) => i.DBInstanceId), [DEMO.rds.happy.id]);
  });

  test(`openapi-client callApi (${signature}) parameters split between query and body (Terraform style)`, async () => {
    const res = await C.callRpc(C.openApiClient(sim, { signature }), 'vpc', 'DescribeVSwitches', {
      query: { VpcId: DEMO.vpcId, ZoneId: 'cn-hangzhou-h' },
      body: { RegionId: DEMO.region },
    });
    assert.deepEqual(res.body.VSwitches.VSwitch.map((v) => v.VSwitchId), ['vsw-bp1demoh000000001']);
  });
}

// --- pop-core RPCClient (HMAC-SHA1), GET and POST -------------------------------------------------

for (const method of ['GET', 'POST']) {
  test(`pop-core RPCClient ${method} STS GetCallerIdentity`, async () => {
    const [json, entry] = await C.popClient(sim, 'sts').request('GetCallerIdentity', {}, { method });
    assert.equal(entry.response.statusCode, 200);
    assert.equal(json.AccountId, DEMO.accountId);
  });

  test(`pop-core RPCClient ${method} RDS DescribeDBInstanceNetInfo`, async () => {
    const [json, entry] = await C.popClient(sim, 'rds').request('DescribeDBInstanceNetInfo',
      { DBInstanceId: DEMO.rds.happy.id }, { method });
    assert.equal(entry.response.statusCode, 200);
    const priv = json.DBInstanceNetInfos.DBInstanceNetInfo.find((i) => i.IPType === 'Private');
    assert.equal(priv.IPAddress, DEMO.rds.happy.ip);
    assert.equal(priv.Port, '3306');
  });

  test(`pop-core RPCClient ${method} parameter values with reserved and non-ASCII characters`, async () => {
    const [json, entry] = await C.popClient(sim, 'rds').request('DescribeDBInstances',
      { RegionId: DEMO.region, SearchKey: SEARCH_KEY }, { method });
    assert.equal(entry.response.statusCode, 200);
    assert.equal(json.Items.DBInstance.length, 0);
  });

  test(`pop-core RPCClient ${method} VPC DescribeVSwitches`, async () => {
    const [json, entry] = await C.popClient(sim, 'vpc').request('DescribeVSwitches',
      { RegionId: DEMO.region, VpcId: DEMO.vpcId, ZoneId: 'cn-hangzhou-i' }, { method });
    assert.equal(entry.response.statusCode, 200);
    assert.deepEqual(json.VSwitches.VSwitch.map((v) => v.VSwitchId), ['vsw-bp1demoi000000001']);
  });
}

// --- TiDB Cloud discovery (curl --digest) ------------------------------------------------------

test('TiDB Cloud: projects (snake_case fields) and the Essential cluster on Alibaba Cloud', async () => {
  const projects = await T.curlDigest(sim, 'GET', '/v1beta1/projects?pageSize=0');
  assert.deepEqual(projects.statuses, [401, 200], projects.text);
  const p = projects.json.projects.find((x) => x.id === DEMO.tidb.projectId);
  assert.ok(p, projects.text);
  assert.equal(p.name, 'Demo project');
  for (const k of ['org_id', 'cluster_count', 'user_count', 'create_timestamp'])
    assert.ok(k in p, `${k} in ${JSON.stringify(p)}`);

  const cluster = await T.curlDigest(sim, 'GET', T.clusterPath('?view=BASIC'));
  assert.equal(cluster.status, 200, cluster.text);
  assert.equal(cluster.json.clusterId, DEMO.tidb.clusterId);
  assert.equal(cluster.json.clusterPlan, 'ESSENTIAL');
  assert.equal(cluster.json.state, 'ACTIVE');
  assert.equal(cluster.json.region.regionId, `alicloud-${DEMO.region}`);
  assert.equal(cluster.json.region.cloudProvider, 'alicloud');
  assert.equal(cluster.json.labels['tidb.cloud/project'], DEMO.tidb.projectId);

  const missing = await T.curlDigest(sim, 'GET', '/v1beta1/clusters/99999');
  assert.equal(missing.status, 404);
  assert.equal(missing.json.code, 5, 'google.rpc NOT_FOUND');
});

// Finding F5 (FINDINGS.md, fixed in src/sim ffa476c). The ticloud CLI lists a project's clusters
// with filter=projectId=<id>, which Go's url.Values encodes as filter=projectId%3D<id>; AIP filters
// with quotes and spaces, and opaque page tokens, are percent-encoded the same way by every client.
for (const [label, query] of [
  ['filter=projectId%3D<id> (the ticloud CLI\'s encoding)', `filter=${encodeURIComponent(`projectId=${DEMO.tidb.projectId}`)}`],
  ['an AIP filter with quotes and spaces', `pageSize=10&filter=${encodeURIComponent('region.provider="alicloud" AND state="ACTIVE"')}`],
]) {
  test(`TiDB Cloud: Digest auth on a percent-encoded query, ${label}`, async () => {
    const r = await T.curlDigest(sim, 'GET', `/v1beta1/clusters?${query}`);
    assert.deepEqual(r.statuses, [401, 200], `${query}: ${r.headers}`);
    assert.ok(r.json.clusters.some((c) => c.clusterId === DEMO.tidb.clusterId), r.text);
  });
}

test('the simulator survived every call above', () => {
  assert.ok(sim.alive, `linkwright-sim exited: ${JSON.stringify(sim.exitInfo)}\n${sim.stderr.slice(-2000)}`);
});
