/* lw-cidr.c — IPv4 coverage (see lw-cidr.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-cidr"

#include "config.h"

#include "lw-cidr.h"

/* "a.b.c.d" or "a.b.c.d/n" (surrounding spaces allowed): four decimal octets 0-255, a prefix 0-32. */
static gboolean
parse_ipv4_cidr (const char *text,
                 guint32    *address,
                 guint      *prefix)
{
  g_auto(GStrv) parts = NULL;
  g_auto(GStrv) octets = NULL;
  guint32 value = 0;
  guint64 n;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit (text, "/", 2);
  if (parts[0] == NULL)
    return FALSE;
  octets = g_strsplit (g_strstrip (parts[0]), ".", -1);
  if (g_strv_length (octets) != 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_string_to_unsigned (octets[i], 10, 0, 255, &n, NULL))
        return FALSE;
      value = (value << 8) | (guint32) n;
    }
  n = 32;
  if (parts[1] != NULL && !g_ascii_string_to_unsigned (g_strstrip (parts[1]), 10, 0, 32, &n, NULL))
    return FALSE;
  *address = value;
  *prefix = (guint) n;
  return TRUE;
}

gboolean
lw_cidr_covers (const char *outer,
                const char *inner)
{
  guint32 oa, ia, mask;
  guint ob, ib;

  if (!parse_ipv4_cidr (outer, &oa, &ob) || !parse_ipv4_cidr (inner, &ia, &ib) || ob > ib)
    return FALSE;
  mask = ob == 0 ? 0 : (guint32) (0xffffffffu << (32 - ob));
  return (oa & mask) == (ia & mask);
}

gboolean
lw_cidr_list_covers (const char *allowed,
                     const char *cidr)
{
  g_auto(GStrv) entries = NULL;

  if (allowed == NULL || cidr == NULL)
    return FALSE;
  entries = g_strsplit (allowed, ",", -1);
  for (guint i = 0; entries[i] != NULL; i++)
    if (lw_cidr_covers (entries[i], cidr))
      return TRUE;
  return FALSE;
}
