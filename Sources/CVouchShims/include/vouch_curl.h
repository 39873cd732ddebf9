#ifndef VOUCH_CURL_H
#define VOUCH_CURL_H
#include <curl/curl.h>

// curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic: one typed wrapper per argument kind.
CURLcode vouch_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode vouch_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode vouch_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode vouch_curl_easy_setopt_offset(CURL *handle, CURLoption option, curl_off_t value);
CURLcode vouch_curl_easy_setopt_write_function(CURL *handle,
                                               size_t (*function)(char *, size_t, size_t, void *));
CURLcode vouch_curl_easy_setopt_header_function(CURL *handle,
                                                size_t (*function)(char *, size_t, size_t, void *));
CURLcode vouch_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode vouch_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value);
CURLcode vouch_curl_easy_getinfo_offset(CURL *handle, CURLINFO info, curl_off_t *value);
CURLMcode vouch_curl_multi_setopt_long(CURLM *handle, CURLMoption option, long value);

// CURLOPT_PREREQFUNCTION takes a function pointer, which Swift cannot pass through the void * wrapper above without
// an unsafe bit cast; this typed wrapper lets a @convention(c) closure be passed as is. VouchNet uses it to check
// every request, including each redirect hop, against the plain-HTTP policy before anything is sent.
CURLcode vouch_curl_easy_setopt_prereq_function(CURL *handle, int (*function)(void *, char *, char *, int, int));

#endif
