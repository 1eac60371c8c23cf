'use strict';
// The simulated TiDB Cloud side, exercised with curl's own HTTP Digest implementation
// (`curl --digest -u PUBLIC:PRIVATE`). The user:password pair is handed to curl through a config
// file on stdin (`-K -`), never on its command line, so that the private key stays out of argv.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const pathMod = require('node:path');
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
// Headers and the request body go through a private temporary directory; the credentials only
// through curl's stdin.
function curlDigest(sim, method, path, { body = null, user = DEMO.tidb.publicKey, password = DEMO.tidb.privateKey,
                                          digest = true, repeat = 1 } = {}) {
  const dir = fs.mkdtempSync(pathMod.join(os.tmpdir(), 'lw-conformance-curl-'));
  const headerFile = pathMod.join(dir, 'headers');
  const args = ['-sS', '-K', '-', '-X', method, '-D', headerFile, '-H', 'Accept: application/json', '--max-time', '20'];
  if (digest)
    args.push('--digest');
  if (body !== null) {
    const bodyFile = pathMod.join(dir, 'body');
    fs.writeFileSync(bodyFile, typeof body === 'string' ? Buffer.from(body, 'latin1') : JSON.stringify(body));
    args.push('-H', 'Content-Type: application/json', '--data-binary', `@${bodyFile}`);
  }
  if (repeat > 1) {
    // One curl process, `repeat` transfers on one connection (curl keeps its Digest state):
    // stdout gets one status code per transfer.
    args.push('-w', '%{http_code}\\n');
    for (let i = 0; i < repeat; i++)
      args.push('-o', '/dev/null', `${sim.url}${path}`);
  } else {
    args.push(`${sim.url}${path}`);
  }
  return new Promise((resolve, reject) => {
    const child = spawn('curl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d.toString(); });
    child.stderr.on('data', (d) => { err += d.toString(); });
    child.on('error', (e) => { fs.rmSync(dir, { recursive: true, force: true }); reject(e); });
    child.on('close', (code) => {
      let headers = '';
      try { headers = fs.readFileSync(headerFile, 'utf8'); } catch (_) { /* no response at all */ }
      fs.rmSync(dir, { recursive: true, force: true });
      if (code !== 0) {
        reject(new Error(`curl exited ${code}: ${err}`));
        return;
      }
      const statuses = [...headers.matchAll(/^HTTP\/[0-9.]+ (\d{3})/gm)].map((m) => Number(m[1]));
      const challenges = [...headers.matchAll(/^www-authenticate:\s*(.*)$/gim)].map((m) => m[1].trim());
      let json = null;
      try { json = JSON.parse(out); } catch (_) { /* asserted by callers */ }
      const codes = repeat > 1 ? out.split('\n').filter(Boolean).map(Number) : undefined;
      resolve({ statuses, status: statuses[statuses.length - 1], challenges, headers, text: out, json, codes });
    });
    child.stdin.end(user !== null ? `user = ${quoteForCurlConfig(`${user}:${password}`)}\n` : '');
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
