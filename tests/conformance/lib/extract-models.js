'use strict';
// Extracts the official request/response models of the PolarDB and ECS actions Linkwright calls
// from the pinned SDKs' own sources in node_modules, in the format of
// ../shared/data/alibaba-official-models.json:
//   @alicloud/polardb20170801 src/client.ts: <Action>Request / <Action>Response classes (names() and
//     types()); <action>WithOptions calls rpc-client's doRequest(action, protocol, method, version,
//     authType, query = null, body = toMap(request)): every parameter in the form body.
//   @alicloud/ecs20140526 src/models/<Action>Request.ts and <Action>ResponseBody.ts (names() and
//     types()); client.ts <action>WithOptions says per parameter query["X"] or body["X"].
//
// Usage: node lib/extract-models.js [OUT.json]   (no argument: prints the JSON on stdout)
// tests/conformance/test-models.js regenerates it and compares with the committed
// tests/data/alibaba-official-models-polardb-ecs.json.

const fs = require('node:fs');
const path = require('node:path');

const MODULES = path.join(__dirname, '..', 'node_modules', '@alicloud');
const ACTIONS = {
  polardb: ['DescribeDBClusters', 'DescribeDBClusterAttribute', 'DescribeDBClusterEndpoints',
            'DescribeDBClusterAccessWhitelist', 'ModifyDBClusterAccessWhitelist'],
  ecs: ['DescribeInstances', 'DescribeSecurityGroupAttribute', 'AuthorizeSecurityGroup', 'RevokeSecurityGroup'],
};

function packageVersion(name) {
  return JSON.parse(fs.readFileSync(path.join(MODULES, name, 'package.json'), 'utf8')).version;
}

// Every `export class X extends $tea.Model | $dara.Model { ... }` of a source: name -> {names, types}.
function parseClasses(source) {
  const classes = new Map();
  const re = /export class (\w+) extends \$(?:tea|dara)\.Model \{/g;
  let m;
  while ((m = re.exec(source)) !== null) {
    const start = m.index;
    const next = source.indexOf('\nexport class ', start + 1);
    const body = source.slice(start, next < 0 ? source.length : next);
    classes.set(m[1], { names: block(body, 'names'), types: block(body, 'types') });
  }
  return classes;
}

// The object literal returned by `static names()` / `static types()`: key -> raw value text.
function block(body, which) {
  const at = body.indexOf(`static ${which}()`);
  if (at < 0)
    return new Map();
  const open = body.indexOf('return {', at);
  const close = body.indexOf('\n    };', open);
  const entries = new Map();
  for (const line of body.slice(open + 'return {'.length, close).split('\n')) {
    const e = line.match(/^\s*(\w+): (.+?),?\s*$/);
    if (e)
      entries.set(e[1], e[2]);
  }
  return entries;
}

// One field description from a types() value: 'string' | ClassName | { 'type': 'array', 'itemType': X }.
function describe(classes, raw, seen) {
  const scalar = raw.match(/^'(\w+)'$/);
  if (scalar) {
    const t = scalar[1];
    if (t === 'string' || t === 'number' || t === 'boolean')
      return { type: t };
    return { type: 'object' }; // 'any', 'map', 'Readable'
  }
  const array = raw.match(/^\{ 'type': 'array', 'itemType': (.+) \}$/);
  if (array) {
    const item = describe(classes, array[1], seen);
    const out = { type: 'array', itemType: item.type };
    if (item.children)
      out.children = item.children;
    return out;
  }
  const map = raw.match(/^\{ 'type': 'map'/);
  if (map)
    return { type: 'object' };
  const cls = classes.get(raw);
  if (!cls)
    throw new Error(`unknown model type ${raw}`);
  if (seen.has(raw))
    throw new Error(`recursive model type ${raw}`);
  return { type: 'object', children: fields(classes, raw, new Set([...seen, raw])) };
}

// The fields of a class by wire name, sorted (as the shared models file lists them).
function fields(classes, name, seen = new Set([name])) {
  const cls = classes.get(name);
  if (!cls)
    throw new Error(`no model class ${name}`);
  const out = [];
  for (const [key, wire] of cls.names) {
    const raw = cls.types.get(key);
    if (raw === undefined)
      throw new Error(`${name}.${key} has a name but no type`);
    out.push({ name: wire.replace(/^'|'$/g, ''), ...describe(classes, raw, seen) });
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

function withOptions(client, action) {
  const fn = action[0].toLowerCase() + action.slice(1) + 'WithOptions(';
  const at = client.indexOf(`async ${fn}`);
  if (at < 0)
    throw new Error(`no ${fn} in client.ts`);
  const end = client.indexOf('\n  }\n', at);
  return client.slice(at, end);
}

function style(field) {
  return field.type === 'array' || field.type === 'object' ? 'flat' : null;
}

function polardb() {
  const dir = path.join(MODULES, 'polardb20170801', 'src');
  const client = fs.readFileSync(path.join(dir, 'client.ts'), 'utf8');
  const classes = parseClasses(client);
  const actions = {};
  for (const action of ACTIONS.polardb) {
    const fn = withOptions(client, action);
    const call = fn.match(/this\.doRequest\("(\w+)", "(\w+)", "(\w+)", "([\d-]+)", "(\w+)", (null|[^,]+), (\$tea\.toMap\(request\)|null), runtime\)/);
    if (!call || call[1] !== action)
      throw new Error(`${action}: unexpected doRequest call in client.ts`);
    const where = call[6] === 'null' ? 'body' : 'query';
    actions[action] = {
      method: call[3],
      bodyType: 'json',
      reqBodyType: 'formData',
      apiStyle: 'RPC',
      request: fields(classes, `${action}Request`).map((f) => ({ ...f, in: where, style: style(f) })),
      response: fields(classes, `${action}Response`),
    };
  }
  return { version: '2017-08-01', actions };
}

function ecs() {
  const dir = path.join(MODULES, 'ecs20140526', 'src');
  const client = fs.readFileSync(path.join(dir, 'client.ts'), 'utf8');
  const actions = {};
  for (const action of ACTIONS.ecs) {
    const requestClasses = parseClasses(fs.readFileSync(path.join(dir, 'models', `${action}Request.ts`), 'utf8'));
    const responseClasses = parseClasses(fs.readFileSync(path.join(dir, 'models', `${action}ResponseBody.ts`), 'utf8'));
    const fn = withOptions(client, action);
    const params = fn.match(/action: "(\w+)",[\s\S]*?method: "(\w+)",[\s\S]*?style: "(\w+)",\s*reqBodyType: "(\w+)",\s*bodyType: "(\w+)"/);
    if (!params || params[1] !== action)
      throw new Error(`${action}: unexpected Params in client.ts`);
    // Where each wire name goes: query["X"] = request.x / body["X"] = request.xShrink.
    const placed = new Map();
    for (const m of fn.matchAll(/(query|body)\["([\w.]+)"\] = request\.(\w+);/g))
      placed.set(m[2], { in: m[1], shrink: m[3].endsWith('Shrink') });
    const request = [];
    for (const f of fields(requestClasses, `${action}Request`)) {
      const where = placed.get(f.name);
      if (!where)
        continue; // not sent by the generated client (e.g. a host-only field)
      request.push({ ...f, in: where.in, style: where.shrink ? 'json' : style(f) });
    }
    actions[action] = {
      method: params[2],
      bodyType: params[5],
      reqBodyType: params[4],
      apiStyle: params[3],
      request,
      response: fields(responseClasses, `${action}ResponseBody`),
    };
  }
  return { version: '2014-05-26', actions };
}

function extract() {
  const pv = packageVersion('polardb20170801');
  const ev = packageVersion('ecs20140526');
  return {
    source: `npm @alicloud/polardb20170801 ${pv} src/client.ts and @alicloud/ecs20140526 ${ev} src/models + src/client.ts ` +
            '(tests/conformance/package-lock.json pins both)',
    notes: 'Generated by tests/conformance/lib/extract-models.js; same format as ../shared/data/alibaba-official-models.json. ' +
           'PolarDB: rpc-client doRequest(action, protocol, method, version, authType, null, toMap(request)) puts every ' +
           'parameter in the form body (V1 HMAC-SHA1 over query + body); response fields from <Action>Response names()/types(). ' +
           'ECS: request[].in from client.ts <action>WithOptions (query[...] or body[...]), only the parameters the generated ' +
           'client sends; style "flat" = array/object flattened, "json" = shrunk to a JSON string, null = scalar; response ' +
           `fields from <Action>ResponseBody names()/types(). Actions: exactly the ones Linkwright calls (${ACTIONS.polardb.length} ` +
           `PolarDB, ${ACTIONS.ecs.length} ECS).`,
    products: { polardb: polardb(), ecs: ecs() },
  };
}

module.exports = { extract, ACTIONS };

if (require.main === module) {
  const text = JSON.stringify(extract(), null, 2) + '\n';
  if (process.argv[2])
    fs.writeFileSync(process.argv[2], text);
  else
    process.stdout.write(text);
}
