/* lw-validate.c — the input rules of the assistant's forms
 *
 * Copyright 2026 The Linkwright authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-validate"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "lw-names.h"
#include "lw-validate.h"

static gboolean
fail (char      **message,
      const char *text)
{
  if (message != NULL)
    *message = g_strdup (text);
  return FALSE;
}

static gboolean
is_empty (const char *value)
{
  return value == NULL || *value == '\0';
}

static gboolean
has_space (const char *value)
{
  for (const char *p = value; *p; p++)
    if (g_ascii_isspace (*p))
      return TRUE;
  return FALSE;
}

static gboolean
all_alnum (const char *value)
{
  for (const char *p = value; *p; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

static gboolean
all_digits (const char *value)
{
  for (const char *p = value; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

gboolean
lw_validate_access_key_id (const char  *value,
                           char       **message)
{
  gsize len;

  if (is_empty (value))
    return fail (message, _("Enter the AccessKey ID of a RAM user (RAM console → Users → AccessKey)."));
  if (has_space (value))
    return fail (message, _("The AccessKey ID contains spaces: paste it again without spaces or line breaks."));
  if (!all_alnum (value))
    return fail (message, _("An AccessKey ID has only letters and digits: check that you did not paste the secret instead."));
  len = strlen (value);
  if (len < 16 || len > 32)
    return fail (message, _("An AccessKey ID is 16 to 32 letters and digits long (usually starting with LTAI): copy the whole ID."));
  return TRUE;
}

gboolean
lw_validate_access_key_secret (const char  *value,
                               char       **message)
{
  if (is_empty (value))
    return fail (message, _("Enter the AccessKey secret that was shown when the AccessKey was created."));
  if (has_space (value))
    return fail (message, _("The AccessKey secret contains spaces: paste it again without spaces or line breaks."));
  if (strlen (value) < 16 || strlen (value) > 100)
    return fail (message, _("The AccessKey secret looks incomplete: it is usually 30 characters long. Copy the whole secret."));
  return TRUE;
}

gboolean
lw_validate_sts_token (const char  *value,
                       char       **message)
{
  if (is_empty (value))
    return TRUE;
  if (has_space (value))
    return fail (message, _("The STS token contains spaces: paste it again without spaces or line breaks, or leave it empty."));
  return TRUE;
}

gboolean
lw_validate_region (const char  *value,
                    char       **message)
{
  if (is_empty (value))
    return fail (message, _("Choose the region where the source database and the TiDB cluster are."));
  /* The longest real region ID is about 20 characters; anything much longer is a paste gone wrong. */
  if (strlen (value) > 64)
    return fail (message, _("A region ID is at most 64 characters long and looks like cn-hangzhou: choose the region again."));
  for (const char *p = value; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return fail (message, _("A region ID looks like cn-hangzhou: lower-case letters, digits and dashes."));
  return TRUE;
}

gboolean
lw_validate_tidb_public_key (const char  *value,
                             char       **message)
{
  gsize len;

  if (is_empty (value))
    return fail (message, _("Enter the public key of a TiDB Cloud API key (Organization Settings → API Keys)."));
  if (has_space (value))
    return fail (message, _("The public key contains spaces: paste it again without spaces."));
  len = strlen (value);
  if (!all_alnum (value) || len < 8 || len > 64)
    return fail (message, _("A TiDB Cloud public key is 8 to 64 letters and digits: check that you did not paste the private key."));
  return TRUE;
}

gboolean
lw_validate_tidb_private_key (const char  *value,
                              char       **message)
{
  if (is_empty (value))
    return fail (message, _("Enter the private key that was shown when the TiDB Cloud API key was created."));
  if (has_space (value))
    return fail (message, _("The private key contains spaces: paste it again without spaces or line breaks."));
  if (strlen (value) < 8)
    return fail (message, _("The private key looks incomplete: copy the whole key."));
  /* Real private keys are well below this; a longer paste is more than the key. */
  if (strlen (value) > 256)
    return fail (message, _("The private key looks wrong: it is at most 256 characters long. Copy only the private key, "
                            "as shown when the API key was created."));
  return TRUE;
}

gboolean
lw_validate_account_id (const char  *value,
                        char       **message)
{
  if (is_empty (value))
    return fail (message, _("Enter the Alibaba Cloud account ID shown in the TiDB Cloud console’s private link dialog."));
  if (!all_digits (value))
    return fail (message, _("The account ID has digits only: remove letters, spaces and dashes."));
  if (strlen (value) != 16)
    return fail (message, _("An Alibaba Cloud account ID is 16 digits long: copy the whole number from the TiDB Cloud console."));
  return TRUE;
}

gboolean
lw_validate_zone_list (const char         *value,
                       const char * const *known_zones,
                       GStrv              *zones_out,
                       char              **message)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autoptr(GHashTable) seen = NULL;
  guint n = 0;

  if (is_empty (value))
    return fail (message, _("Enter at least one availability zone, as shown in the TiDB Cloud console (for example cn-hangzhou-i)."));

  builder = g_strv_builder_new ();
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  parts = g_regex_split_simple ("[\\s,;]+", value, 0, 0);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *zone = parts[i];

      if (*zone == '\0' || g_hash_table_contains (seen, zone))
        continue;
      if (known_zones != NULL && !g_strv_contains (known_zones, zone))
        {
          if (message != NULL)
            *message = g_strdup_printf (_("There is no zone “%s” in this region: use the zone IDs of the region you chose (for example %s)."),
                                        zone, known_zones[0] ? known_zones[0] : "cn-hangzhou-i");
          return FALSE;
        }
      if (known_zones == NULL && !g_regex_match_simple ("^[a-z]+(-[a-z0-9]+)+$", zone, 0, 0))
        {
          if (message != NULL)
            *message = g_strdup_printf (_("“%s” is not a zone ID: zone IDs look like cn-hangzhou-i."), zone);
          return FALSE;
        }
      g_hash_table_add (seen, (gpointer) zone);
      g_strv_builder_add (builder, zone);
      n++;
    }

  if (n == 0)
    return fail (message, _("Enter at least one availability zone, as shown in the TiDB Cloud console (for example cn-hangzhou-i)."));
  if (zones_out != NULL)
    *zones_out = g_strv_builder_end (builder);
  return TRUE;
}

gboolean
lw_validate_port (const char  *value,
                  guint       *port_out,
                  char       **message)
{
  guint64 port = 0;

  if (is_empty (value))
    return fail (message, _("Enter a port between 1 and 65535 (MySQL usually listens on 3306)."));
  if (!all_digits (value) || !g_ascii_string_to_unsigned (value, 10, 1, 65535, &port, NULL))
    return fail (message, _("A port is a whole number between 1 and 65535 (MySQL usually listens on 3306)."));
  if (port_out != NULL)
    *port_out = (guint) port;
  return TRUE;
}

gboolean
lw_validate_zone_selection (const char * const *selected_zones,
                            const char * const *tidb_zones,
                            char              **message)
{
  guint n = selected_zones ? g_strv_length ((char **) selected_zones) : 0;
  gboolean overlap = FALSE;

  if (n < 2)
    return fail (message, _("A Network Load Balancer needs at least two zones: select another zone with a vSwitch."));
  for (guint i = 0; i < n; i++)
    if (tidb_zones != NULL && g_strv_contains (tidb_zones, selected_zones[i]))
      overlap = TRUE;
  if (!overlap)
    return fail (message, _("None of the selected zones is one of TiDB Cloud’s zones, so TiDB could not reach the load balancer: select a zone marked “TiDB”."));
  return TRUE;
}

gboolean
lw_validate_mysql_user (const char  *value,
                        char       **message)
{
  if (is_empty (value))
    return fail (message, _("Enter a MySQL user name for the connection test."));
  if (strlen (value) > 32)
    return fail (message, _("MySQL user names are at most 32 characters long."));
  if (has_space (value))
    return fail (message, _("A MySQL user name has no spaces."));
  return TRUE;
}

gboolean
lw_validate_rds_instance_id (const char  *value,
                             char       **message)
{
  /* One rule for the form and the engine's input gate (lw_preflight_check_inputs). */
  return lw_names_check_rds_instance_id (value, message);
}
