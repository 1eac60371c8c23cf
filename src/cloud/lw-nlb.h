/* lw-nlb.h: NLB 2022-04-30 (parameters in the form body, as the SDK sends them)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lw-rpc-client.h"

G_BEGIN_DECLS

/* Inputs. Pointers are borrowed for the duration of the _async call only. NULL strings and 0
 * numbers are omitted (the service default applies) unless noted. */
typedef struct {
  const char *server_group_name;         /* required */
  const char *vpc_id;                    /* required */
  const char *server_group_type;         /* "Ip" */
  const char *protocol;                  /* "TCP" */
  gboolean    preserve_client_ip_enabled;/* always sent */
  gboolean    health_check_enabled;      /* always sent */
  const char *health_check_type;         /* "TCP" */
  guint       health_check_connect_port;
  guint       health_check_connect_timeout;
  guint       health_check_interval;
  guint       healthy_threshold;
  guint       unhealthy_threshold;
  const char * const *tags;              /* key, value, key, value, …, NULL */
} LwNlbServerGroupSpec;

typedef struct {
  const char *server_id;                 /* for Ip groups: the IP address */
  const char *server_type;               /* "Ip" */
  const char *server_ip;
  guint       port;                      /* always sent */
  guint       weight;                    /* 0 = omit (service default 100) */
  const char *description;
} LwNlbServerSpec;

typedef struct {
  const char *zone_id;
  const char *vswitch_id;
  const char *private_ipv4_address;      /* optional */
} LwNlbZoneMappingSpec;

typedef struct {
  const char *load_balancer_name;
  const char *vpc_id;                    /* required */
  const char *address_type;              /* "Intranet" */
  const char *address_ip_version;        /* "ipv4" */
  const LwNlbZoneMappingSpec *zone_mappings;
  guint       n_zone_mappings;
  const char *pay_type;                  /* LoadBalancerBillingConfig.PayType, e.g. "PostPay" */
  const char * const *tags;
} LwNlbLoadBalancerSpec;

typedef struct {
  const char *listener_protocol;         /* "TCP" */
  guint       listener_port;             /* always sent */
  const char *load_balancer_id;
  const char *server_group_id;
  const char *listener_description;
  guint       idle_timeout;
  const char * const *tags;
} LwNlbListenerSpec;

/* Result of every NLB write call. For a dry run: dry_run TRUE and the IDs NULL. */
typedef struct {
  char    *request_id;
  char    *job_id;        /* JobId (async operations) */
  char    *resource_id;   /* ServerGroupId / LoadbalancerId / ListenerId, when the call returns one */
  char    *order_id;      /* CreateLoadBalancer only */
  gboolean dry_run;
} LwNlbJobResult;

typedef struct {
  char  *server_group_id;
  char  *server_group_name;
  char  *server_group_type;
  char  *status;          /* ServerGroupStatus: "Creating" | "Available" | "Configuring" … */
  char  *vpc_id;
  char  *protocol;
  char **related_load_balancer_ids;
  guint  server_count;
} LwNlbServerGroup;

typedef struct {
  char *server_group_id;
  char *server_id;
  char *server_ip;
  char *server_type;
  guint port;
  guint weight;
  char *status;           /* "Adding" | "Available" | "Configuring" | "Removing" */
  char *zone_id;
  char *description;
} LwNlbBackendServer;

typedef struct {
  char *zone_id;
  char *vswitch_id;
  char *status;
  char *private_ipv4_address;
} LwNlbZoneMapping;

typedef struct {
  char      *load_balancer_id;
  char      *load_balancer_name;
  char      *status;            /* LoadBalancerStatus: "Provisioning" | "Active" | "CreateFailed" … */
  char      *business_status;   /* "Normal" | "Abnormal" */
  char      *address_type;
  char      *address_ip_version;
  char      *vpc_id;
  char      *dns_name;
  GPtrArray *zone_mappings;     /* LwNlbZoneMapping */
  char      *request_id;
} LwNlbLoadBalancer;

typedef struct {
  char *listener_id;
  char *load_balancer_id;
  char *server_group_id;
  char *listener_protocol;
  guint listener_port;
  char *status;                 /* ListenerStatus: "Provisioning" | "Running" | … */
  char *listener_description;
  char *request_id;
} LwNlbListener;

/* A backend the health check does not consider normal. */
typedef struct {
  char *server_group_id;
  char *server_id;
  char *server_ip;
  guint port;
  char *status;                 /* e.g. "Unhealthy", "Unavailable" */
  char *reason_code;
} LwNlbServerHealth;

typedef struct {
  char      *listener_id;
  gboolean   health_check_enabled;
  GPtrArray *non_normal_servers; /* LwNlbServerHealth; empty = every backend healthy */
  char      *request_id;
} LwNlbListenerHealth;

void lw_nlb_job_result_free       (LwNlbJobResult      *self);
void lw_nlb_server_group_free     (LwNlbServerGroup    *self);
void lw_nlb_backend_server_free   (LwNlbBackendServer  *self);
void lw_nlb_zone_mapping_free     (LwNlbZoneMapping    *self);
void lw_nlb_load_balancer_free    (LwNlbLoadBalancer   *self);
void lw_nlb_listener_free         (LwNlbListener       *self);
void lw_nlb_server_health_free    (LwNlbServerHealth   *self);
void lw_nlb_listener_health_free  (LwNlbListenerHealth *self);

/* Create/delete calls: @client_token NULL = a fresh one (better: persist one and pass it);
 * @flags may carry LW_CALL_FLAGS_DRY_RUN. All finish with an LwNlbJobResult. */
void            lw_nlb_create_server_group_async        (LwRpcClient                *client,
                                                         const LwNlbServerGroupSpec *spec,
                                                         const char                 *client_token,
                                                         LwCallFlags                 flags,
                                                         GCancellable               *cancellable,
                                                         GAsyncReadyCallback         callback,
                                                         gpointer                    user_data);
void            lw_nlb_delete_server_group_async        (LwRpcClient                *client,
                                                         const char                 *server_group_id,
                                                         const char                 *client_token,
                                                         LwCallFlags                 flags,
                                                         GCancellable               *cancellable,
                                                         GAsyncReadyCallback         callback,
                                                         gpointer                    user_data);
void            lw_nlb_add_servers_to_server_group_async(LwRpcClient                *client,
                                                         const char                 *server_group_id,
                                                         const LwNlbServerSpec      *servers,
                                                         guint                       n_servers,
                                                         const char                 *client_token,
                                                         LwCallFlags                 flags,
                                                         GCancellable               *cancellable,
                                                         GAsyncReadyCallback         callback,
                                                         gpointer                    user_data);
void            lw_nlb_remove_servers_from_server_group_async (LwRpcClient           *client,
                                                         const char                 *server_group_id,
                                                         const LwNlbServerSpec      *servers,
                                                         guint                       n_servers,
                                                         const char                 *client_token,
                                                         LwCallFlags                 flags,
                                                         GCancellable               *cancellable,
                                                         GAsyncReadyCallback         callback,
                                                         gpointer                    user_data);
void            lw_nlb_create_load_balancer_async       (LwRpcClient                *client,
                                                         const LwNlbLoadBalancerSpec *spec,
                                                         const char                 *client_token,
                                                         LwCallFlags                 flags,
                                                         GCancellable               *cancellable,
                                                         GAsyncReadyCallback         callback,
                                                         gpointer                    user_data);
void            lw_nlb_delete_load_balancer_async       (LwRpcClient                *client,
                                                         const char                 *load_balancer_id,
                                                         const char                 *client_token,
                                                         LwCallFlags                 flags,
                                                         GCancellable               *cancellable,
                                                         GAsyncReadyCallback         callback,
                                                         gpointer                    user_data);
void            lw_nlb_create_listener_async            (LwRpcClient                *client,
                                                         const LwNlbListenerSpec    *spec,
                                                         const char                 *client_token,
                                                         LwCallFlags                 flags,
                                                         GCancellable               *cancellable,
                                                         GAsyncReadyCallback         callback,
                                                         gpointer                    user_data);
void            lw_nlb_delete_listener_async            (LwRpcClient                *client,
                                                         const char                 *listener_id,
                                                         const char                 *client_token,
                                                         LwCallFlags                 flags,
                                                         GCancellable               *cancellable,
                                                         GAsyncReadyCallback         callback,
                                                         gpointer                    user_data);
/* Finishes any of the eight write calls above. */
LwNlbJobResult *lw_nlb_job_finish                       (LwRpcClient                *client,
                                                         GAsyncResult               *result,
                                                         GError                    **error);

/* GetJobStatus → the Status string ("Succeeded" | "Processing" | anything else = failed). */
void            lw_nlb_get_job_status_async             (LwRpcClient                *client,
                                                         const char                 *job_id,
                                                         GCancellable               *cancellable,
                                                         GAsyncReadyCallback         callback,
                                                         gpointer                    user_data);
char           *lw_nlb_get_job_status_finish            (LwRpcClient                *client,
                                                         GAsyncResult               *result,
                                                         GError                    **error);

/* ListServerGroups (@server_group_ids NULL = all; every page) → GPtrArray of LwNlbServerGroup. */
void            lw_nlb_list_server_groups_async         (LwRpcClient                *client,
                                                         const char * const         *server_group_ids,
                                                         GCancellable               *cancellable,
                                                         GAsyncReadyCallback         callback,
                                                         gpointer                    user_data);
GPtrArray      *lw_nlb_list_server_groups_finish        (LwRpcClient                *client,
                                                         GAsyncResult               *result,
                                                         GError                    **error);

/* ListServerGroupServers (every page) → GPtrArray of LwNlbBackendServer. */
void            lw_nlb_list_server_group_servers_async  (LwRpcClient                *client,
                                                         const char                 *server_group_id,
                                                         GCancellable               *cancellable,
                                                         GAsyncReadyCallback         callback,
                                                         gpointer                    user_data);
GPtrArray      *lw_nlb_list_server_group_servers_finish (LwRpcClient                *client,
                                                         GAsyncResult               *result,
                                                         GError                    **error);

/* GetLoadBalancerAttribute. */
void            lw_nlb_get_load_balancer_async          (LwRpcClient                *client,
                                                         const char                 *load_balancer_id,
                                                         GCancellable               *cancellable,
                                                         GAsyncReadyCallback         callback,
                                                         gpointer                    user_data);
LwNlbLoadBalancer *lw_nlb_get_load_balancer_finish      (LwRpcClient                *client,
                                                         GAsyncResult               *result,
                                                         GError                    **error);

/* ListLoadBalancers (@load_balancer_ids NULL = all; every page) → GPtrArray of LwNlbLoadBalancer. */
void            lw_nlb_list_load_balancers_async        (LwRpcClient                *client,
                                                         const char * const         *load_balancer_ids,
                                                         GCancellable               *cancellable,
                                                         GAsyncReadyCallback         callback,
                                                         gpointer                    user_data);
GPtrArray      *lw_nlb_list_load_balancers_finish       (LwRpcClient                *client,
                                                         GAsyncResult               *result,
                                                         GError                    **error);

/* GetListenerAttribute. */
void            lw_nlb_get_listener_async               (LwRpcClient                *client,
                                                         const char                 *listener_id,
                                                         GCancellable               *cancellable,
                                                         GAsyncReadyCallback         callback,
                                                         gpointer                    user_data);
LwNlbListener  *lw_nlb_get_listener_finish              (LwRpcClient                *client,
                                                         GAsyncResult               *result,
                                                         GError                    **error);

/* ListListeners (@load_balancer_id NULL = all; every page) → GPtrArray of LwNlbListener. */
void            lw_nlb_list_listeners_async             (LwRpcClient                *client,
                                                         const char                 *load_balancer_id,
                                                         GCancellable               *cancellable,
                                                         GAsyncReadyCallback         callback,
                                                         gpointer                    user_data);
GPtrArray      *lw_nlb_list_listeners_finish            (LwRpcClient                *client,
                                                         GAsyncResult               *result,
                                                         GError                    **error);

/* GetListenerHealthStatus. */
void            lw_nlb_get_listener_health_status_async (LwRpcClient                *client,
                                                         const char                 *listener_id,
                                                         GCancellable               *cancellable,
                                                         GAsyncReadyCallback         callback,
                                                         gpointer                    user_data);
LwNlbListenerHealth *lw_nlb_get_listener_health_status_finish (LwRpcClient           *client,
                                                         GAsyncResult               *result,
                                                         GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwNlbJobResult, lw_nlb_job_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwNlbServerGroup, lw_nlb_server_group_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwNlbBackendServer, lw_nlb_backend_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwNlbLoadBalancer, lw_nlb_load_balancer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwNlbListener, lw_nlb_listener_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwNlbListenerHealth, lw_nlb_listener_health_free)

G_END_DECLS
