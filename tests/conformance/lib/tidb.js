'use strict';
// The simulated TiDB Cloud side, exercised with curl's own HTTP Digest implementation
// (`curl --digest -u PUBLIC:PRIVATE`). The user:password pair is handed to curl through a config
// file on stdin (`-K -`), never on its command line, so that the private key stays out of argv.

const { spawn } = require('node:child_process');
const { DEMO } = require('./clients');

function curlAvailable() {
  return new Promise((resolve) => {
    const c = spawn('curl', ['--version'], { stdio: 'ignore' });
    c.on('error', () => resolve(false));
    c.on('exit', (code) => resolve(code === 0));
  });
}

function quoteForCurlConfig(s) {
  return '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';
}

// Runs one request with curl --digest. Returns every HTTP response curl saw (so the 401 challenge
// that precedes the authenticated request is visible), the final status and the parsed body.
function curlDigest(sim, method, path, { body = null, user = DEMO.tidb.publicKey, password = DEMO.tidb.privateKey,
                                          digest = true } = {}) {
  const args = ['-sS', '-K', '-', '-X', method, '-D', '-', '-o', '/dev/fd/3',
                '-H', 'Accept: application/json', '--max-time', '20'];
  if (digest)
    args.push('--digest');
  if (body !== null)
    args.push('-H', 'Content-Type: application/json', '--data-binary', '@/dev/fd/4');
  args.push(`${sim.url}${path}`);
  return new Promise((resolve, reject) => {
    const child = spawn('curl', args, { stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'] });
    let headers = '';
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { headers += d.toString(); });
    child.stdio[3].on('data', (d) => { out += d.toString(); });
    child.stderr.on('data', (d) => { err += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`curl exited ${code}: ${err}`));
        return;
      }
      const statuses = [...headers.matchAll(/^HTTP\/[0-9.]+ (\d{3})/gm)].map((m) => Number(m[1]));
      const challenges = [...headers.matchAll(/^www-authenticate:\s*(.*)$/gim)].map((m) => m[1].trim());
      let json = null;
      try { json = JSON.parse(out); } catch (_) { /* asserted by callers */ }
      resolve({ statuses, status: statuses[statuses.length - 1], challenges, headers, text: out, json });
    });
    const conf = user !== null ? `user = ${quoteForCurlConfig(`${user}:${password}`)}\n` : '';
    child.stdin.end(conf);
    if (body !== null)
      child.stdio[4].end(typeof body === 'string' ? body : JSON.stringify(body));
    else
      child.stdio[4].end();
  });
}

const clusterPath = (suffix = '') => `/v1beta1/clusters/${DEMO.tidb.clusterId}${suffix}`;

function createPrivateLinkConnection(sim, serviceName, displayName = 'lw-conformance-plc') {
  return curlDigest(sim, 'POST', clusterPath('/privateLinkConnections'), {
    body: {
      privateLinkConnection: {
        clusterId: DEMO.tidb.clusterId,
        displayName,
        type: 'ALICLOUD_ENDPOINT_SERVICE',
        alicloudEndpointService: { name: serviceName },
      },
    },
  });
}

function getPrivateLinkConnection(sim, id) {
  return curlDigest(sim, 'GET', clusterPath(`/privateLinkConnections/${encodeURIComponent(id)}`));
}

function deletePrivateLinkConnection(sim, id) {
  return curlDigest(sim, 'DELETE', clusterPath(`/privateLinkConnections/${encodeURIComponent(id)}`));
}

function getAvailabilityZones(sim) {
  return curlDigest(sim, 'GET', clusterPath('/privateLinkConnections:getAvailabilityZones'));
}

module.exports = {
  curlAvailable, curlDigest, clusterPath, createPrivateLinkConnection, getPrivateLinkConnection,
  deletePrivateLinkConnection, getAvailabilityZones,
};
