'use strict';
// product.md §3 end to end, NLB and PrivateLink carried by the pop-post transport (see lib/chain.js).
require('./lib/chain').defineChainTests('pop-post');
