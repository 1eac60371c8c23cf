'use strict';
// product.md §3 end to end on the demo latency profile (×0.3, about 8 s of waiting), NLB and PrivateLink
// through openapi-client V3: every polled status must be a documented value, and the asynchronous
// state machines must show their intermediate states (job processing, NLB Provisioning, listener
// Provisioning, service Creating, connection not yet Connected, TiDB PENDING_ACCEPTANCE).
require('./lib/chain').defineChainTests('openapi-v3', {
  profile: 'demo', extraArgs: ['--time-scale', '0.3'], expectIntermediate: true,
});
