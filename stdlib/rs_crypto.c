/* rs_crypto.c — hashing, message authentication and randomness for
 * handlers: sha256, hmac_sha256 (and their _raw forms), secure_eq,
 * uuid_v4, random.
 *
 * SHA-256 is written here from FIPS 180-4 (sections 4.1.2, 4.2.2, 5.1.1,
 * 5.3.3 and 6.2) and HMAC from RFC 2104; both are checked against the
 * published vectors (FIPS 180-4 examples, RFC 4231) in the tests. No
 * library is needed, so the VM links statically with musl unchanged.
 * Strings are byte strings: hashing works on their UTF-8 bytes.
 *
 * Random bytes come from getrandom(2), falling back to /dev/urandom.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>
#include "rs.h"

/* ------------------------------------------------------- SHA-256 --- */

typedef struct RsSha256 {
    uint32_t h[8];        /* hash state H0..H7 */
    uint64_t bytes;       /* message length so far */
    uint8_t block[64];    /* pending partial block */
    size_t used;          /* bytes in block */
} RsSha256;

/* FIPS 180-4 §4.2.2: first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
static const uint32_t rs_sha_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2
};

/* §5.3.3: first 32 bits of the fractional parts of the square roots of the
 * first 8 primes. */
static const uint32_t rs_sha_h0[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
};

static inline uint32_t rs_rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

/* §6.2.2: process one 512-bit block. */
static void rs_sha_block(RsSha256 *c, const uint8_t *p)
{
    uint32_t w[64], v[8];
    for (int t = 0; t < 16; t++)
        w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16 |
               (uint32_t)p[4 * t + 2] << 8 | (uint32_t)p[4 * t + 3];
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = rs_rotr(w[t - 15], 7) ^ rs_rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = rs_rotr(w[t - 2], 17) ^ rs_rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = s1 + w[t - 7] + s0 + w[t - 16];
    }
    memcpy(v, c->h, sizeof v);
    for (int t = 0; t < 64; t++) {
        uint32_t e = v[4], a = v[0];
        uint32_t t1 = v[7] + (rs_rotr(e, 6) ^ rs_rotr(e, 11) ^ rs_rotr(e, 25)) +
                      ((e & v[5]) ^ (~e & v[6])) + rs_sha_k[t] + w[t];
        uint32_t t2 = (rs_rotr(a, 2) ^ rs_rotr(a, 13) ^ rs_rotr(a, 22)) +
                      ((a & v[1]) ^ (a & v[2]) ^ (v[1] & v[2]));
        memmove(v + 1, v, 7 * sizeof v[0]);
        v[4] += t1;
        v[0] = t1 + t2;
    }
    for (int i = 0; i < 8; i++)
        c->h[i] += v[i];
}

static void rs_sha_init(RsSha256 *c)
{
    memcpy(c->h, rs_sha_h0, sizeof c->h);
    c->bytes = 0;
    c->used = 0;
}

static void rs_sha_update(RsSha256 *c, const void *data, size_t n)
{
    const uint8_t *p = data;
    c->bytes += n;
    while (n > 0) {
        size_t k = 64 - c->used < n ? 64 - c->used : n;
        memcpy(c->block + c->used, p, k);
        c->used += k;
        p += k;
        n -= k;
        if (c->used == 64) {
            rs_sha_block(c, c->block);
            c->used = 0;
        }
    }
}

/* §5.1.1 padding: 0x80, zeros, then the bit length as 64-bit big endian. */
static void rs_sha_final(RsSha256 *c, uint8_t out[32])
{
    uint64_t bits = c->bytes * 8;
    uint8_t pad = 0x80, zero = 0, len[8];
    rs_sha_update(c, &pad, 1);
    while (c->used != 56)
        rs_sha_update(c, &zero, 1);
    for (int i = 0; i < 8; i++)
        len[i] = (uint8_t)(bits >> (56 - 8 * i));
    rs_sha_update(c, len, 8);
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 4; j++)
            out[4 * i + j] = (uint8_t)(c->h[i] >> (24 - 8 * j));
}

static void rs_sha_digest(const void *data, size_t n, uint8_t out[32])
{
    RsSha256 c;
    rs_sha_init(&c);
    rs_sha_update(&c, data, n);
    rs_sha_final(&c, out);
}

/* RFC 2104 with B = 64: H((K ^ opad) || H((K ^ ipad) || text)). */
static void rs_hmac_digest(const RvStr *key, const RvStr *msg, uint8_t out[32])
{
    uint8_t k[64] = { 0 }, pad[64], inner[32];
    if (key->len > 64)
        rs_sha_digest(key->data, key->len, k);
    else
        memcpy(k, key->data, key->len);
    RsSha256 c;
    for (int i = 0; i < 64; i++)
        pad[i] = k[i] ^ 0x36;
    rs_sha_init(&c);
    rs_sha_update(&c, pad, 64);
    rs_sha_update(&c, msg->data, msg->len);
    rs_sha_final(&c, inner);
    for (int i = 0; i < 64; i++)
        pad[i] = k[i] ^ 0x5c;
    rs_sha_init(&c);
    rs_sha_update(&c, pad, 64);
    rs_sha_update(&c, inner, 32);
    rs_sha_final(&c, out);
}

/* Lowercase hex of d[0..n) as a string value. */
static RvValue rs_hex_value(RvVM *vm, const uint8_t *d, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    RvStr *s = rv_str_alloc(vm, 2 * n);
    for (size_t i = 0; i < n; i++) {
        s->data[2 * i] = digits[d[i] >> 4];
        s->data[2 * i + 1] = digits[d[i] & 15];
    }
    return RV_OBJ(s);
}

/* sha256(s) -> 64 lowercase hex digits of the SHA-256 of s's bytes. */
RS_DEF(sha256)
{
    RvStr *s = rv_arg_str(vm, "sha256", argv, 0);
    uint8_t d[32];
    rs_sha_digest(s->data, s->len, d);
    RS_RETURN(rs_hex_value(vm, d, 32));
}

/* sha256_raw(s) -> the 32-byte digest itself (for base64_encode). */
RS_DEF(sha256_raw)
{
    RvStr *s = rv_arg_str(vm, "sha256_raw", argv, 0);
    uint8_t d[32];
    rs_sha_digest(s->data, s->len, d);
    RS_RETURN(rv_str_new(vm, (const char *)d, 32));
}

/* hmac_sha256(key, message) -> 64 lowercase hex digits. */
RS_DEF(hmac_sha256)
{
    RvStr *k = rv_arg_str(vm, "hmac_sha256", argv, 0);
    RvStr *m = rv_arg_str(vm, "hmac_sha256", argv, 1);
    uint8_t d[32];
    rs_hmac_digest(k, m, d);
    RS_RETURN(rs_hex_value(vm, d, 32));
}

/* hmac_sha256_raw(key, message) -> the 32-byte MAC itself. */
RS_DEF(hmac_sha256_raw)
{
    RvStr *k = rv_arg_str(vm, "hmac_sha256_raw", argv, 0);
    RvStr *m = rv_arg_str(vm, "hmac_sha256_raw", argv, 1);
    uint8_t d[32];
    rs_hmac_digest(k, m, d);
    RS_RETURN(rv_str_new(vm, (const char *)d, 32));
}

/* secure_eq(a, b) -> bool. The time taken depends only on the lengths,
 * never on where the strings differ (for comparing signatures). */
RS_DEF(secure_eq)
{
    RvStr *a = rv_arg_str(vm, "secure_eq", argv, 0);
    RvStr *b = rv_arg_str(vm, "secure_eq", argv, 1);
    volatile uint8_t diff = a->len != b->len;
    for (size_t i = 0; i < a->len; i++)
        diff |= (uint8_t)a->data[i] ^ (uint8_t)(b->len ? b->data[i % b->len] : 0);
    RS_RETURN(RV_BOOL(diff == 0));
}

/* --------------------------------------------------------- random --- */

/* Fill p[0..n) with random bytes from the kernel. RuntimeError when no
 * source works. */
static void rs_random_bytes(RvVM *vm, uint8_t *p, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = getrandom(p + got, n - got, 0);
        if (r > 0)
            got += (size_t)r;
        else if (r < 0 && errno != EINTR)
            break;
    }
    if (got == n)
        return;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    while (fd >= 0 && got < n) {
        ssize_t r = read(fd, p + got, n - got);
        if (r > 0)
            got += (size_t)r;
        else if (r == 0 || errno != EINTR)
            break;
    }
    if (fd >= 0)
        close(fd);
    if (got < n)
        rv_throw(vm, RV_E_RUNTIME, "no source of random bytes available");
}

/* uuid_v4() -> "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" (RFC 9562 version 4,
 * variant 10, lowercase). */
RS_DEF(uuid_v4)
{
    static const char digits[] = "0123456789abcdef";
    uint8_t b[16];
    rs_random_bytes(vm, b, sizeof b);
    b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
    b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
    char out[37];
    size_t k = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[k++] = '-';
        out[k++] = digits[b[i] >> 4];
        out[k++] = digits[b[i] & 15];
    }
    RS_RETURN(rv_str_new(vm, out, 36));
}

/* random() -> float in [0, 1) with 53 random bits. */
RS_DEF(random)
{
    uint8_t b[8];
    uint64_t x = 0;
    rs_random_bytes(vm, b, sizeof b);
    for (int i = 0; i < 8; i++)
        x = x << 8 | b[i];
    RS_RETURN(RV_FLOAT((double)(x >> 11) * (1.0 / 9007199254740992.0)));
}

/* random_int(lo, hi) -> integer with lo <= n < hi (Rust's gen_range(lo..hi)),
 * uniform (rejection sampling). ValueError when lo >= hi. */
RS_DEF(random_int)
{
    int64_t lo = rv_arg_int(vm, "random_int", argv, 0);
    int64_t hi = rv_arg_int(vm, "random_int", argv, 1);
    if (lo >= hi)
        rv_throw(vm, RV_E_VALUE, "random_int(): argument 1 must be less than argument 2, "
                 "got %lld and %lld", (long long)lo, (long long)hi);
    uint64_t span = (uint64_t)hi - (uint64_t)lo, x;
    uint64_t limit = UINT64_MAX - UINT64_MAX % span;
    do {
        uint8_t b[8];
        rs_random_bytes(vm, b, sizeof b);
        x = 0;
        for (int i = 0; i < 8; i++)
            x = x << 8 | b[i];
    } while (x >= limit);
    RS_RETURN(RV_INT((int64_t)((uint64_t)lo + x % span)));
}
