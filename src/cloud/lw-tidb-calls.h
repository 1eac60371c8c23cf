/* lw-tidb-calls.h: the TiDB Cloud calls of LwTidbClient, described as data (private to src/cloud
 * and its tests; not public API)
 *
 * Each typed call of lw-tidb-client.h is one LwTidbCallDef: the operation as the official OpenAPI
 * definition names it (../shared/data/tidb-cloud-official-api.json), its method, host and path
 * template, every query parameter and body field it can send, and every answer field it reads.
 * One generic path in lw-tidb-client.c builds the request from the entry and parses the answer;
 * tests/cloud/test-wire-tidb.c holds the table to the official definition.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LW_TIDB_HOST_SERVERLESS,   /* serverless.tidbapi.com */
  LW_TIDB_HOST_IAM,          /* iam.tidbapi.com */
} LwTidbHost;

typedef enum {
  LW_TIDB_VALUE_STRING,
  LW_TIDB_VALUE_INT,         /* sent as a JSON integer (never as a string) */
  LW_TIDB_VALUE_UINT,        /* read into a guint */
  LW_TIDB_VALUE_STRV,        /* read: an array of strings into a char ** */
} LwTidbValueKind;

/* One value the call sends: a query parameter (@name), or a body field (@name is a JSON pointer
 * into the body, "/privateLinkConnection/type"). The value is the constant @constant (an enum value
 * of the definition) or the call's argument @arg; an absent or empty argument is not sent. */
typedef struct {
  const char      *name;
  LwTidbValueKind  kind;
  const char      *arg;
  const char      *constant;
  gboolean         secret;   /* wiped from memory once sent */
} LwTidbSend;

/* One answer field the call reads: @path is a JSON pointer (RFC 6901: "/" separates, "~1" is a
 * literal "/") into the answer, or into each item for a list; the value lands at @offset of the
 * result struct. A string field that is already set is not overwritten (fallback spellings). */
typedef struct {
  const char      *path;
  LwTidbValueKind  kind;
  gsize            offset;
} LwTidbRead;

typedef struct {
  const char       *operation_id;  /* as in the official definition */
  const char       *method;
  LwTidbHost        host;
  const char       *path;          /* template: "{name}" is replaced by argument "name", escaped */
  const LwTidbSend *query;         /* terminated by an entry with name NULL; NULL = none */
  const LwTidbSend *body;          /* idem; NULL = no body */
  const char       *items;         /* the list member: the call is paged (pageSize, pageToken →
                                    * nextPageToken), @reads apply to each item; NULL = one object */
  const LwTidbRead *reads;         /* terminated by an entry with path NULL; NULL = reads nothing */
  gsize             result_size;   /* sizeof the result struct; 0 = the call only succeeds or fails */
  GDestroyNotify    result_free;
} LwTidbCallDef;

/* The table (read-only, static) and its length. */
const LwTidbCallDef *lw_tidb_client_get_call_table (guint *n_calls);

G_END_DECLS
