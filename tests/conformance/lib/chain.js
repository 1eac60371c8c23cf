'use strict';
// The whole chain of product.md §3 against one simulator, as a sequence of node:test tests that
// share state: discovery → server group → backend → NLB → listener → endpoint service →
// whitelist → TiDB private link connection → accept → TiDB ACTIVE → rollback → nothing left.
//
// `transport` decides which official client carries the NLB and PrivateLink calls:
//   'openapi-v3'  @alicloud/openapi-client callApi, ACS3-HMAC-SHA256 (NLB params in the form body,
//                 PrivateLink params in the query, as the generated TypeScript SDKs place them)
//   'openapi-v2'  the same with signatureAlgorithm 'v2' (HMAC-SHA1 through doRPCRequest)
//   'pop-post'    @alicloud/pop-core RPCClient, POST: everything (signature too) in the form body
//   'pop-get'     @alicloud/pop-core RPCClient, GET: everything in the query string

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startSim, waitFor, countLive } = require('./sim');
const C = require('./clients');
const T = require('./tidb');

const { DEMO } = C;

function makeTransport(sim, transport) {
  if (transport === 'openapi-v3' || transport === 'openapi-v2') {
    const client = C.openApiClient(sim, { signature: transport === 'openapi-v3' ? 'v3' : 'v2' });
    return async (product, action, params) => {
      let res;
      if (product === 'nlb')
        res = await C.nlb(client, action, params);
      else if (product === 'privatelink')
        res = await C.privatelink(client, action, params);
      else
        res = await C.callRpc(client, product, action, { query: params });
      assert.equal(res.statusCode, 200, `${action} answered HTTP ${res.statusCode}`);
      return res.body;
    };
  }
  if (transport === 'pop-post' || transport === 'pop-get') {
    const method = transport === 'pop-post' ? 'POST' : 'GET';
    const clients = {};
    return async (product, action, params) => {
      clients[product] ??= C.popClient(sim, product);
      const [json, entry] = await clients[product].request(action, C.flat(params), { method });
      assert.equal(entry.response.statusCode, 200, `${action} answered HTTP ${entry.response.statusCode}`);
      return json;
    };
  }
  throw new Error(`unknown transport ${transport}`);
}

const token = () => crypto.randomUUID();

// Documented status values (alibaba-cloud-api.md, from the SDK models; tidb-cloud-api.md). Every
// status the chain polls must be one of them; the demo-profile variant must also see the
// intermediate ones, not just the final state.
const ENUMS = {
  job: ['Succeeded', 'processing'], // lower case, as the official model documents
  serverGroup: ['Creating', 'Available', 'Configuring'],
  server: ['Adding', 'Available', 'Configuring', 'Removing'],
  loadBalancer: ['Inactive', 'Active', 'Provisioning', 'Configuring', 'CreateFailed'],
  listener: ['Provisioning', 'Running', 'Configuring', 'Stopping', 'Stopped', 'Starting', 'Deleting', 'Deleted'],
  service: ['Creating', 'Pending', 'Active', 'Deleting', 'Inactive'],
  connection: ['Pending', 'Connecting', 'Connected', 'Disconnecting', 'Disconnected', 'Deleting', 'ServiceDeleted'],
  tidb: ['CREATING', 'ACTIVE', 'FAILED', 'PENDING_ACCEPTANCE', 'DELETING'],
};

function defineChainTests(transport, { profile = 'instant', extraArgs = [], expectIntermediate = false } = {}) {
  let sim;
  let call;
  const ctx = {};
  const setupId = crypto.randomBytes(3).toString('hex');
  const name = `lw-${DEMO.rds.happy.id}-${setupId}`;
  let curlOk = false;

  before(async () => {
    sim = await startSim({ profile, extraArgs });
    call = makeTransport(sim, transport);
    curlOk = await T.curlAvailable();
  });
  after(async () => { if (sim) await sim.stop(); });

  // Every status seen, per kind, in order (without repeats).
  const seen = Object.fromEntries(Object.keys(ENUMS).map((k) => [k, []]));
  const observe = (kind, value) => {
    assert.ok(ENUMS[kind].includes(value), `${kind} status ${JSON.stringify(value)} is not one of ${ENUMS[kind].join(', ')}`);
    if (seen[kind][seen[kind].length - 1] !== value)
      seen[kind].push(value);
    return value;
  };
  const POLL = expectIntermediate ? { timeoutMs: 60000, intervalMs: 20 } : {};

  const need = (...keys) => {
    for (const k of keys)
      assert.ok(ctx[k] !== undefined, `an earlier step did not produce ${k}`);
  };

  const waitJob = (jobId, what) => waitFor(`${what} job ${jobId}`,
    () => call('nlb', 'GetJobStatus', { JobId: jobId }),
    (r) => observe('job', r.Status) === 'Succeeded', POLL);

  test(`[${transport}] discovery: STS, RDS NetInfo, VPC vSwitches, TiDB zones`, async () => {
    const me = await call('sts', 'GetCallerIdentity', {});
    assert.equal(me.AccountId, DEMO.accountId);

    const net = await call('rds', 'DescribeDBInstanceNetInfo', { DBInstanceId: DEMO.rds.happy.id });
    const priv = net.DBInstanceNetInfos.DBInstanceNetInfo
      .find((i) => i.IPType === 'Private' && i.ConnectionStringType === 'Normal');
    assert.ok(priv, 'private endpoint listed');
    assert.equal(typeof priv.Port, 'string');
    ctx.rdsIp = priv.IPAddress;
    ctx.rdsPort = Number.parseInt(priv.Port, 10);
    ctx.vpcId = priv.VPCId;
    assert.equal(ctx.rdsIp, DEMO.rds.happy.ip);
    assert.equal(ctx.rdsPort, 3306);
    assert.equal(ctx.vpcId, DEMO.vpcId);

    const vsw = await call('vpc', 'DescribeVSwitches', { RegionId: DEMO.region, VpcId: ctx.vpcId });
    const byZone = {};
    for (const v of vsw.VSwitches.VSwitch)
      byZone[v.ZoneId] ??= v.VSwitchId;

    assert.ok(curlOk, 'curl is needed for the TiDB Cloud side (apt-get install curl)');
    const zones = await T.getAvailabilityZones(sim);
    assert.deepEqual(zones.statuses, [401, 200], 'Digest: a 401 challenge, then 200');
    assert.match(zones.challenges[0] || '', /^Digest /i);
    assert.equal(zones.json.accountId, DEMO.tidb.accountId);
    assert.deepEqual(zones.json.azIds, DEMO.tidb.azIds);
    ctx.tidbAccount = zones.json.accountId;
    // Every TiDB zone that has a vSwitch in the RDS VPC (NLB needs two zones).
    ctx.zoneMappings = zones.json.azIds.filter((z) => byZone[z]).map((z) => ({ ZoneId: z, VSwitchId: byZone[z] }));
    assert.equal(ctx.zoneMappings.length, 2);
  });

  test(`[${transport}] NLB CreateServerGroup → GetJobStatus / ListServerGroups Available`, async () => {
    need('vpcId');
    ctx.sgToken = token();
    const created = await call('nlb', 'CreateServerGroup', {
      RegionId: DEMO.region,
      ServerGroupName: `${name}-sg`,
      ServerGroupType: 'Ip',
      VpcId: ctx.vpcId,
      Protocol: 'TCP',
      AddressIPVersion: 'ipv4',
      Scheduler: 'Wrr',
      PreserveClientIpEnabled: false,
      HealthCheckConfig: {
        HealthCheckEnabled: true, HealthCheckType: 'TCP', HealthCheckConnectTimeout: 5,
        HealthCheckInterval: 5, HealthyThreshold: 2, UnhealthyThreshold: 2,
      },
      ClientToken: ctx.sgToken,
    });
    assert.match(created.ServerGroupId, /^sgp-/);
    assert.ok(created.JobId, 'JobId');
    assert.ok(created.RequestId, 'RequestId');
    ctx.sgId = created.ServerGroupId;
    await waitJob(created.JobId, 'CreateServerGroup');
    const list = await waitFor('server group Available',
      () => call('nlb', 'ListServerGroups', { RegionId: DEMO.region, ServerGroupIds: [ctx.sgId] }),
      (r) => observe('serverGroup', r.ServerGroups?.[0]?.ServerGroupStatus) === 'Available', POLL);
    const sg = list.ServerGroups[0];
    assert.equal(list.ServerGroups.length, 1);
    assert.equal(sg.ServerGroupId, ctx.sgId);
    assert.equal(sg.ServerGroupType, 'Ip');
    assert.equal(sg.Protocol, 'TCP');
    assert.equal(sg.VpcId, ctx.vpcId);
    assert.equal(sg.PreserveClientIpEnabled, false);
  });

  test(`[${transport}] NLB AddServersToServerGroup (the RDS IP) → server Available`, async () => {
    need('sgId', 'rdsIp', 'rdsPort');
    const added = await call('nlb', 'AddServersToServerGroup', {
      RegionId: DEMO.region,
      ServerGroupId: ctx.sgId,
      Servers: [{
        ServerType: 'Ip', ServerId: ctx.rdsIp, ServerIp: ctx.rdsIp, Port: ctx.rdsPort, Weight: 100,
        Description: name,
      }],
      ClientToken: token(),
    });
    assert.ok(added.JobId);
    await waitJob(added.JobId, 'AddServersToServerGroup');
    const servers = await waitFor('backend Available',
      () => call('nlb', 'ListServerGroupServers', { RegionId: DEMO.region, ServerGroupId: ctx.sgId }),
      (r) => r.Servers?.length > 0 && observe('server', r.Servers[0].Status) === 'Available', POLL);
    assert.equal(servers.Servers.length, 1);
    const s = servers.Servers[0];
    assert.equal(s.ServerId, ctx.rdsIp);
    assert.equal(s.ServerIp, ctx.rdsIp);
    assert.equal(s.ServerType, 'Ip');
    assert.equal(s.Port, ctx.rdsPort, 'ListServerGroupServers Port is a number');
    ctx.backendAdded = true;
  });

  test(`[${transport}] NLB CreateLoadBalancer (ZoneMappings) → GetLoadBalancerAttribute Active`, async () => {
    need('vpcId', 'zoneMappings');
    const created = await call('nlb', 'CreateLoadBalancer', {
      RegionId: DEMO.region,
      LoadBalancerName: `${name}-nlb`,
      LoadBalancerType: 'Network',
      AddressType: 'Intranet',
      AddressIpVersion: 'ipv4',
      VpcId: ctx.vpcId,
      ZoneMappings: ctx.zoneMappings,
      LoadBalancerBillingConfig: { PayType: 'PostPay' },
      ClientToken: token(),
    });
    assert.match(created.LoadbalancerId || '', /^nlb-/, `CreateLoadBalancer answers "LoadbalancerId": ${JSON.stringify(created)}`);
    ctx.nlbId = created.LoadbalancerId;
    const attr = await waitFor('NLB Active',
      () => call('nlb', 'GetLoadBalancerAttribute', { RegionId: DEMO.region, LoadBalancerId: ctx.nlbId }),
      (r) => {
        assert.notEqual(observe('loadBalancer', r.LoadBalancerStatus), 'CreateFailed');
        return r.LoadBalancerStatus === 'Active';
      }, POLL);
    assert.equal(attr.LoadBalancerId, ctx.nlbId);
    assert.equal(attr.AddressType, 'Intranet');
    assert.equal(attr.VpcId, ctx.vpcId);
    assert.ok(attr.DNSName, 'DNSName');
    assert.deepEqual(attr.ZoneMappings.map((z) => z.ZoneId).sort(), ctx.zoneMappings.map((z) => z.ZoneId).sort());
    for (const z of attr.ZoneMappings) {
      assert.ok(z.VSwitchId && Array.isArray(z.LoadBalancerAddresses), 'zone mapping has vSwitch and addresses');
      // The NLB's private address in each zone comes from that zone's vSwitch (what the RDS
      // whitelist check relies on: RDS sees these addresses, PreserveClientIpEnabled=false).
      const cidr = DEMO.vswitches[z.VSwitchId]?.cidr;
      assert.ok(cidr, `known vSwitch ${z.VSwitchId}`);
      assert.equal(z.ZoneId, DEMO.vswitches[z.VSwitchId].zone);
      for (const a of z.LoadBalancerAddresses)
        assert.ok(inCidr(a.PrivateIPv4Address, cidr), `${a.PrivateIPv4Address} in ${cidr}`);
    }
  });

  test(`[${transport}] NLB CreateListener → GetListenerAttribute Running`, async () => {
    need('nlbId', 'sgId', 'rdsPort');
    const created = await call('nlb', 'CreateListener', {
      RegionId: DEMO.region,
      ListenerProtocol: 'TCP',
      ListenerPort: ctx.rdsPort,
      LoadBalancerId: ctx.nlbId,
      ServerGroupId: ctx.sgId,
      ListenerDescription: `${name}-lsn`,
      ClientToken: token(),
    });
    assert.match(created.ListenerId || '', /^lsn-/);
    ctx.listenerId = created.ListenerId;
    const attr = await waitFor('listener Running',
      () => call('nlb', 'GetListenerAttribute', { RegionId: DEMO.region, ListenerId: ctx.listenerId }),
      (r) => observe('listener', r.ListenerStatus) === 'Running', POLL);
    assert.equal(attr.ListenerId, ctx.listenerId);
    assert.equal(attr.ListenerProtocol, 'TCP');
    assert.equal(attr.ListenerPort, ctx.rdsPort);
    assert.equal(attr.LoadBalancerId, ctx.nlbId);
    assert.equal(attr.ServerGroupId, ctx.sgId);
  });

  test(`[${transport}] PrivateLink CreateVpcEndpointService (Resource.N) → Active, ServiceName`, async () => {
    need('nlbId', 'zoneMappings');
    const created = await call('privatelink', 'CreateVpcEndpointService', {
      RegionId: DEMO.region,
      ServiceResourceType: 'nlb',
      AutoAcceptEnabled: false,
      ServiceDescription: `${name}_created-by-Linkwright`, // letters, digits, _ and - only (data/api-string-rules.json)
      Resource: ctx.zoneMappings.map((z) => ({ ResourceType: 'nlb', ResourceId: ctx.nlbId, ZoneId: z.ZoneId })),
      ClientToken: token(),
    });
    assert.match(created.ServiceId || '', /^epsrv-/);
    ctx.serviceId = created.ServiceId;
    const attr = await waitFor('endpoint service Active',
      () => call('privatelink', 'GetVpcEndpointServiceAttribute', { RegionId: DEMO.region, ServiceId: ctx.serviceId }),
      (r) => observe('service', r.ServiceStatus) === 'Active', POLL);
    assert.equal(attr.ServiceId, ctx.serviceId);
    assert.equal(attr.ServiceName, `com.aliyuncs.privatelink.${DEMO.region}.${ctx.serviceId}`);
    assert.equal(attr.AutoAcceptEnabled, false);
    assert.equal(attr.ServiceResourceType, 'nlb');
    assert.equal(attr.ServiceBusinessStatus, 'Normal');
    assert.equal(attr.ServiceDomain, `${ctx.serviceId}.${DEMO.region}.privatelink.aliyuncs.com`);
    assert.deepEqual([...attr.Zones].sort(), ctx.zoneMappings.map((z) => z.ZoneId).sort());
    ctx.serviceName = attr.ServiceName;
  });

  test(`[${transport}] PrivateLink AddUserToVpcEndpointService → ListVpcEndpointServiceUsers`, async () => {
    need('serviceId', 'tidbAccount');
    await call('privatelink', 'AddUserToVpcEndpointService', {
      RegionId: DEMO.region, ServiceId: ctx.serviceId, UserId: ctx.tidbAccount, ClientToken: token(),
    });
    const users = await waitFor('whitelisted user listed',
      () => call('privatelink', 'ListVpcEndpointServiceUsers', { RegionId: DEMO.region, ServiceId: ctx.serviceId }),
      (r) => (r.Users || []).some((u) => String(u.UserId) === ctx.tidbAccount));
    assert.equal(users.Users.length, 1);
    ctx.whitelisted = true;
  });

  test(`[${transport}] TiDB Cloud create private link connection (curl --digest)`, async () => {
    need('serviceName', 'whitelisted');
    const res = await T.createPrivateLinkConnection(sim, ctx.serviceName, `${name}-plc`);
    assert.deepEqual(res.statuses, [401, 200], `Digest: a 401 challenge, then 200: ${res.text}`);
    const plc = res.json;
    assert.ok(plc.privateLinkConnectionId, 'privateLinkConnectionId');
    assert.equal(plc.type, 'ALICLOUD_ENDPOINT_SERVICE');
    assert.equal(plc.clusterId, DEMO.tidb.clusterId);
    assert.equal(plc.alicloudEndpointService?.name, ctx.serviceName);
    assert.ok(['CREATING', 'PENDING_ACCEPTANCE'].includes(observe('tidb', plc.state)), `state ${plc.state}`);
    ctx.plcId = plc.privateLinkConnectionId;
  });

  test(`[${transport}] PrivateLink ListVpcEndpointConnections → TiDB PENDING_ACCEPTANCE → EnableVpcEndpointConnection → Connected`, async () => {
    need('plcId', 'serviceId', 'tidbAccount');
    const pending = await waitFor('the TiDB endpoint connection request',
      () => call('privatelink', 'ListVpcEndpointConnections',
        { RegionId: DEMO.region, ServiceId: ctx.serviceId, EndpointOwnerId: ctx.tidbAccount }),
      (r) => (r.Connections || []).length > 0, POLL);
    assert.equal(pending.Connections.length, 1);
    const conn = pending.Connections[0];
    assert.equal(String(conn.EndpointOwnerId), ctx.tidbAccount);
    assert.equal(conn.ServiceId, ctx.serviceId);
    assert.notEqual(observe('connection', conn.ConnectionStatus), 'Connected', 'AutoAcceptEnabled=false: waits for acceptance');
    assert.equal(typeof pending.TotalCount, 'string', 'ListVpcEndpointConnections TotalCount is a string');
    ctx.endpointId = conn.EndpointId;

    // product.md step 7: the TiDB side waits for acceptance once its endpoint exists.
    await waitFor('TiDB connection PENDING_ACCEPTANCE', () => T.getPrivateLinkConnection(sim, ctx.plcId),
      (r) => {
        assert.equal(r.status, 200, r.text);
        return observe('tidb', r.json.state) === 'PENDING_ACCEPTANCE';
      }, expectIntermediate ? POLL : { intervalMs: 200 });

    await call('privatelink', 'EnableVpcEndpointConnection', {
      RegionId: DEMO.region, ServiceId: ctx.serviceId, EndpointId: ctx.endpointId, ClientToken: token(),
    });
    await waitFor('endpoint connection Connected',
      () => call('privatelink', 'ListVpcEndpointConnections',
        { RegionId: DEMO.region, ServiceId: ctx.serviceId, EndpointId: ctx.endpointId }),
      (r) => observe('connection', r.Connections?.[0]?.ConnectionStatus) === 'Connected', POLL);
    ctx.connected = true;
  });

  test(`[${transport}] TiDB Cloud GET until ACTIVE`, async () => {
    need('plcId', 'connected');
    const res = await waitFor('TiDB connection ACTIVE',
      () => T.getPrivateLinkConnection(sim, ctx.plcId),
      (r) => {
        assert.equal(r.status, 200, r.text);
        assert.notEqual(observe('tidb', r.json.state), 'FAILED', r.json.message);
        return r.json.state === 'ACTIVE';
      }, expectIntermediate ? POLL : { intervalMs: 200 });
    assert.equal(res.json.privateLinkConnectionId, ctx.plcId);
    assert.equal(res.json.alicloudEndpointService.name, ctx.serviceName);
  });

  test(`[${transport}] rollback in reverse order leaves nothing behind`, async () => {
    need('sgId');
    if (ctx.plcId) {
      const del = await T.deletePrivateLinkConnection(sim, ctx.plcId);
      assert.equal(del.status, 200, del.text);
      await waitFor('TiDB connection gone',
        () => T.getPrivateLinkConnection(sim, ctx.plcId),
        (r) => r.status === 404, expectIntermediate ? POLL : { intervalMs: 200 });
    }
    if (ctx.whitelisted) {
      await call('privatelink', 'RemoveUserFromVpcEndpointService', {
        RegionId: DEMO.region, ServiceId: ctx.serviceId, UserId: ctx.tidbAccount, ClientToken: token(),
      });
    }
    if (ctx.serviceId) {
      // Deleting fails while the endpoint connection still exists (EndpointServiceConnectionDependence);
      // the TiDB side removes its endpoint asynchronously, so retry like Terraform does.
      await waitFor('DeleteVpcEndpointService accepted', async () => {
        try {
          await call('privatelink', 'DeleteVpcEndpointService', { RegionId: DEMO.region, ServiceId: ctx.serviceId });
          return 'ok';
        } catch (e) {
          const code = e.code || e.data?.Code;
          assert.ok(['EndpointServiceConnectionDependence', 'ConcurrentCallNotSupported'].includes(code),
            `unexpected ${code}: ${e.message}`);
          return code;
        }
      }, (r) => r === 'ok', expectIntermediate ? POLL : { intervalMs: 100 });
      await waitFor('endpoint service gone', async () => {
        try {
          await call('privatelink', 'GetVpcEndpointServiceAttribute', { RegionId: DEMO.region, ServiceId: ctx.serviceId });
          return 'exists';
        } catch (e) {
          return e.code || e.data?.Code;
        }
      }, (r) => r === 'EndpointServiceNotFound', POLL);
    }
    if (ctx.listenerId) {
      const r = await call('nlb', 'DeleteListener', { RegionId: DEMO.region, ListenerId: ctx.listenerId, ClientToken: token() });
      await waitJob(r.JobId, 'DeleteListener');
    }
    if (ctx.nlbId) {
      const r = await call('nlb', 'DeleteLoadBalancer', { RegionId: DEMO.region, LoadBalancerId: ctx.nlbId, ClientToken: token() });
      await waitJob(r.JobId, 'DeleteLoadBalancer');
    }
    if (ctx.backendAdded) {
      const r = await call('nlb', 'RemoveServersFromServerGroup', {
        RegionId: DEMO.region, ServerGroupId: ctx.sgId,
        Servers: [{ ServerType: 'Ip', ServerId: ctx.rdsIp, ServerIp: ctx.rdsIp, Port: ctx.rdsPort }],
        ClientToken: token(),
      });
      await waitJob(r.JobId, 'RemoveServersFromServerGroup');
    }
    const r = await call('nlb', 'DeleteServerGroup', { RegionId: DEMO.region, ServerGroupId: ctx.sgId, ClientToken: token() });
    await waitJob(r.JobId, 'DeleteServerGroup');

    const state = await waitFor('no live resources in /_sim/state', () => sim.state(),
      (s) => liveCount(s) === 0, POLL);
    assert.equal(liveCount(state), 0);
  });

  if (expectIntermediate) {
    test(`[${transport}] the asynchronous state machines went through their documented intermediate states`, () => {
      const before = (kind, a, b) => {
        const i = seen[kind].indexOf(a);
        const j = seen[kind].indexOf(b);
        assert.ok(i >= 0 && j > i, `${kind}: expected ${a} before ${b}, saw ${seen[kind].join(' → ')}`);
      };
      before('job', 'processing', 'Succeeded');
      before('loadBalancer', 'Provisioning', 'Active');
      before('listener', 'Provisioning', 'Running');
      before('service', 'Creating', 'Active');
      assert.ok(seen.connection.includes('Connected') && seen.connection[0] !== 'Connected',
        `connection: ${seen.connection.join(' → ')}`);
      before('tidb', 'PENDING_ACCEPTANCE', 'ACTIVE');
    });
  }

  test(`[${transport}] the simulator is still alive`, () => {
    assert.ok(sim.alive, `linkwright-sim exited: ${JSON.stringify(sim.exitInfo)}\n${sim.stderr.slice(-2000)}`);
  });
}

function inCidr(ip, cidr) {
  const toInt = (a) => a.split('.').reduce((n, o) => (n * 256) + Number(o), 0);
  const [base, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return /^\d+\.\d+\.\d+\.\d+$/.test(ip || '') && Math.floor(toInt(ip) / size) === Math.floor(toInt(base) / size);
}

// Live resources of the kinds this chain creates, as /_sim/state reports them.
const KINDS = /^(server-group|server|load-balancer|listener|endpoint-service|endpoint-service-user|endpoint-connection|tidb-connection)s?$/;
function liveCount(state) {
  const live = state.live ?? state.resources ?? state;
  return countLive(live, KINDS);
}

module.exports = { defineChainTests, makeTransport, liveCount };
