/* lw-account-check.h — the read-only account check: one line per call, nothing created
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "lw-rpc-client.h"
#include "lw-tidb-client.h"

G_BEGIN_DECLS

typedef struct {
  char     *call;        /* "sts:GetCallerIdentity", "nlb:CreateListener", "tidb:GetCluster" */
  gboolean  dry_run;     /* sent with DryRun=true */
  gboolean  ok;
  gboolean  skipped;     /* not sent (e.g. no TiDB Cloud key); ok is FALSE */
  char     *detail;      /* pass: what was read (never a secret); skipped: why */
  char     *code;        /* failure: the service's error code (NULL for a transport error) */
  char     *message;     /* failure: the service's message (or the transport error) */
  char     *request_id;  /* failure: the RequestId, when the service sent one */
} LwAccountCheckLine;

/* How many lines every check completes with (the calls listed below, TiDB Cloud's included). */
#define LW_ACCOUNT_CHECK_N_LINES 14

void lw_account_check_line_free (LwAccountCheckLine *line);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwAccountCheckLine, lw_account_check_line_free)

/*
 * Only reads and DryRun calls, with @rpc's credentials and region: caller identity, RDS DescribeDBInstances,
 * VPC DescribeVSwitches, NLB ListLoadBalancers, PrivateLink CheckProductOpen (the client has no
 * ListVpcEndpointServices), DryRun of every create call of the setup (server group, backend, load
 * balancer, listener, endpoint service, whitelist user; the RDS whitelist fix is left out: RDS documents
 * no DryRun for ModifySecurityIps), and with @tidb (may be NULL → skipped lines) the cluster
 * @tidb_cluster_id (NULL → the first cluster of the key) and its :getAvailabilityZones.
 * Completes with a GPtrArray of LwAccountCheckLine in that fixed order; a GError only when cancelled.
 */
void       lw_account_check_async  (LwRpcClient         *rpc,
                                    LwTidbClient        *tidb,
                                    const char          *tidb_cluster_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
GPtrArray *lw_account_check_finish (GAsyncResult        *result,
                                    GError             **error);

/* "PASS  sts:GetCallerIdentity  RAMUser acs:ram::…" / "FAIL  nlb:CreateListener (DryRun)  Forbidden.RAM:
 * <message> RequestId: <id>" / "SKIP  tidb:GetCluster  <why>" (English, for linkwright-call). */
char      *lw_account_check_line_format (const LwAccountCheckLine *line);

G_END_DECLS
