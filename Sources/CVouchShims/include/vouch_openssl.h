#ifndef VOUCH_OPENSSL_H
#define VOUCH_OPENSSL_H
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

// OPENSSL_free is a function-like macro (it passes __FILE__ and __LINE__).
void vouch_openssl_free(void *pointer);

// BIO_get_mem_data is a macro over BIO_ctrl.
long vouch_bio_get_mem_data(BIO *bio, const unsigned char **data);

#endif
