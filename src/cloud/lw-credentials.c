/* lw-credentials.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "lw-credentials"

#include <string.h>

#include "lw-cloud-error.h"
#include "lw-credentials.h"

struct _LwCredentials
{
  gatomicrefcount ref_count;
  char *access_key_id;
  char *access_key_secret;
  char *security_token;
};

G_DEFINE_BOXED_TYPE (LwCredentials, lw_credentials, lw_credentials_ref, lw_credentials_unref)

static void
wipe_free (char *s)
{
  if (s == NULL)
    return;
  /* The secret must not linger in freed heap memory. */
  explicit_bzero (s, strlen (s));
  g_free (s);
}

LwCredentials *
lw_credentials_new (const char *access_key_id,
                    const char *access_key_secret,
                    const char *security_token)
{
  LwCredentials *self;

  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (access_key_secret != NULL, NULL);

  self = g_new0 (LwCredentials, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->access_key_id = g_strdup (access_key_id);
  self->access_key_secret = g_strdup (access_key_secret);
  self->security_token = (security_token != NULL && *security_token != '\0') ? g_strdup (security_token) : NULL;
  return self;
}

LwCredentials *
lw_credentials_new_from_environment (GError **error)
{
  const char *id = g_getenv ("ALIBABA_CLOUD_ACCESS_KEY_ID");
  const char *secret = g_getenv ("ALIBABA_CLOUD_ACCESS_KEY_SECRET");

  if (id == NULL || *id == '\0' || secret == NULL || *secret == '\0')
    {
      g_set_error_literal (error, LW_CLOUD_ERROR, LW_CLOUD_ERROR_INVALID_INPUT,
                           "Set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET");
      return NULL;
    }
  return lw_credentials_new (id, secret, g_getenv ("ALIBABA_CLOUD_SECURITY_TOKEN"));
}

LwCredentials *
lw_credentials_ref (LwCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lw_credentials_unref (LwCredentials *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->access_key_id);
  wipe_free (self->access_key_secret);
  wipe_free (self->security_token);
  g_free (self);
}

const char *
lw_credentials_get_access_key_id (LwCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->access_key_id;
}

const char *
lw_credentials_get_access_key_secret (LwCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->access_key_secret;
}

const char *
lw_credentials_get_security_token (LwCredentials *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->security_token;
}
