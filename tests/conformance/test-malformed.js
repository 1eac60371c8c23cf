'use strict';
// Malformed requests (garbage bodies, huge parameters, broken UTF-8, missing or broken headers,
// raw protocol garbage) must get a 400 JSON error — never a crash, a hang or a 5xx — and a normal
// SDK call must still work afterwards. Also: a correctly signed form body sent chunked is accepted.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const crypto = require('node:crypto');
const { startSim } = require('./lib/sim');
const C = require('./lib/clients');
const T = require('./lib/tidb');

const { DEMO } = C;
let sim;

before(async () => { sim = await startSim(); });
after(async () => { if (sim) await sim.stop(); });

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

// A 400 with a JSON body in the Alibaba Cloud error shape.
function assertAliError(r, { statuses = [400] } = {}) {
  assert.ok(statuses.includes(r.status), `status ${r.status}, body ${r.text.slice(0, 300)}`);
  assert.ok(r.json && typeof r.json === 'object', `JSON body expected, got ${JSON.stringify(r.text.slice(0, 300))}`);
  assert.ok(r.json.Code, `Code in ${r.text.slice(0, 300)}`);
  assert.ok(r.json.Message, `Message in ${r.text.slice(0, 300)}`);
  assert.ok(r.json.RequestId, `RequestId in ${r.text.slice(0, 300)}`);
  assert.match(String(r.headers['content-type'] || ''), /json/i);
}

async function assertStillServing() {
  assert.ok(sim.alive, `linkwright-sim exited: ${JSON.stringify(sim.exitInfo)}\n${sim.stderr.slice(-2000)}`);
  const res = await C.stsClient(sim).getCallerIdentity();
  assert.equal(res.body.accountId, DEMO.accountId);
}

// Old-style RPC parameters, signed by the SDK's own V1 signer (OpenApiUtil.getRPCSignature).
function v1Params(action, version, params, secret = DEMO.keySecret, method = 'POST') {
  const all = {
    Action: action, Version: version, Format: 'JSON', AccessKeyId: DEMO.keyId,
    SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0', SignatureNonce: crypto.randomUUID(),
    Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), ...params,
  };
  all.Signature = C.OpenApiUtil.getRPCSignature(all, method, secret);
  return all;
}
const formEncode = (obj) => Object.entries(obj).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

test('garbage form body without any signature → 400 JSON', async () => {
  assertAliError(await sim.request('POST', '/', { headers: FORM, body: '%%%=&&=%ZZ&=&Action' }));
  await assertStillServing();
});

test('random binary body → 400 JSON', async () => {
  assertAliError(await sim.request('POST', '/', { headers: FORM, body: crypto.randomBytes(4096) }));
  assertAliError(await sim.request('POST', '/', { headers: { 'content-type': 'application/json' }, body: '{"Action": [' }));
  await assertStillServing();
});

test('broken UTF-8 in the query and in the form body → 400 JSON', async () => {
  assertAliError(await sim.request('GET', '/?Action=DescribeRegions&Version=2014-08-15&AcceptLanguage=%FF%FE%C3'));
  const signed = v1Params('DescribeDBInstances', '2014-08-15', { RegionId: DEMO.region });
  const body = Buffer.concat([Buffer.from(formEncode(signed) + '&SearchKey='), Buffer.from([0xc3, 0x28, 0xff])]);
  assertAliError(await sim.request('POST', '/', { headers: FORM, body }));
  await assertStillServing();
});

test('huge parameters (60 KiB query value, 8 MiB form body, 20 000 parameters) → 4xx JSON, no crash', async () => {
  const q = await sim.request('GET', `/?Action=DescribeRegions&Version=2014-08-15&AcceptLanguage=${'A'.repeat(60 * 1024)}`);
  assertAliError(q, { statuses: [400, 413, 414, 431] });
  let b;
  try {
    b = await sim.request('POST', '/', { headers: FORM, body: `Action=DescribeRegions&Version=2014-08-15&X=${'B'.repeat(8 << 20)}` });
  } catch (e) {
    // A server may answer early and close before the client finished sending; that is allowed
    // only if it is a clean close, which the check below (still serving) then confirms.
    assert.match(e.code || e.message, /EPIPE|ECONNRESET/, e.message);
  }
  if (b)
    assertAliError(b, { statuses: [400, 413] });
  const many = Array.from({ length: 20000 }, (_, i) => `P${i}=${i}`).join('&');
  assertAliError(await sim.request('POST', '/', { headers: FORM, body: `Action=DescribeRegions&Version=2014-08-15&${many}` }),
    { statuses: [400, 413] });
  await assertStillServing();
});

// Known simulator finding F1 (FINDINGS.md): the assertion stays strict; `todo` keeps the known
// failure visible in the TAP output (and meson reports an unexpected pass once it is fixed).
test('a request line over 64 KiB (256 KiB query value) → a 4xx JSON answer, not a reset connection',
  { todo: 'FINDINGS.md F1: linkwright-sim (libsoup) resets the connection without an answer' }, async () => {
    let q;
    try {
      q = await sim.request('GET', `/?Action=DescribeRegions&Version=2014-08-15&AcceptLanguage=${'A'.repeat(256 * 1024)}`);
    } finally {
      await assertStillServing();
    }
    assertAliError(q, { statuses: [400, 413, 414, 431] });
  });

test('missing or broken signature headers → 400 JSON', async () => {
  // V3 Authorization that does not parse.
  assertAliError(await sim.request('POST', '/', {
    headers: { ...FORM, authorization: 'ACS3-HMAC-SHA256 garbage', 'x-acs-action': 'DescribeRegions', 'x-acs-version': '2014-08-15' },
    body: '',
  }), { statuses: [400] });
  // A well-formed Authorization but no x-acs-date / x-acs-signature-nonce / x-acs-content-sha256.
  assertAliError(await sim.request('POST', '/', {
    headers: {
      ...FORM, 'x-acs-action': 'DescribeRegions', 'x-acs-version': '2014-08-15',
      authorization: `ACS3-HMAC-SHA256 Credential=${DEMO.keyId},SignedHeaders=host;x-acs-action;x-acs-version,Signature=${'0'.repeat(64)}`,
    },
    body: '',
  }), { statuses: [400] });
  // Unknown signature algorithm.
  assertAliError(await sim.request('POST', '/', {
    headers: { ...FORM, authorization: 'ACS4-HMAC-SM3 Credential=x,SignedHeaders=host,Signature=00', 'x-acs-action': 'DescribeRegions', 'x-acs-version': '2014-08-15' },
    body: '',
  }), { statuses: [400] });
  // V1 parameters without Signature, and without SignatureNonce.
  const signed = v1Params('DescribeRegions', '2014-08-15', {});
  const noSig = { ...signed };
  delete noSig.Signature;
  assertAliError(await sim.request('POST', '/', { headers: FORM, body: formEncode(noSig) }));
  const noNonce = { ...signed };
  delete noNonce.SignatureNonce;
  assertAliError(await sim.request('POST', '/', { headers: FORM, body: formEncode(noNonce) }));
  // No Action anywhere / no Version anywhere.
  const noAction = { ...signed };
  delete noAction.Action;
  assertAliError(await sim.request('POST', '/', { headers: FORM, body: formEncode(noAction) }));
  assertAliError(await sim.request('GET', '/'), { statuses: [400, 404] });
  await assertStillServing();
});

test('an unparseable Timestamp → 400 JSON (InvalidTimeStamp.Format)', async () => {
  const p = v1Params('DescribeRegions', '2014-08-15', { Timestamp: 'yesterday at noon' });
  const r = await sim.request('POST', '/', { headers: FORM, body: formEncode(p) });
  assertAliError(r);
  assert.equal(r.json.Code, 'InvalidTimeStamp.Format');
});

test('a correctly signed V1 form body sent chunked is accepted', async () => {
  const p = v1Params('DescribeDBInstanceNetInfo', '2014-08-15', { DBInstanceId: DEMO.rds.happy.id });
  const body = formEncode(p);
  const raw = await rawExchange(
    `POST / HTTP/1.1\r\nHost: ${sim.endpoint}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
    'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n' +
    chunk(body.slice(0, 17)) + chunk(body.slice(17, 100)) + chunk(body.slice(100)) + '0\r\n\r\n');
  assert.match(raw, /^HTTP\/1\.1 200/, raw.slice(0, 500));
  assert.match(raw, /172\.16\.2\.10/);
});

test('TiDB Cloud: garbage JSON body → 400 with a google.rpc Status body', async () => {
  for (const body of ['{"privateLinkConnection": ', 'not json at all', '[]', '{"privateLinkConnection": {"type": 42}}',
                      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]).toString('latin1')]) {
    const r = await T.curlDigest(sim, 'POST', T.clusterPath('/privateLinkConnections'), { body });
    assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.status} ${r.text}`);
    assert.equal(typeof r.json?.code, 'number', r.text);
    assert.ok(r.json.message, r.text);
  }
  await assertStillServing();
});

test('raw protocol garbage and half-sent requests do not take the server down', async () => {
  await rawExchange('GARBAGE\r\n\r\n').catch(() => '');
  await rawExchange('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nAction=Des', { halfClose: true }).catch(() => '');
  await rawExchange(`GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Long: ${'h'.repeat(256 * 1024)}\r\n\r\n`).catch(() => '');
  await rawExchange('POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nnope\r\n').catch(() => '');
  await rawExchange('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03').catch(() => ''); // a TLS ClientHello start
  await assertStillServing();
});

test('150 concurrent SDK calls (typed V3, openapi-client V2, pop-core keep-alive) all succeed', async () => {
  const sts = C.stsClient(sim);
  const v2 = C.openApiClient(sim, { signature: 'v2' });
  const pop = C.popClient(sim, 'rds');
  const calls = [];
  for (let i = 0; i < 50; i++) {
    calls.push(sts.getCallerIdentity().then((r) => r.body.accountId));
    calls.push(C.callRpc(v2, 'vpc', 'DescribeVSwitches', { body: { RegionId: DEMO.region, VpcId: DEMO.vpcId } })
      .then((r) => r.body.VSwitches.VSwitch.length));
    calls.push(pop.request('DescribeDBInstanceNetInfo', { DBInstanceId: DEMO.rds.happy.id }, { method: 'POST' })
      .then(([json]) => json.DBInstanceNetInfos.DBInstanceNetInfo[0].IPAddress));
  }
  const results = await Promise.all(calls);
  for (let i = 0; i < 50; i++)
    assert.deepEqual(results.slice(i * 3, i * 3 + 3), [DEMO.accountId, 3, DEMO.rds.happy.ip]);
  await assertStillServing();
});

test('the simulator survived every case above', async () => {
  await assertStillServing();
});

function chunk(s) {
  return `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n`;
}

// Writes `payload` to a fresh connection and collects whatever comes back until close (bounded).
function rawExchange(payload, { halfClose = false, timeoutMs = 3000 } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(sim.port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => { sock.destroy(); resolve(out); }, timeoutMs);
    sock.on('connect', () => {
      sock.write(payload, 'latin1');
      if (halfClose)
        sock.end();
    });
    sock.on('data', (d) => { out += d.toString('latin1'); });
    sock.on('close', () => { clearTimeout(timer); resolve(out); });
    sock.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}
