/* lw-sim-faults.c — fault injection by action and count (spec format in README.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-sim-faults"

#include "lw-sim-private.h"

#include <string.h>

void
lw_sim_fault_free (LwSimFault *fault)
{
  if (fault == NULL)
    return;
  g_free (fault->action);
  g_free (fault->code);
  g_free (fault);
}

static gboolean
parse_kind (const char      *s,
            LwSimFaultKind  *kind,
            char           **code)
{
  static const struct { const char *name; LwSimFaultKind kind; } kinds[] = {
    { "throttling", LW_SIM_FAULT_THROTTLING },
    { "5xx", LW_SIM_FAULT_5XX },
    { "drop", LW_SIM_FAULT_DROP },
    { "timeout", LW_SIM_FAULT_TIMEOUT },
    { "busy", LW_SIM_FAULT_BUSY },
    { "incorrect-status", LW_SIM_FAULT_INCORRECT_STATUS },
    { "create-failed", LW_SIM_FAULT_CREATE_FAILED },
    { "api-version", LW_SIM_FAULT_API_VERSION },
  };

  if (g_str_has_prefix (s, "error="))
    {
      const char *c = s + strlen ("error=");

      if (*c == '\0')
        return FALSE;
      for (const char *p = c; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
          return FALSE;
      *kind = LW_SIM_FAULT_ERROR;
      *code = g_strdup (c);
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (s, kinds[i].name) == 0)
      {
        *kind = kinds[i].kind;
        return TRUE;
      }
  return FALSE;
}

GPtrArray *
lw_sim_faults_parse (const char  *spec,
                     GError     **error)
{
  g_autoptr(GPtrArray) faults = g_ptr_array_new_with_free_func ((GDestroyNotify) lw_sim_fault_free);
  g_auto(GStrv) items = NULL;

  if (spec == NULL)
    return g_steal_pointer (&faults);

  items = g_strsplit (spec, ",", -1);
  for (guint i = 0; items[i]; i++)
    {
      g_autofree char *item = g_strstrip (g_strdup (items[i]));
      g_auto(GStrv) parts = NULL;
      LwSimFault *fault;
      guint n;

      if (*item == '\0')
        continue;
      /* "tidb:Op:kind[:count]" has one more colon than "Action:kind[:count]". */
      parts = g_strsplit (item, ":", -1);
      n = g_strv_length (parts);
      if (g_str_has_prefix (item, "tidb:") && n >= 3)
        {
          char *joined = g_strconcat ("tidb:", parts[1], NULL);
          g_free (parts[1]);
          parts[1] = joined;
          g_free (parts[0]);
          memmove (parts, parts + 1, n * sizeof (char *));
          n--;
        }
      if (n < 2 || n > 3 || *parts[0] == '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Fault “%s”: expected Action:kind[:count]", item);
          return NULL;
        }

      fault = g_new0 (LwSimFault, 1);
      fault->action = g_strdup (parts[0]);
      fault->remaining = 1;
      g_ptr_array_add (faults, fault);

      if (!parse_kind (parts[1], &fault->kind, &fault->code))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Fault “%s”: unknown kind “%s”", item, parts[1]);
          return NULL;
        }
      if (n == 3)
        {
          guint64 count;

          if (strcmp (parts[2], "*") == 0)
            fault->remaining = -1;
          else if (g_ascii_string_to_unsigned (parts[2], 10, 1, 1000000, &count, NULL))
            fault->remaining = (int) count;
          else
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "Fault “%s”: count must be a positive number or *", item);
              return NULL;
            }
        }
    }
  return g_steal_pointer (&faults);
}

static gboolean
kind_is_before (LwSimFaultKind kind)
{
  switch (kind)
    {
    case LW_SIM_FAULT_THROTTLING:
    case LW_SIM_FAULT_5XX:
    case LW_SIM_FAULT_BUSY:
    case LW_SIM_FAULT_INCORRECT_STATUS:
    case LW_SIM_FAULT_ERROR:
    case LW_SIM_FAULT_CREATE_FAILED:
    case LW_SIM_FAULT_API_VERSION:
      return TRUE;
    case LW_SIM_FAULT_DROP:
    case LW_SIM_FAULT_TIMEOUT:
      return FALSE;
    default:
      g_assert_not_reached ();
    }
}

/* "tidb:PrivateLink" names every v1beta1 private link call of TiDB Cloud (the paths under
 * /clusters/{id}/privateLinkConnections, :getAvailabilityZones included). */
static gboolean
fault_matches (const char *fault_action,
               const char *action)
{
  static const char * const private_link[] = {
    "tidb:CreateConnection", "tidb:GetConnection", "tidb:ListConnections", "tidb:DeleteConnection",
    "tidb:GetAvailabilityZones", NULL,
  };

  if (g_strcmp0 (fault_action, action) == 0)
    return TRUE;
  return g_strcmp0 (fault_action, "tidb:PrivateLink") == 0 && action != NULL
         && g_strv_contains (private_link, action);
}

/* Takes one count of the first fault for action that applies before (or after) it runs.
 * The returned fault stays owned by the server. */
LwSimFault *
lw_sim_faults_take (LwSimServer *sim,
                    const char  *action,
                    gboolean     before)
{
  for (guint i = 0; i < sim->faults->len; i++)
    {
      LwSimFault *fault = g_ptr_array_index (sim->faults, i);

      if (fault->remaining == 0 || !fault_matches (fault->action, action))
        continue;
      if (kind_is_before (fault->kind) != before)
        continue;
      if (fault->remaining > 0)
        fault->remaining--;
      return fault;
    }
  return NULL;
}
