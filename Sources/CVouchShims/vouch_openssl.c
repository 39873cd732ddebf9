#include "vouch_openssl.h"

void vouch_openssl_free(void *pointer) {
    OPENSSL_free(pointer);
}

long vouch_bio_get_mem_data(BIO *bio, const unsigned char **data) {
    char *raw = NULL;
    long length = BIO_get_mem_data(bio, &raw);
    *data = (const unsigned char *)raw;
    return length;
}

unsigned long vouch_xn_flag_rfc2253(void) {
    return XN_FLAG_RFC2253;
}
