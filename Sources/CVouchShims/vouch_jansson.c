#include "vouch_jansson.h"

int vouch_json_error_code(const json_error_t *error) {
    return (int)json_error_code(error);
}
