/* lw-wire.h: every Alibaba Cloud RPC action Linkwright calls, described once, as data
 *
 * The table in lw-wire.c says, per action, which parameters may be sent, where (query or form
 * body, as the official SDK's client.ts sends them) and in which style, and which answer fields
 * the client and the engine read. lw_rpc_client_call_async() places every parameter from it and
 * refuses one the table does not list; for NLB and PrivateLink the answer is cut down to the
 * declared fields before anyone sees it, so a field read without being declared reads as absent.
 * tests/cloud/test-wire-alibaba.c holds the table to ../shared/data/alibaba-official-models.json.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "lw-endpoints.h"
#include "lw-params.h"
#include "lw-rpc-client.h"

G_BEGIN_DECLS

typedef enum {
  LW_WIRE_STRING,
  LW_WIRE_NUMBER,
  LW_WIRE_BOOLEAN,
  LW_WIRE_ARRAY,
  LW_WIRE_OBJECT,
} LwWireType;

typedef enum {
  LW_WIRE_QUERY,
  LW_WIRE_BODY,
} LwWireIn;

typedef struct _LwWireParam LwWireParam;
struct _LwWireParam {
  const char        *name;      /* wire name at the top level ("Servers", "HealthCheckConfig") */
  LwWireType         type;
  LwWireIn           in;
  /* ARRAY of scalars: the item type; ARRAY of objects / OBJECT: LW_WIRE_OBJECT with @members. */
  LwWireType         item_type;
  const LwWireParam *members;   /* flattened members (Name.N.Member / Name.Member), {NULL} ends */
};

/* How a parsed field is stored in the typed result struct. */
typedef enum {
  LW_FIELD_READ,      /* not stored: read by src/core from the answer itself */
  LW_FIELD_STRING,    /* char *: strings, and numbers kept as decimal text */
  LW_FIELD_UINT,      /* guint */
  LW_FIELD_UINT64,    /* guint64 */
  LW_FIELD_BOOLEAN,   /* gboolean */
  LW_FIELD_STRV,      /* char **: an array of strings */
  LW_FIELD_LIST,      /* GPtrArray * of @item structs */
} LwFieldKind;

typedef struct _LwWireStruct LwWireStruct;

typedef struct {
  /* Path from the struct's object ("-": a member only freed by this description): "ServerGroupId",
   * "Reason.ReasonCode",
   * "LoadBalancerAddresses[0].PrivateIPv4Address" (first element), "Users[].UserId". */
  const char         *path;
  LwWireType          type;     /* the type the service answers with (official model) */
  LwFieldKind         kind;
  gssize              offset;   /* into the struct; -1 for LW_FIELD_READ */
  const LwWireStruct *item;     /* LW_FIELD_LIST only */
} LwWireField;

struct _LwWireStruct {
  gsize              size;
  const LwWireField *fields;    /* {NULL} ends */
  GDestroyNotify     free;      /* the public free function (which calls lw_wire_free_struct) */
};

typedef enum {
  LW_WIRE_PAGES_NONE,
  LW_WIRE_PAGES_TOKEN,          /* MaxResults / NextToken */
  LW_WIRE_PAGES_NUMBER,         /* PageNumber / PageSize */
} LwWirePages;

typedef struct {
  LwProduct           product;
  const char         *action;
  const LwWireParam  *params;   /* {NULL} ends */
  /* What the typed call parses: @result from every element of the array at @list (a path, may
   * hold ".": "Items.DBInstance"), or from the answer itself when @list is NULL. */
  const char         *list;
  const LwWireStruct *result;
  const LwWireField  *reads;    /* more fields, from the answer's root, read by src/core; may be NULL */
  LwWirePages         pages;
  guint               page_size; /* what we ask for; within the documented maximum */
  gboolean            project;  /* answer cut down to the declared reads (NLB, PrivateLink) */
} LwWireCall;

/* Every described action, and one by name (NULL if the action is not described). */
const LwWireCall  *lw_wire_calls          (guint              *n_calls);
const LwWireCall  *lw_wire_lookup         (LwProduct           product,
                                           const char         *action);
/* The same for an action the product's own table must describe: aborts when it does not (a
 * programming error in the product file, caught by every test that makes the call). */
const LwWireCall  *lw_wire_get            (LwProduct           product,
                                           const char         *action);
const LwWireParam *lw_wire_find_param     (const LwWireCall   *call,
                                           const char         *name);
/* TRUE when @action of @product takes a parameter @name (e.g. RegionId). Actions that are not
 * described answer TRUE, so that the generic path decides. */
gboolean           lw_wire_takes_param    (LwProduct           product,
                                           const char         *action,
                                           const char         *name);

/* Checks every parameter against @call (name, member, value form) and splits them by location.
 * On error nothing is sent: the error names the action and the parameter. */
gboolean           lw_wire_place          (const LwWireCall   *call,
                                           const LwParams     *params,
                                           LwParams          **query,
                                           LwParams          **body,
                                           GError            **error);

/* A new object holding only the declared reads of @call (plus RequestId). */
JsonObject        *lw_wire_project        (const LwWireCall   *call,
                                           JsonObject         *answer);

/* Calls @func for every answer field @call reads: full path from the root with "[]" marking
 * array elements ("ServerGroups[].ServerGroupId"), and its type. */
typedef void (*LwWireReadFunc) (const char *path,
                                LwWireType  type,
                                gpointer    user_data);
void               lw_wire_foreach_read   (const LwWireCall   *call,
                                           LwWireReadFunc      func,
                                           gpointer            user_data);

/* Typed results from their struct description. */
gpointer           lw_wire_parse_struct   (const LwWireStruct *desc,
                                           JsonObject         *object);
void               lw_wire_free_struct    (const LwWireStruct *desc,
                                           gpointer            data);
/* Parses @answer by @call: a GPtrArray of @call->result (free func set) when @call->list is set,
 * else one struct. */
gpointer           lw_wire_parse_answer   (const LwWireCall   *call,
                                           JsonObject         *answer);

const char        *lw_wire_type_to_string (LwWireType          type);
/* Runs every typed parser of a product's table over @response (robustness tests and fuzzing). */
void               lw_wire_fuzz_calls     (const LwWireCall   *calls,
                                           JsonObject         *response);

/* The typed call of @call (lw-cloud-util.c): parses by the description, follows pages when it
 * has them. Finish with lw_typed_call_finish(). */
void               lw_wire_call_async     (LwRpcClient         *client,
                                           const LwWireCall    *call,
                                           LwParams            *params,     /* transfer full */
                                           LwCallFlags          flags,
                                           gpointer             source_tag,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);

/* Each product file describes its own actions ({0} ends each table). */
extern const LwWireCall lw_nlb_wire_calls[];
extern const LwWireCall lw_privatelink_wire_calls[];
extern const LwWireCall lw_rds_wire_calls[];
extern const LwWireCall lw_vpc_wire_calls[];
extern const LwWireCall lw_sts_wire_calls[];
extern const LwWireCall lw_polardb_wire_calls[];
extern const LwWireCall lw_ecs_wire_calls[];

/* Table-writing shorthands for the product files. */
#define LW_WIRE_END { NULL, 0, 0, 0, NULL }
#define LW_P_STR(n, in)     { n, LW_WIRE_STRING, LW_WIRE_##in, 0, NULL }
#define LW_P_NUM(n, in)     { n, LW_WIRE_NUMBER, LW_WIRE_##in, 0, NULL }
#define LW_P_BOOL(n, in)    { n, LW_WIRE_BOOLEAN, LW_WIRE_##in, 0, NULL }
#define LW_P_STRS(n, in)    { n, LW_WIRE_ARRAY, LW_WIRE_##in, LW_WIRE_STRING, NULL }
#define LW_P_OBJS(n, in, m) { n, LW_WIRE_ARRAY, LW_WIRE_##in, LW_WIRE_OBJECT, m }
#define LW_P_OBJ(n, in, m)  { n, LW_WIRE_OBJECT, LW_WIRE_##in, LW_WIRE_OBJECT, m }
/* Members of flattened objects (their location is the parent's). */
#define LW_M_STR(n)  { n, LW_WIRE_STRING, 0, 0, NULL }
#define LW_M_NUM(n)  { n, LW_WIRE_NUMBER, 0, 0, NULL }
#define LW_M_BOOL(n) { n, LW_WIRE_BOOLEAN, 0, 0, NULL }

#define LW_F_END                   { NULL, 0, 0, -1, NULL }
#define LW_F_STR(p, T, m)          { p, LW_WIRE_STRING, LW_FIELD_STRING, G_STRUCT_OFFSET (T, m), NULL }
#define LW_F_NUMTEXT(p, T, m)      { p, LW_WIRE_NUMBER, LW_FIELD_STRING, G_STRUCT_OFFSET (T, m), NULL }
#define LW_F_UINT(p, T, m)         { p, LW_WIRE_NUMBER, LW_FIELD_UINT, G_STRUCT_OFFSET (T, m), NULL }
#define LW_F_UINT64(p, T, m)       { p, LW_WIRE_NUMBER, LW_FIELD_UINT64, G_STRUCT_OFFSET (T, m), NULL }
#define LW_F_BOOL(p, T, m)         { p, LW_WIRE_BOOLEAN, LW_FIELD_BOOLEAN, G_STRUCT_OFFSET (T, m), NULL }
#define LW_F_STRV(p, T, m)         { p, LW_WIRE_ARRAY, LW_FIELD_STRV, G_STRUCT_OFFSET (T, m), NULL }
#define LW_F_LIST(p, T, m, item)   { p, LW_WIRE_ARRAY, LW_FIELD_LIST, G_STRUCT_OFFSET (T, m), item }
#define LW_F_READ(p, type)         { p, LW_WIRE_##type, LW_FIELD_READ, -1, NULL }

G_END_DECLS
