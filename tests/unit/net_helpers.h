/* net_helpers.h — socket helpers shared by the unit tests that script an
 * HTTP peer on 127.0.0.1 (test_http.c, test_scan.c). */
#ifndef NET_HELPERS_H
#define NET_HELPERS_H

/* Read one request head from fd, up to and including its blank line (at
 * most 4 KB, each wait bounded by 3 s). Returns 0, or -1 on timeout, EOF,
 * error or a head that does not fit. The bytes read are discarded. */
int net_read_head(int fd);

/* A port on 127.0.0.1 that nobody listens on (bound, then released). */
int net_dead_port(void);

#endif
