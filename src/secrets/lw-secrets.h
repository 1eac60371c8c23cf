/* lw-secrets.h — credentials in the system keyring (libsecret), and nowhere else
 *
 * Every secret Linkwright handles (AccessKey secret, STS token, TiDB Cloud private key) is stored
 * under the schema io.github.linkwright.Credential with the attributes
 *   kind    "alibaba-access-key" | "alibaba-sts-token" | "tidb-api-key"
 *   key-id  the public half: AccessKey ID, or the TiDB Cloud public key
 *   label   a human-readable name shown in Seahorse and friends
 * All calls are asynchronous; the main loop never waits on the Secret Service.
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define LW_SECRET_KIND_ALIBABA_ACCESS_KEY "alibaba-access-key"
#define LW_SECRET_KIND_ALIBABA_STS_TOKEN  "alibaba-sts-token"
#define LW_SECRET_KIND_TIDB_API_KEY       "tidb-api-key"

const SecretSchema *lw_secrets_get_schema (void);

/* Whether a Secret Service (gnome-keyring, KWallet, the portal…) answers on this session. */
void       lw_secrets_check_available_async  (GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean   lw_secrets_check_available_finish (GAsyncResult        *result,
                                              GError             **error);

/* Stores (or replaces) the secret for (kind, key_id) in the default collection. */
void       lw_secrets_store_async            (const char          *kind,
                                              const char          *key_id,
                                              const char          *secret,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean   lw_secrets_store_finish           (GAsyncResult        *result,
                                              GError             **error);

/* Returns the secret, or NULL with no error when none is stored. Free it with lw_secret_free(),
 * which wipes the memory first. */
void       lw_secrets_lookup_async           (const char          *kind,
                                              const char          *key_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
char      *lw_secrets_lookup_finish          (GAsyncResult        *result,
                                              GError             **error);

/* The key IDs (public halves) stored for a kind, most recently stored first. */
void       lw_secrets_list_key_ids_async     (const char          *kind,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GStrv      lw_secrets_list_key_ids_finish    (GAsyncResult        *result,
                                              GError             **error);

/* Forgets (kind, key_id); key_id NULL forgets every secret of that kind. TRUE if something
 * was removed. */
void       lw_secrets_clear_async            (const char          *kind,
                                              const char          *key_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean   lw_secrets_clear_finish           (GAsyncResult        *result,
                                              GError             **error);

/* Wipes and frees a secret string (NULL is fine). */
void       lw_secret_free                    (char                *secret);

typedef char LwSecretString;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwSecretString, lw_secret_free)

G_END_DECLS
