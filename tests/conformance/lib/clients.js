'use strict';
// The official Alibaba Cloud Node.js SDKs, configured the way a user would point them at a
// loopback endpoint override: endpoint '127.0.0.1:PORT', protocol 'http'. Nothing here signs
// anything by itself: every signature on the wire is the SDK's own.

const OpenApi = require('@alicloud/openapi-client');
const OpenApiUtil = require('@alicloud/openapi-util').default;
const TeaUtil = require('@alicloud/tea-util');
const { $OpenApiUtil } = require('@alicloud/openapi-core');
const Rds = require('@alicloud/rds20140815');
const Vpc = require('@alicloud/vpc20160428');
const Sts = require('@alicloud/sts20150401');
const Polardb = require('@alicloud/polardb20170801');
const RPC = require('@alicloud/rpc-client');
const Ecs = require('@alicloud/ecs20140526');
const RPCClient = require('@alicloud/pop-core').RPCClient;

// The demo world (HACKING.md; src/sim/worlds/demo.json is the source of truth).
const DEMO = Object.freeze({
  accountId: '1234567890123456',
  keyId: 'LWDEMOKEYID00001',
  keySecret: 'lw-demo-access-key-secret',
  restrictedKeyId: 'LWRESTRICTEDKEY1',
  restrictedKeySecret: 'lw-restricted-access-key-secret',
  // A seeded temporary STS credential (src/sim/worlds/demo.json; STS AssumeRole is not simulated).
  stsKeyId: 'STS.LWDEMOTEMPKEY0001',
  stsKeySecret: 'lw-demo-sts-access-key-secret',
  stsToken: 'lw-demo-sts-security-token',
  region: 'cn-hangzhou',
  regions: ['cn-hangzhou', 'cn-shanghai', 'ap-southeast-1'],
  zones: ['cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j', 'cn-hangzhou-k'],
  vpcId: 'vpc-bp1demo000000000001',
  vswitches: {
    'vsw-bp1demoh000000001': { zone: 'cn-hangzhou-h', cidr: '172.16.1.0/24' },
    'vsw-bp1demoi000000001': { zone: 'cn-hangzhou-i', cidr: '172.16.2.0/24' },
    'vsw-bp1demoj000000001': { zone: 'cn-hangzhou-j', cidr: '172.16.3.0/24' },
  },
  rds: {
    happy: { id: 'rm-bp1demomysql0001', ip: '172.16.2.10', port: '3306', zone: 'cn-hangzhou-i' },
    narrow: { id: 'rm-bp1demomysql0002', ip: '172.16.1.20', port: '3306', zone: 'cn-hangzhou-h' },
    classic: { id: 'rm-bp1democlassic01' },
    stopped: { id: 'rm-bp1demostopped01' },
    pg: { id: 'pgm-bp1demopg00001' },
  },
  tidb: {
    publicKey: 'LWDEMOPUBLICKEY1',
    privateKey: 'lw-demo-tidb-private-key',
    projectId: '1372813089209061',
    clusterId: '10000000000000000001',
    accountId: '5000000000000001',
    azIds: ['cn-hangzhou-i', 'cn-hangzhou-j'],
  },
});

const VERSIONS = Object.freeze({
  rds: '2014-08-15',
  vpc: '2016-04-28',
  nlb: '2022-04-30',
  privatelink: '2020-04-15',
  sts: '2015-04-01',
  polardb: '2017-08-01',
  ecs: '2014-05-26',
});

// Runtime options that turn the SDK's own retries off: a conformance test must see the first
// answer, not a retried one.
function noRetryRuntime() {
  return new TeaUtil.RuntimeOptions({ autoretry: false, maxAttempts: 1, readTimeout: 15000, connectTimeout: 5000 });
}

// @alicloud/openapi-client (the Tea "OpenAPI core" generic client). signature: 'v3' (default,
// ACS3-HMAC-SHA256) or 'v2' (RPC HMAC-SHA1 through doRPCRequest).
function openApiClient(sim, { keyId = DEMO.keyId, secret = DEMO.keySecret, signature = 'v3', securityToken = undefined } = {}) {
  const cfg = {
    accessKeyId: keyId,
    accessKeySecret: secret,
    securityToken,
    endpoint: sim.endpoint,
    protocol: 'http',
    regionId: DEMO.region,
    readTimeout: 15000,
    connectTimeout: 5000,
  };
  if (signature === 'v2')
    cfg.signatureAlgorithm = 'v2';
  return new OpenApi.default(new OpenApi.Config(cfg));
}

// One RPC call through openapi-client's callApi, with params where the official TypeScript SDKs
// put them: `query` and/or `body` are plain objects, flattened with OpenApiUtil.query (Name.1,
// Obj.Field, List.1.Field) exactly as the generated clients do.
async function callRpc(client, product, action, { query = null, body = null, headers = null } = {}) {
  const params = new OpenApi.Params({
    action,
    version: VERSIONS[product],
    protocol: 'HTTPS', // overridden by the config's protocol 'http', as in the generated clients
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const reqInit = {};
  if (query) reqInit.query = OpenApiUtil.query(query);
  if (body) reqInit.body = OpenApiUtil.query(body);
  if (headers) reqInit.headers = headers;
  const res = await client.callApi(params, new OpenApi.OpenApiRequest(reqInit), noRetryRuntime());
  return res; // { headers, statusCode, body }
}

// NLB: the generated nlb-20220430 client puts create/delete/list-server-group parameters in the
// form body, and GetJobStatus / Get*Attribute parameters in the query.
const NLB_QUERY_ACTIONS = new Set(['GetJobStatus', 'GetLoadBalancerAttribute', 'GetListenerAttribute',
                                   'ListAsynJobs', 'ListListeners', 'ListLoadBalancers']);
function nlb(client, action, params) {
  if (NLB_QUERY_ACTIONS.has(action))
    return callRpc(client, 'nlb', action, { query: params });
  return callRpc(client, 'nlb', action, { body: params });
}

// PrivateLink: the generated privatelink-20200415 client puts every parameter in the query.
function privatelink(client, action, params) {
  return callRpc(client, 'privatelink', action, { query: params });
}

// Typed clients (@alicloud/rds20140815 etc., built on @alicloud/openapi-core, V3 signature).
function typedConfig(sim, { keyId = DEMO.keyId, secret = DEMO.keySecret, securityToken = undefined,
                             retryOptions = undefined } = {}) {
  return new $OpenApiUtil.Config({
    accessKeyId: keyId,
    accessKeySecret: secret,
    securityToken,
    retryOptions,
    endpoint: sim.endpoint,
    protocol: 'http',
    regionId: DEMO.region,
    readTimeout: 15000,
    connectTimeout: 5000,
  });
}
function rdsClient(sim, opts) { return new Rds.default(typedConfig(sim, opts)); }
function vpcClient(sim, opts) { return new Vpc.default(typedConfig(sim, opts)); }
function stsClient(sim, opts) { return new Sts.default(typedConfig(sim, opts)); }
function ecsClient(sim, opts) { return new Ecs.default(typedConfig(sim, opts)); }

// @alicloud/polardb20170801 1.0.0 is built on @alicloud/rpc-client (V1 HMAC-SHA1, parameters in a
// POST form body), configured the same way: endpoint '127.0.0.1:PORT', protocol 'http'.
function polardbClient(sim, { keyId = DEMO.keyId, secret = DEMO.keySecret } = {}) {
  return new Polardb.default(new RPC.Config({
    accessKeyId: keyId,
    accessKeySecret: secret,
    regionId: DEMO.region,
    endpoint: sim.endpoint,
    protocol: 'http',
    readTimeout: 15000,
    connectTimeout: 5000,
  }));
}

// @alicloud/pop-core RPCClient (the older V1/"V2" HMAC-SHA1 client). verbose=true makes it return
// [json, entry] so that tests can read the HTTP status too.
function popClient(sim, product, { keyId = DEMO.keyId, secret = DEMO.keySecret, securityToken = undefined } = {}) {
  return new RPCClient({
    accessKeyId: keyId,
    accessKeySecret: secret,
    securityToken,
    endpoint: sim.url,
    apiVersion: VERSIONS[product],
    opts: { timeout: 15000 },
  }, true);
}

// pop-core only flattens one level of arrays; pass it already-flattened keys (like its users do).
function flat(params) {
  return OpenApiUtil.query(params);
}

// Runs `fn`, expects it to throw, and normalises the SDK error: {code, status, data, message}.
// openapi-client errors carry data.statusCode; openapi-core errors carry statusCode; pop-core
// errors carry entry.response.statusCode.
async function expectError(fn) {
  let err = null;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  if (!err)
    throw new Error('expected the call to fail, but it succeeded');
  const status = err.statusCode ?? err.data?.statusCode ?? err.entry?.response?.statusCode ?? null;
  return { code: err.code, status, data: err.data, message: err.message, raw: err };
}

module.exports = {
  DEMO, VERSIONS, OpenApi, OpenApiUtil, Rds, Vpc, Sts, Polardb, Ecs,
  openApiClient, callRpc, nlb, privatelink, rdsClient, vpcClient, stsClient, ecsClient, polardbClient, popClient, flat,
  expectError, noRetryRuntime,
};
