/* lw-cloud-private.h: helpers shared inside src/cloud (not installed, not public API)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "lw-cloud-error.h"
#include "lw-rpc-client.h"
#include "lw-tidb-calls.h"   /* the TiDB Cloud calls as data: lw_tidb_client_get_call_table() */

G_BEGIN_DECLS

/* JSON access that copes with the APIs' quirks: numbers sent as strings and vice versa,
 * XML-style wrapper objects ({"Items": {"DBInstance": [...]}}). */
char      *lw_json_dup_string     (JsonObject  *object,
                                   const char  *member);
gint64     lw_json_get_int        (JsonObject  *object,
                                   const char  *member,
                                   gint64       default_value);
gboolean   lw_json_get_bool       (JsonObject  *object,
                                   const char  *member,
                                   gboolean     default_value);
/* object[outer] if it is an array, or object[outer][inner] (the wrapper form) when @inner is
 * not NULL. NULL if absent. */
JsonArray *lw_json_get_list       (JsonObject  *object,
                                   const char  *outer,
                                   const char  *inner);
/* Strings of an array (or wrapped array) as a NULL-terminated vector; never NULL. */
char     **lw_json_dup_strv       (JsonObject  *object,
                                   const char  *outer,
                                   const char  *inner);
JsonObject *lw_json_get_object    (JsonObject  *object,
                                   const char  *member);
/* Element @index of @array if it is an object, else NULL (never a critical on odd input). */
JsonObject *lw_json_array_get_object (JsonArray *array,
                                      guint      index);

/* A typed call: runs the generic call and converts the response with @parse in the finish. */
typedef gpointer (*LwParseFunc) (JsonObject  *response,
                                 GError     **error);
/* The parse of a call whose answer carries nothing but RequestId: TRUE as a pointer. */
gpointer   lw_parse_ok            (JsonObject  *response,
                                   GError     **error);

void       lw_typed_call          (LwRpcClient         *client,
                                   LwProduct            product,
                                   const char          *action,
                                   LwParams            *params,     /* transfer full */
                                   LwCallFlags          flags,
                                   LwParseFunc          parse,
                                   GDestroyNotify       result_free,
                                   gpointer             source_tag,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gpointer   lw_typed_call_finish   (LwRpcClient         *client,
                                   GAsyncResult        *result,
                                   gpointer             source_tag,
                                   GError             **error);

typedef enum {
  LW_PAGING_PAGE_NUMBER,  /* PageNumber / PageSize, stop on a short page or Total* reached */
  LW_PAGING_NEXT_TOKEN,   /* MaxResults / NextToken, stop on an empty NextToken */
} LwPaging;

/* Appends the items of one page (parsed into the caller's types) to @items. */
typedef gboolean (*LwPageParseFunc) (JsonObject  *response,
                                     GPtrArray   *items,
                                     GError     **error);

#define LW_MAX_PAGES 200

/* Follows pages up to LW_MAX_PAGES; the finish returns the GPtrArray (free func @item_free). */
void       lw_paged_call          (LwRpcClient         *client,
                                   LwProduct            product,
                                   const char          *action,
                                   LwParams            *params,     /* transfer full */
                                   LwPaging             paging,
                                   guint                page_size,
                                   LwPageParseFunc      parse_page,
                                   GDestroyNotify       item_free,
                                   gpointer             source_tag,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
#define lw_paged_call_finish(c, r, t, e) ((GPtrArray *) lw_typed_call_finish ((c), (r), (t), (e)))

/* Shared between the two clients. */
GError    *lw_cloud_error_from_transport (GError       *soup_error,
                                          gboolean      timed_out,
                                          gboolean      cancelled,
                                          SoupMessage  *message,
                                          const char   *host);
gboolean   lw_tls_accept_with_ca_file    (SoupMessage          *message,
                                          GTlsCertificate      *certificate,
                                          GTlsCertificateFlags  errors,
                                          GTlsDatabase         *extra_ca,
                                          const char           *host);
GTlsDatabase *lw_tls_load_ca_file        (const char   *path,
                                          GError      **error);
void       lw_typed_result_add_region    (LwRpcClient  *client,
                                          LwParams     *params);
/* New parameters holding the client's RegionId (every typed call starts from these). */
LwParams  *lw_region_params              (LwRpcClient  *client);
/* Parses every object element of @array (NULL is fine) with @parse and appends the results to
 * @items; other elements are skipped. Always TRUE, to serve as a LwPageParseFunc's result. */
gboolean   lw_json_append_objects        (JsonArray    *array,
                                          GPtrArray    *items,
                                          gpointer    (*parse) (JsonObject *));

/* Run every response parser of one file over @response (robustness tests and fuzzing). */
void       lw_sts_fuzz_parsers           (JsonObject   *response);
void       lw_rds_fuzz_parsers           (JsonObject   *response);
void       lw_vpc_fuzz_parsers           (JsonObject   *response);
void       lw_nlb_fuzz_parsers           (JsonObject   *response);
void       lw_privatelink_fuzz_parsers   (JsonObject   *response);
void       lw_polardb_fuzz_parsers       (JsonObject   *response);
void       lw_ecs_fuzz_parsers           (JsonObject   *response);
void       lw_rpc_client_fuzz_parsers    (JsonObject   *response);
void       lw_tidb_client_fuzz_parsers   (JsonObject   *response);

G_END_DECLS
