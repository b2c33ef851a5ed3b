/* rv_string.c — immutable strings, the symbol table, RvBuf and number scans.
 *
 * Strings are NUL-terminated byte arrays with a lazily computed FNV-1a hash
 * (0 means "not computed"; a real 0 is stored as 1). Symbols are strings
 * interned in the program heap (flag RV_OF_INTERNED), numbered densely from
 * 0, found through an open-addressing index; two interned strings are equal
 * only if they are the same object.
 */
#include <stdlib.h>
#include <string.h>
#include "rv_vm.h"

#define SYM_MIN_CAP 64u

/* ------------------------------------------------------------ strings --- */

uint32_t rv_hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)s[i];
        h *= 16777619u;
    }
    return h ? h : 1;
}

/* Unsigned base-10/16 digits at s; contract in rv.h. */
const char *rv_scan_uint(const char *s, int base, uint64_t *out)
{
    uint64_t v = 0;
    bool over = false;
    for (;; s++) {
        unsigned c = (unsigned char)*s, d = c - '0';
        if (d > 9) {
            d = (c | 0x20) - 'a' + 10; /* 'A'-'F' fold to 'a'-'f' */
            if (base != 16 || d < 10 || d > 15)
                break;
        }
        if (v > (UINT64_MAX - d) / (unsigned)base)
            over = true;
        v = v * (unsigned)base + d;
    }
    *out = over ? UINT64_MAX : v;
    return over ? NULL : s;
}

/* A whole decimal number up to max; contract in rv.h. */
bool rv_parse_uint(const char *s, uint64_t max, uint64_t *out)
{
    const char *end = rv_scan_uint(s, 10, out);
    return end != NULL && end != s && *end == '\0' && *out <= max;
}

/* Uninitialised string of n bytes (NUL placed) in the target heap; the
 * caller fills data before publishing it. Throws MemoryError. */
RvStr *rv_str_alloc(RvVM *vm, size_t n)
{
    if (n >= UINT32_MAX)
        rv_throw(vm, RV_E_MEMORY, "string of %zu bytes is too long", n);
    RvStr *s = (RvStr *)rv_obj_alloc(vm, RV_K_STR, sizeof(RvStr) + n + 1);
    s->len = (uint32_t)n;
    return s;
}

/* Copy of s[0..n) as a new string in the target heap. Throws MemoryError. */
RvValue rv_str_new(RvVM *vm, const char *s, size_t n)
{
    RvStr *r = rv_str_alloc(vm, n);
    if (n)
        memcpy(r->data, s, n);
    return RV_OBJ(r);
}

/* Copy of the C string s (target heap). Throws MemoryError. */
RvValue rv_str_cstr(RvVM *vm, const char *s)
{
    return rv_str_new(vm, s, strlen(s));
}

/* a + b as a string in the target heap (an empty side returns the other
 * operand itself). Throws MemoryError. */
RvValue rv_str_concat(RvVM *vm, const RvStr *a, const RvStr *b)
{
    if (b->len == 0)
        return RV_OBJ((RvStr *)a);
    if (a->len == 0)
        return RV_OBJ((RvStr *)b);
    RvStr *r = rv_str_alloc(vm, (size_t)a->len + b->len);
    memcpy(r->data, a->data, a->len);
    memcpy(r->data + a->len, b->data, b->len);
    return RV_OBJ(r);
}

/* The string's hash, computed on first use and cached. Never throws. */
uint32_t rv_str_hash(RvStr *s)
{
    if (s->hash == 0)
        s->hash = rv_hash_bytes(s->data, s->len);
    return s->hash;
}

/* Byte equality; identity and interning give fast answers. Never throws. */
bool rv_str_eq(const RvStr *a, const RvStr *b)
{
    if (a == b)
        return true;
    if (a->len != b->len)
        return false;
    if ((a->h.flags & b->h.flags) & RV_OF_INTERNED)
        return false;               /* both interned, distinct objects */
    if (a->hash && b->hash && a->hash != b->hash)
        return false;
    return memcmp(a->data, b->data, a->len) == 0;
}

/* UTF-8 code points in s (continuation bytes not counted). Never throws. */
size_t rv_str_chars(const RvStr *s)
{
    size_t n = 0;
    for (uint32_t i = 0; i < s->len; i++)
        n += ((uint8_t)s->data[i] & 0xC0) != 0x80;
    return n;
}

/* ------------------------------------------------------------ symbols --- */

void rv_symtab_init(RvVM *vm)
{
    RvSymTab *t = &vm->syms;
    t->cap = SYM_MIN_CAP;
    t->n = 0;
    t->strs = rv_alloc_in(vm, RV_HEAP_PROGRAM, t->cap * sizeof(RvStr *));
    t->icap = SYM_MIN_CAP * 2;
    t->index = rv_alloc_in(vm, RV_HEAP_PROGRAM, t->icap * sizeof(int32_t));
    memset(t->index, 0xff, t->icap * sizeof(int32_t));
}

/* Rebuild the index at twice its size (load factor stays <= 1/2). */
static void sym_grow(RvVM *vm, RvSymTab *t)
{
    uint32_t ncap = t->cap * 2;
    t->strs = rv_realloc_in(vm, RV_HEAP_PROGRAM, t->strs,
                            t->cap * sizeof(RvStr *), ncap * sizeof(RvStr *));
    t->cap = ncap;
    uint32_t icap = ncap * 2;
    int32_t *idx = rv_alloc_in(vm, RV_HEAP_PROGRAM, icap * sizeof(int32_t));
    memset(idx, 0xff, icap * sizeof(int32_t));
    for (uint32_t id = 0; id < t->n; id++) {
        uint32_t j = t->strs[id]->hash & (icap - 1);
        while (idx[j] >= 0)
            j = (j + 1) & (icap - 1);
        idx[j] = (int32_t)id;
    }
    rv_free(vm, t->index);
    t->index = idx;
    t->icap = icap;
}

/* Symbol id of s[0..n), interning a copy in the program heap on first
 * sight. Throws MemoryError. */
uint32_t rv_sym(RvVM *vm, const char *s, size_t n)
{
    RvSymTab *t = &vm->syms;
    uint32_t h = rv_hash_bytes(s, n);
    uint32_t j = h & (t->icap - 1);
    for (int32_t id; (id = t->index[j]) >= 0; j = (j + 1) & (t->icap - 1)) {
        RvStr *c = t->strs[id];
        if (c->hash == h && c->len == n && memcmp(c->data, s, n) == 0)
            return (uint32_t)id;
    }
    if (n >= UINT32_MAX)
        rv_throw(vm, RV_E_MEMORY, "symbol of %zu bytes is too long", n);
    RvStr *str = (RvStr *)rv_obj_alloc_in(vm, RV_HEAP_PROGRAM, RV_K_STR,
                                          sizeof(RvStr) + n + 1);
    str->len = (uint32_t)n;
    memcpy(str->data, s, n);
    str->hash = h;
    str->h.flags = RV_OF_INTERNED | RV_OF_FROZEN;
    uint32_t id = t->n++;
    t->strs[id] = str;
    t->index[j] = (int32_t)id;
    if (t->n == t->cap)
        sym_grow(vm, t);
    return id;
}

/* The interned string of a symbol id (program heap), NULL if unknown. */
RvStr *rv_sym_str(RvVM *vm, uint32_t sym)
{
    return sym < vm->syms.n ? vm->syms.strs[sym] : NULL;
}

/* The interned (program heap, shared) string value for s[0..n).
 * Throws MemoryError. */
RvValue rv_intern(RvVM *vm, const char *s, size_t n)
{
    return RV_OBJ(vm->syms.strs[rv_sym(vm, s, n)]);
}

/* -------------------------------------------------------------- RvBuf --- */

/* An empty buffer points here (cap 0) so that b->p is always a C string. */
static char buf_empty[1];

/* Empty buffer bound to vm; allocates nothing yet (p is "" until the first
 * append, and always NUL-terminated). Never throws. */
void rv_buf_init(RvBuf *b, RvVM *vm)
{
    b->vm = vm;
    b->p = buf_empty;
    b->len = 0;
    b->cap = 0;
}

/* Make room for n more bytes plus the NUL kept after the content. */
static void buf_reserve(RvBuf *b, size_t n)
{
    size_t need = b->len + n + 1;
    if (need <= b->cap)
        return;
    if (need < b->len)
        rv_throw(b->vm, RV_E_MEMORY, "buffer too large");
    size_t ncap = b->cap ? b->cap : 64;
    while (ncap < need)
        ncap = ncap * 2 > ncap ? ncap * 2 : need;
    b->p = rv_realloc_in(b->vm, b->vm->target, b->cap ? b->p : NULL, b->cap, ncap);
    b->cap = ncap;
}

/* Append s[0..n); storage grows in the target heap. Throws MemoryError. */
void rv_buf_add(RvBuf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* Append one byte. Throws MemoryError. */
void rv_buf_addc(RvBuf *b, char c)
{
    if (b->len + 2 > b->cap)
        buf_reserve(b, 1);
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
}

/* Append a C string. Throws MemoryError. */
void rv_buf_adds(RvBuf *b, const char *s)
{
    rv_buf_add(b, s, strlen(s));
}

/* Append printf-formatted text. Throws MemoryError. */
void rv_buf_vprintf(RvBuf *b, const char *fmt, va_list ap)
{
    char tmp[256];
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(tmp, sizeof tmp, fmt, cp);
    va_end(cp);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        rv_buf_add(b, tmp, (size_t)n);
        return;
    }
    buf_reserve(b, (size_t)n);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

/* Append printf-formatted text. Throws MemoryError. */
void rv_buf_printf(RvBuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rv_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

/* Give the storage back and empty the buffer (for scratch buffers that
 * never become a string). Never throws. */
void rv_buf_release(RvBuf *b)
{
    if (b->cap)
        rv_free(b->vm, b->p);
    b->p = buf_empty;
    b->len = b->cap = 0;
}

/* New string (target heap) holding the bytes; the storage is released and
 * the buffer emptied. Throws MemoryError. */
RvValue rv_buf_str(RvBuf *b)
{
    RvValue s = rv_str_new(b->vm, b->p, b->len);
    rv_buf_release(b);
    return s;
}
