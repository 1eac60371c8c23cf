/* lw-ecs.h: ECS 2014-05-26 (self-managed MySQL on an ECS instance as a source)
 *
 * Typed calls over the described actions of lw-ecs.c; every parameter goes in the query, as the
 * pinned official SDK sends it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lw-rpc-client.h"

G_BEGIN_DECLS

/* One NetworkInterfaces.NetworkInterface of an instance (the fields Linkwright reads). */
typedef struct {
  char *network_interface_id;
  char *type;                 /* "Primary" | "Secondary" */
  char *primary_ip_address;   /* PrimaryIpAddress */
} LwEcsNetworkInterface;

/* One instance of DescribeInstances. */
typedef struct {
  char  *instance_id;
  char  *instance_name;
  char  *status;              /* "Running", "Stopped", … */
  char  *network_type;        /* InstanceNetworkType: "vpc" | "classic" */
  char  *region_id;
  char  *zone_id;
  char  *vpc_id;              /* VpcAttributes.VpcId */
  char  *vswitch_id;          /* VpcAttributes.VSwitchId */
  char **private_ips;         /* VpcAttributes.PrivateIpAddress.IpAddress (never NULL) */
  char **inner_ips;           /* InnerIpAddress.IpAddress, classic network (never NULL) */
  char **security_group_ids;  /* SecurityGroupIds.SecurityGroupId (never NULL) */
  GPtrArray *network_interfaces; /* NetworkInterfaces.NetworkInterface: LwEcsNetworkInterface (never NULL) */
} LwEcsInstance;

typedef struct {
  GPtrArray *instances;       /* LwEcsInstance */
  guint      page_number;
  guint      page_size;
  guint      total_count;
  char      *next_token;
  char      *request_id;
} LwEcsInstancePage;

typedef struct {
  const char         *vpc_id;          /* NULL = any */
  const char         *vswitch_id;
  const char         *zone_id;
  const char         *status;          /* "Running", …; NULL = any */
  const char         *network_type;    /* "vpc" | "classic"; NULL = any */
  const char         *instance_name;   /* may hold "*" wildcards */
  const char * const *instance_ids;    /* NULL-terminated, at most 100; sent as a JSON array */
  const char * const *private_ips;     /* NULL-terminated, at most 100; sent as a JSON array */
  guint               page_size;       /* 1-100; 0 = 100 */
} LwEcsInstanceQuery;

/* One rule of DescribeSecurityGroupAttribute. */
typedef struct {
  char *rule_id;              /* SecurityGroupRuleId */
  char *direction;            /* "ingress" | "egress" */
  char *ip_protocol;          /* "TCP", "UDP", "ICMP", "GRE", "ALL" */
  char *port_range;           /* "3306/3306" */
  char *source_cidr_ip;
  char *policy;               /* "Accept" | "Drop" */
  char *priority;             /* a string in the API */
  char *description;
  char *nic_type;
} LwEcsRule;

typedef struct {
  char      *security_group_id;
  char      *security_group_name;
  char      *vpc_id;
  char      *region_id;
  GPtrArray *rules;           /* LwEcsRule */
  char      *request_id;
} LwEcsSecurityGroup;

/* One Permissions.N of AuthorizeSecurityGroup / RevokeSecurityGroup (NULL members are not sent). */
typedef struct {
  const char *ip_protocol;    /* TCP, UDP, ICMP, ICMPv6, GRE, ALL */
  const char *port_range;     /* "a/b" (1-65535) for TCP/UDP, "-1/-1" otherwise */
  const char *source_cidr_ip; /* IPv4 address or CIDR block */
  const char *policy;         /* "accept" | "drop" */
  const char *priority;       /* "1".."100" */
  const char *description;    /* 1-512 characters, not starting with http:// or https:// */
  const char *nic_type;       /* "intranet" for VPC security groups */
} LwEcsPermission;

void lw_ecs_network_interface_free (LwEcsNetworkInterface *self);
void lw_ecs_instance_free        (LwEcsInstance      *self);
void lw_ecs_instance_page_free   (LwEcsInstancePage  *self);
void lw_ecs_rule_free            (LwEcsRule          *self);
void lw_ecs_security_group_free  (LwEcsSecurityGroup *self);

/* The primary private IPv4 address: the first VPC private IP, or the first inner IP (classic). */
const char *lw_ecs_instance_get_private_ip (const LwEcsInstance *self);

/* DescribeInstances, one page (1-based @page_number, PageNumber/PageSize) of the client's region. */
void               lw_ecs_describe_instances_async      (LwRpcClient              *client,
                                                         const LwEcsInstanceQuery *query,
                                                         guint                     page_number,
                                                         GCancellable             *cancellable,
                                                         GAsyncReadyCallback       callback,
                                                         gpointer                  user_data);
LwEcsInstancePage *lw_ecs_describe_instances_finish     (LwRpcClient              *client,
                                                         GAsyncResult             *result,
                                                         GError                  **error);

/* DescribeInstances, every page (NextToken/MaxResults, bounded) → GPtrArray of LwEcsInstance. */
void               lw_ecs_describe_all_instances_async  (LwRpcClient              *client,
                                                         const LwEcsInstanceQuery *query,
                                                         GCancellable             *cancellable,
                                                         GAsyncReadyCallback       callback,
                                                         gpointer                  user_data);
GPtrArray         *lw_ecs_describe_all_instances_finish (LwRpcClient              *client,
                                                         GAsyncResult             *result,
                                                         GError                  **error);

/* DescribeSecurityGroupAttribute (@direction "ingress" | "egress" | NULL = all). */
void                lw_ecs_describe_security_group_attribute_async  (LwRpcClient         *client,
                                                                     const char          *security_group_id,
                                                                     const char          *direction,
                                                                     GCancellable        *cancellable,
                                                                     GAsyncReadyCallback  callback,
                                                                     gpointer             user_data);
LwEcsSecurityGroup *lw_ecs_describe_security_group_attribute_finish (LwRpcClient         *client,
                                                                     GAsyncResult        *result,
                                                                     GError             **error);

/* A DescribeSecurityGroupAttribute answer the caller already holds (the runner's raw calls), parsed as
 * the typed call parses it. */
LwEcsSecurityGroup *lw_ecs_security_group_from_answer (JsonObject *answer);

/* AuthorizeSecurityGroup with @n_permissions inbound rules. The answer has only a RequestId: find
 * the created rules' IDs with DescribeSecurityGroupAttribute. An identical existing rule is not
 * an error (nothing is added). @client_token NULL = a new one. */
void     lw_ecs_authorize_security_group_async  (LwRpcClient           *client,
                                                 const char            *security_group_id,
                                                 const LwEcsPermission *permissions,
                                                 guint                  n_permissions,
                                                 const char            *client_token,
                                                 GCancellable          *cancellable,
                                                 GAsyncReadyCallback    callback,
                                                 gpointer               user_data);
gboolean lw_ecs_authorize_security_group_finish (LwRpcClient           *client,
                                                 GAsyncResult          *result,
                                                 GError               **error);

/* RevokeSecurityGroup by SecurityGroupRuleId.N (@rule_ids NULL-terminated). */
void     lw_ecs_revoke_security_group_async  (LwRpcClient         *client,
                                              const char          *security_group_id,
                                              const char * const  *rule_ids,
                                              const char          *client_token,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean lw_ecs_revoke_security_group_finish (LwRpcClient         *client,
                                              GAsyncResult        *result,
                                              GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwEcsNetworkInterface, lw_ecs_network_interface_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwEcsInstance, lw_ecs_instance_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwEcsInstancePage, lw_ecs_instance_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwEcsRule, lw_ecs_rule_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwEcsSecurityGroup, lw_ecs_security_group_free)

G_END_DECLS
