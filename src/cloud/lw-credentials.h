/* lw-credentials.h: Alibaba Cloud AccessKey credentials
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Opaque, immutable. The secret and the STS token are wiped (explicit_bzero) when the last
 * reference is dropped and are never logged by this library. */
typedef struct _LwCredentials LwCredentials;

#define LW_TYPE_CREDENTIALS (lw_credentials_get_type ())

GType          lw_credentials_get_type              (void) G_GNUC_CONST;
LwCredentials *lw_credentials_new                   (const char    *access_key_id,
                                                     const char    *access_key_secret,
                                                     const char    *security_token);
/* From ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET / ALIBABA_CLOUD_SECURITY_TOKEN. */
LwCredentials *lw_credentials_new_from_environment  (GError       **error);
LwCredentials *lw_credentials_ref                   (LwCredentials *self);
void           lw_credentials_unref                 (LwCredentials *self);
const char    *lw_credentials_get_access_key_id     (LwCredentials *self);
/* Only for signing and for storing in the keyring. Never log it. */
const char    *lw_credentials_get_access_key_secret (LwCredentials *self);
const char    *lw_credentials_get_security_token    (LwCredentials *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LwCredentials, lw_credentials_unref)

G_END_DECLS
