#ifndef VOUCH_OPENSSL_H
#define VOUCH_OPENSSL_H
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

// OPENSSL_free is a function-like macro (it passes __FILE__ and __LINE__).
void vouch_openssl_free(void *pointer);

// BIO_get_mem_data is a macro over BIO_ctrl.
long vouch_bio_get_mem_data(BIO *bio, const unsigned char **data);

// XN_FLAG_RFC2253 is a macro built from casts of other macros, which the Clang importer cannot evaluate.
unsigned long vouch_xn_flag_rfc2253(void);

#endif
