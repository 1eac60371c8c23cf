'use strict';
// product.md §3 end to end, NLB and PrivateLink carried by the openapi-v2 transport (see lib/chain.js).
require('./lib/chain').defineChainTests('openapi-v2');
