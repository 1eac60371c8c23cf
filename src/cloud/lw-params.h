/* lw-params.h: ordered RPC parameters with Alibaba Cloud flattening rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* An ordered list of (name, value) string pairs; duplicates allowed (also used for headers). */
typedef struct _LwParams LwParams;

LwParams   *lw_params_new             (void);
LwParams   *lw_params_copy            (const LwParams *self);
void        lw_params_free            (LwParams       *self);

void        lw_params_add             (LwParams       *self,
                                       const char     *name,
                                       const char     *value);
/* Replaces every existing entry named @name (or appends). */
void        lw_params_set             (LwParams       *self,
                                       const char     *name,
                                       const char     *value);
void        lw_params_remove          (LwParams       *self,
                                       const char     *name);
void        lw_params_add_printf      (LwParams       *self,
                                       const char     *name,
                                       const char     *format,
                                       ...) G_GNUC_PRINTF (3, 4);
/* "true" / "false" */
void        lw_params_add_bool        (LwParams       *self,
                                       const char     *name,
                                       gboolean        value);
/* decimal */
void        lw_params_add_int         (LwParams       *self,
                                       const char     *name,
                                       gint64          value);
void        lw_params_add_uint        (LwParams       *self,
                                       const char     *name,
                                       guint64         value);
/* Adds @value unless it is NULL. */
void        lw_params_add_nonnull     (LwParams       *self,
                                       const char     *name,
                                       const char     *value);
/* @prefix.1 = values[0], @prefix.2 = values[1], … (1-based). NULL @values adds nothing. */
void        lw_params_add_list        (LwParams       *self,
                                       const char     *prefix,
                                       const char * const *values);
/* @prefix.@index.@field = @value (e.g. "Servers", 1, "ServerId"); NULL @value adds nothing. */
void        lw_params_add_indexed     (LwParams       *self,
                                       const char     *prefix,
                                       guint           index,
                                       const char     *field,
                                       const char     *value);
/* Tag.N.Key / Tag.N.Value from a NULL-terminated key, value, key, value, … array. */
void        lw_params_add_tags        (LwParams       *self,
                                       const char * const *key_values);
/* Generic flattening as the official SDKs do: objects → "prefix.Member", arrays → "prefix.N"
 * (1-based), booleans → true/false, integers → decimal, nulls omitted. A NULL/empty @prefix
 * flattens the members of a top-level object without a prefix. */
void        lw_params_add_json        (LwParams       *self,
                                       const char     *prefix,
                                       JsonNode       *node);

guint       lw_params_get_length      (const LwParams *self);
const char *lw_params_get_name        (const LwParams *self,
                                       guint           index);
const char *lw_params_get_value       (const LwParams *self,
                                       guint           index);
/* First value named @name, or NULL. */
const char *lw_params_lookup          (const LwParams *self,
                                       const char     *name);

/* name=value&… in insertion order, RFC 3986 percent-encoded (form bodies and query strings). */
char       *lw_params_to_encoded      (const LwParams *self);
/* Sorted by name (byte order, stable), RFC 3986 encoded, empty values as "name=" (V3 canonical query). */
char       *lw_params_to_canonical    (const LwParams *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwParams, lw_params_free)

G_END_DECLS
