'use strict';
// product.md §3 end to end, NLB and PrivateLink carried by the openapi-v3 transport (see lib/chain.js).
require('./lib/chain').defineChainTests('openapi-v3');
