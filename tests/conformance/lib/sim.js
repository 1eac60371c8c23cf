'use strict';
// Starts a private linkwright-sim for one test file and talks to its admin API.
//
// Each test file gets its own simulator (`--port 0`, so files can run in parallel) and kills it in
// its `after` hook. The simulator announces itself with exactly one first stdout line:
//   LINKWRIGHT_SIM_URL=http://127.0.0.1:PORT

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');

const START_TIMEOUT_MS = 15000;
const URL_LINE = /^LINKWRIGHT_SIM_URL=(http:\/\/127\.0\.0\.1:(\d+))\s*$/;

function simExecutable() {
  const exe = process.env.LW_SIM_EXE;
  if (!exe) {
    throw new Error('LW_SIM_EXE is not set: run this suite through `meson test --suite conformance` ' +
                    'or set LW_SIM_EXE=/path/to/_build/src/sim/linkwright-sim');
  }
  if (!fs.existsSync(exe)) {
    throw new Error(`LW_SIM_EXE=${exe} does not exist: build it first ` +
                    '(meson compile -C <builddir> src/sim/linkwright-sim)');
  }
  return exe;
}

class Sim {
  constructor(child, url, port) {
    this.child = child;
    this.url = url;
    this.port = port;
    // What the SDKs need: host:port as the endpoint, plain HTTP (a loopback override).
    this.endpoint = `127.0.0.1:${port}`;
    this.stderr = '';
    this.exitInfo = null;
    child.stderr.on('data', (d) => {
      // Keep a bounded tail for diagnostics when something fails.
      this.stderr = (this.stderr + d.toString()).slice(-20000);
    });
    child.on('exit', (code, signal) => { this.exitInfo = { code, signal }; });
  }

  get alive() {
    return this.exitInfo === null;
  }

  async stop() {
    if (!this.alive)
      return this.exitInfo;
    const exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => { if (this.alive) this.child.kill('SIGKILL'); }, 5000);
    const info = await exited;
    clearTimeout(timer);
    return info;
  }

  // Raw HTTP to the simulator (admin API, malformed requests). Resolves {status, headers, text, json}.
  request(method, pathAndQuery, { headers = {}, body = null, timeoutMs = 10000 } = {}) {
    return rawRequest(this.port, method, pathAndQuery, { headers, body, timeoutMs });
  }

  async state() {
    const r = await this.request('GET', '/_sim/state');
    if (r.status !== 200 || !r.json)
      throw new Error(`GET /_sim/state answered ${r.status}: ${r.text.slice(0, 500)}`);
    return r.json;
  }

  async reset() {
    const r = await this.request('POST', '/_sim/reset', { body: '' });
    if (r.status < 200 || r.status > 299)
      throw new Error(`POST /_sim/reset answered ${r.status}: ${r.text.slice(0, 500)}`);
  }

  async faults(spec) {
    const body = typeof spec === 'string' ? spec : JSON.stringify(spec);
    return this.request('POST', '/_sim/faults', { headers: { 'content-type': 'application/json' }, body });
  }
}

function rawRequest(port, method, pathAndQuery, { headers = {}, body = null, timeoutMs = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: pathAndQuery, headers, agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json = null;
          try { json = JSON.parse(text); } catch (_) { /* not JSON: callers assert on that */ }
          resolve({ status: res.statusCode, headers: res.headers, text, json });
        });
        res.on('error', reject);
      });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${pathAndQuery.slice(0, 80)} timed out`)));
    req.on('error', reject);
    if (body !== null && body !== undefined)
      req.write(body);
    req.end();
  });
}

// Starts `linkwright-sim --port 0 --profile <profile> --world <world>` and waits for its URL line.
// The conformance tests use the cn-hangzhou world (HACKING.md's constants; lib/clients.js);
// world null (or extraArgs with --seed) starts it without --world.
function startSim({ profile = 'instant', world = 'hangzhou', extraArgs = [] } = {}) {
  const exe = simExecutable();
  const worldArgs = world && !extraArgs.includes('--seed') ? ['--world', world] : [];
  const args = ['--port', '0', '--profile', profile, ...worldArgs, ...extraArgs];
  const child = spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    let done = false;
    const fail = (msg) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try { child.kill('SIGKILL'); } catch (_) { /* already gone */ }
      reject(new Error(`${msg}\ncommand: ${exe} ${args.join(' ')}\nstdout: ${out.slice(0, 2000)}\nstderr: ${err.slice(-4000)}`));
    };
    const timer = setTimeout(() => fail(`linkwright-sim printed no URL line within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    const onErr = (d) => { err += d.toString(); };
    child.stderr.on('data', onErr);
    child.on('error', (e) => fail(`cannot start linkwright-sim: ${e.message}`));
    child.on('exit', (code, signal) => fail(`linkwright-sim exited early (code ${code}, signal ${signal})`));
    const onOut = (d) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      const first = out.slice(0, nl);
      const m = URL_LINE.exec(first);
      if (!m) {
        fail(`first stdout line is not "LINKWRIGHT_SIM_URL=http://127.0.0.1:PORT": ${JSON.stringify(first)}`);
        return;
      }
      done = true;
      clearTimeout(timer);
      child.stdout.off('data', onOut);
      child.stderr.off('data', onErr);
      child.removeAllListeners('exit');
      child.stdout.resume(); // keep draining whatever else it prints
      const sim = new Sim(child, m[1], Number(m[2]));
      sim.stderr = err;
      resolve(sim);
    };
    child.stdout.on('data', onOut);
  });
}

// Polls `fn` until `pred(result)` holds or the deadline passes (the simulator's state machines are
// asynchronous even on the instant profile). Returns the last result; throws on timeout.
async function waitFor(what, fn, pred, { timeoutMs = 20000, intervalMs = 50 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  let interval = intervalMs;
  for (;;) {
    last = await fn();
    if (pred(last))
      return last;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last).slice(0, 1000)}`);
    await new Promise((r) => setTimeout(r, interval));
    interval = Math.min(interval * 2, 500);
  }
}

// Counts live resources in /_sim/state regardless of its exact layout: every array under a key
// that names a resource kind counts its entries.
function countLive(state, kindPattern) {
  let n = 0;
  const visit = (node, key) => {
    if (Array.isArray(node)) {
      if (kindPattern.test(key || ''))
        n += node.length;
      return;
    }
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node))
        visit(v, k);
    }
  };
  visit(state, '');
  return n;
}

module.exports = { startSim, waitFor, rawRequest, countLive, Sim };
