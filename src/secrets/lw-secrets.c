/* lw-secrets.c — libsecret schema and async calls */
#define G_LOG_DOMAIN "lw-secrets"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "lw-secrets.h"

const SecretSchema *
lw_secrets_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.linkwright.Credential", SECRET_SCHEMA_NONE,
    {
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "key-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "label", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };
  return &schema;
}

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, LW_SECRET_KIND_ALIBABA_ACCESS_KEY) == 0)
    return _("Alibaba Cloud AccessKey");
  if (g_strcmp0 (kind, LW_SECRET_KIND_ALIBABA_STS_TOKEN) == 0)
    return _("Alibaba Cloud STS token");
  if (g_strcmp0 (kind, LW_SECRET_KIND_TIDB_API_KEY) == 0)
    return _("TiDB Cloud API key");
  return kind;
}

/* ---- availability ---- */

static void
service_got (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretService) service = NULL;
  GError *error = NULL;

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* SECRET_SERVICE_OPEN_SESSION needs a live daemon to answer, so success here means the
   * keyring is really there (a missing daemon fails with a D-Bus error). */
  g_task_return_boolean (task, TRUE);
}

void
lw_secrets_check_available_async (GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_secrets_check_available_async);
  secret_service_get (SECRET_SERVICE_OPEN_SESSION, cancellable, service_got, task);
}

gboolean
lw_secrets_check_available_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- store ---- */

static void
stored (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
lw_secrets_store_async (const char          *kind,
                        const char          *key_id,
                        const char          *secret,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  g_autofree char *label = NULL;

  g_return_if_fail (kind != NULL);
  g_return_if_fail (key_id != NULL);
  g_return_if_fail (secret != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_secrets_store_async);
  /* Translators: the keyring item's name, e.g. "Linkwright: Alibaba Cloud AccessKey LTAI…" */
  label = g_strdup_printf (_("Linkwright: %s %s"), kind_label (kind), key_id);
  secret_password_store (lw_secrets_get_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, stored, task,
                         "kind", kind,
                         "key-id", key_id,
                         "label", label,
                         NULL);
}

gboolean
lw_secrets_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- lookup ---- */

static void
looked_up (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) lw_secret_free);
}

void
lw_secrets_lookup_async (const char          *kind,
                         const char          *key_id,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (kind != NULL);
  g_return_if_fail (key_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_secrets_lookup_async);
  secret_password_lookup (lw_secrets_get_schema (), cancellable, looked_up, task,
                          "kind", kind,
                          "key-id", key_id,
                          NULL);
}

char *
lw_secrets_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- list ---- */

static gint
compare_modified_desc (gconstpointer a,
                       gconstpointer b)
{
  SecretRetrievable *ra = *(SecretRetrievable **) a;
  SecretRetrievable *rb = *(SecretRetrievable **) b;
  guint64 ma = secret_retrievable_get_modified (ra);
  guint64 mb = secret_retrievable_get_modified (rb);

  return (ma < mb) - (ma > mb);
}

static void
searched (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GError *error = NULL;
  GList *found;

  found = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (GList *l = found; l != NULL; l = l->next)
    g_ptr_array_add (items, l->data);
  g_list_free (found);
  g_ptr_array_sort (items, compare_modified_desc);

  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (items->pdata[i]);
      const char *key_id = g_hash_table_lookup (attributes, "key-id");

      if (key_id != NULL)
        g_strv_builder_add (builder, key_id);
    }
  g_task_return_pointer (task, g_strv_builder_end (builder), (GDestroyNotify) g_strfreev);
}

void
lw_secrets_list_key_ids_async (const char          *kind,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (kind != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_secrets_list_key_ids_async);
  /* SECRET_SEARCH_ALL without UNLOCK/LOAD_SECRETS: only the attributes are read, no secret
   * leaves the keyring for a listing. */
  secret_password_search (lw_secrets_get_schema (), SECRET_SEARCH_ALL, cancellable, searched, task,
                          "kind", kind,
                          NULL);
}

GStrv
lw_secrets_list_key_ids_finish (GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- clear ---- */

static void
cleared (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gboolean removed;

  removed = secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, removed);
}

void
lw_secrets_clear_async (const char          *kind,
                        const char          *key_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (kind != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lw_secrets_clear_async);
  if (key_id != NULL)
    secret_password_clear (lw_secrets_get_schema (), cancellable, cleared, task,
                           "kind", kind, "key-id", key_id, NULL);
  else
    secret_password_clear (lw_secrets_get_schema (), cancellable, cleared, task,
                           "kind", kind, NULL);
}

gboolean
lw_secrets_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
lw_secret_free (char *secret)
{
  /* secret_password_free() wipes the memory before freeing it. */
  secret_password_free (secret);
}
