#ifndef VOUCH_JANSSON_H
#define VOUCH_JANSSON_H
#include <jansson.h>

// json_error_code() is a static inline reading the last byte of the error text; wrapped so the
// Swift side does not depend on how jansson stores it.
int vouch_json_error_code(const json_error_t *error);

#endif
