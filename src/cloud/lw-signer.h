/* lw-signer.h: ACS3-HMAC-SHA256 (V3) and HMAC-SHA1 (V1 RPC) signatures, pure functions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "lw-params.h"

G_BEGIN_DECLS

#define LW_SIGNER_V3_ALGORITHM "ACS3-HMAC-SHA256"
#define LW_SIGNER_EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* RFC 3986: keeps A-Z a-z 0-9 - _ . ~, everything else as %XX (upper-case hex) of its UTF-8 bytes. */
char *lw_signer_percent_encode         (const char     *value);
/* Lower-case hex SHA-256 of @data. */
char *lw_signer_hex_sha256             (const void     *data,
                                        gsize           length);

/* CanonicalRequest of the V3 signature. @headers may contain repeated and mixed-case names; only
 * host, content-type and x-acs-* are signed. @hashed_payload is the hex SHA-256 of the body.
 * If @signed_headers is not NULL it receives the SignedHeaders list. */
char *lw_signer_v3_canonical_request   (const char     *method,
                                        const char     *pathname,
                                        const LwParams *query,
                                        const LwParams *headers,
                                        const char     *hashed_payload,
                                        char          **signed_headers);
/* "ACS3-HMAC-SHA256\n" + hex SHA-256 of @canonical_request. */
char *lw_signer_v3_string_to_sign      (const char     *canonical_request);
/* Lower-case hex HMAC-SHA256 keyed with the raw secret. */
char *lw_signer_v3_signature           (const char     *access_key_secret,
                                        const char     *string_to_sign);
/* The complete Authorization header value. */
char *lw_signer_v3_authorization       (const char     *access_key_id,
                                        const char     *access_key_secret,
                                        const char     *method,
                                        const char     *pathname,
                                        const LwParams *query,
                                        const LwParams *headers,
                                        const char     *hashed_payload);

/* V1 (HMAC-SHA1) RPC signature over all parameters except Signature, base64. */
char *lw_signer_v1_signature           (const char     *method,
                                        const LwParams *params,
                                        const char     *access_key_secret);

/* A fresh random nonce (32 hex digits) and a UTC timestamp "YYYY-MM-DDTHH:MM:SSZ". */
char *lw_signer_new_nonce              (void);
char *lw_signer_format_timestamp       (GDateTime      *utc);

G_END_DECLS
