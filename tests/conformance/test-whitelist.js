'use strict';
// The RDS whitelist fix of product.md page 4: read DescribeDBInstanceIPArrayList, and (opt-in) add
// the chosen vSwitch CIDRs as a separate whitelist group with ModifySecurityIps — through the typed
// RDS client (V3) and pop-core (V1), including the validation the real API does.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startSim, waitFor } = require('./lib/sim');
const C = require('./lib/clients');

const { DEMO } = C;
const GROUP = 'lw_nlb_vswitches';
const CIDRS = ['172.16.2.0/24', '172.16.3.0/24'];
let sim;

before(async () => { sim = await startSim(); });
after(async () => { if (sim) await sim.stop(); });

async function groups(id = DEMO.rds.narrow.id) {
  const res = await C.rdsClient(sim).describeDBInstanceIPArrayList(new C.Rds.DescribeDBInstanceIPArrayListRequest({
    DBInstanceId: id,
  }));
  return Object.fromEntries(res.body.items.DBInstanceIPArray.map((g) => [
    g.DBInstanceIPArrayName, g.securityIPList.split(',').map((x) => x.trim()).filter(Boolean)]));
}

test('the narrow instance starts with 127.0.0.1 only', async () => {
  const g = await groups();
  const visible = Object.values(g).flat();
  assert.ok(visible.includes('127.0.0.1'));
  assert.ok(!visible.some((ip) => ip.startsWith('172.16.')), JSON.stringify(g));
});

test('ModifySecurityIps (typed, V3) adds a separate group; the existing groups are untouched', async () => {
  const beforeGroups = await groups();
  const res = await C.rdsClient(sim).modifySecurityIps(new C.Rds.ModifySecurityIpsRequest({
    DBInstanceId: DEMO.rds.narrow.id,
    DBInstanceIPArrayName: GROUP,
    securityIps: CIDRS.join(','),
    modifyMode: 'Append',
  }));
  assert.equal(res.statusCode, 200);
  assert.ok(res.body.requestId);
  const g = await waitFor('the new whitelist group', () => groups(), (x) => Array.isArray(x[GROUP]));
  assert.deepEqual([...g[GROUP]].sort(), [...CIDRS].sort());
  for (const [name, ips] of Object.entries(beforeGroups))
    assert.deepEqual(g[name], ips, `group ${name} unchanged`);
});

test('ModifySecurityIps Delete mode (pop-core, V1) removes one CIDR from the group', async () => {
  const [json, entry] = await C.popClient(sim, 'rds').request('ModifySecurityIps', {
    DBInstanceId: DEMO.rds.narrow.id, DBInstanceIPArrayName: GROUP, SecurityIps: CIDRS[1], ModifyMode: 'Delete',
  }, { method: 'POST' });
  assert.equal(entry.response.statusCode, 200);
  assert.ok(json.RequestId);
  const g = await waitFor('the CIDR removed', () => groups(), (x) => x[GROUP] && !x[GROUP].includes(CIDRS[1]));
  assert.deepEqual(g[GROUP], [CIDRS[0]]);
});

test('ModifySecurityIps validation: bad IP entries, unknown instance', async () => {
  const rds = C.rdsClient(sim);
  let e;
  for (const bad of ['172.16.300.0/24', 'not-an-ip', '10.0.0.0/33']) {
    e = await C.expectError(() => rds.modifySecurityIps(new C.Rds.ModifySecurityIpsRequest({
      DBInstanceId: DEMO.rds.narrow.id, DBInstanceIPArrayName: GROUP, securityIps: bad,
    })));
    assert.match(e.code, /^InvalidSecurityIPList/, `${bad}: ${e.message}`);
    assert.equal(e.status, 400);
  }
  e = await C.expectError(() => rds.modifySecurityIps(new C.Rds.ModifySecurityIpsRequest({
    DBInstanceId: 'rm-doesnotexist0000', DBInstanceIPArrayName: GROUP, securityIps: CIDRS[0],
  })));
  assert.equal(e.code, 'InvalidDBInstanceId.NotFound', e.message);
  assert.equal(e.status, 404);
  assert.ok(sim.alive);
});
