/* rv_map.c — the insertion-ordered hash map.
 *
 * entries[0..used) is the order of insertion; removed entries are marked
 * dead (key and value cleared) and squeezed out when the table is rebuilt.
 * Maps whose entry capacity is at most MAP_SCAN_MAX have no index and are
 * scanned linearly; larger ones keep index[icap] (icap = 2 * cap, a power of
 * two) of entry positions, -1 for an empty slot. A dead entry stays in the
 * index until the next rebuild, so probe chains never break.
 */
#include <string.h>
#include "rv_vm.h"

#define MAP_SCAN_MAX 8u
#define MAP_MIN_CAP 4u
#define MAP_MAX_CAP (1u << 30)

static inline bool key_eq(RvValue a, RvValue b)
{
    if (a.tag == RV_T_OBJ && b.tag == RV_T_OBJ && a.as.o == b.as.o)
        return true;
    return rv_equal(a, b);
}

static uint32_t pow2_at_least(uint32_t n)
{
    uint32_t p = 1;
    while (p < n)
        p <<= 1;
    return p;
}

/* Position of the live entry with key (hash h), or -1. */
static int32_t map_find(const RvMap *m, RvValue key, uint32_t h)
{
    const RvMapEntry *e = m->entries;
    if (m->icap == 0) {
        for (uint32_t i = 0; i < m->used; i++)
            if (e[i].hash == h && !e[i].dead && key_eq(e[i].key, key))
                return (int32_t)i;
        return -1;
    }
    uint32_t mask = m->icap - 1;
    for (uint32_t j = h & mask;; j = (j + 1) & mask) {
        int32_t p = m->index[j];
        if (p < 0)
            return -1;
        if (e[p].hash == h && !e[p].dead && key_eq(e[p].key, key))
            return p;
    }
}

/* Rebuild with entry capacity ncap: squeeze out dead entries (keeping order)
 * and rebuild the index when ncap exceeds MAP_SCAN_MAX. */
static void map_rebuild(RvVM *vm, RvMap *m, uint32_t ncap)
{
    RvMapEntry *ne = rv_obj_realloc(vm, &m->h, NULL, 0, (size_t)ncap * sizeof(RvMapEntry));
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->used; i++)
        if (!m->entries[i].dead)
            ne[n++] = m->entries[i];
    if (m->entries)
        rv_free(vm, m->entries);
    if (m->index)
        rv_free(vm, m->index);
    m->entries = ne;
    m->cap = ncap;
    m->used = n;
    m->index = NULL;
    m->icap = 0;
    if (ncap <= MAP_SCAN_MAX)
        return;
    uint32_t icap = pow2_at_least(ncap * 2);
    m->index = rv_obj_realloc(vm, &m->h, NULL, 0, (size_t)icap * sizeof(int32_t));
    memset(m->index, 0xff, (size_t)icap * sizeof(int32_t));
    m->icap = icap;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t j = ne[i].hash & (icap - 1);
        while (m->index[j] >= 0)
            j = (j + 1) & (icap - 1);
        m->index[j] = (int32_t)i;
    }
}

/* Empty map sized for cap entries, in the target heap. Throws MemoryError. */
RvValue rv_map_new(RvVM *vm, uint32_t cap)
{
    RvMap *m = (RvMap *)rv_obj_alloc(vm, RV_K_MAP, sizeof(RvMap));
    if (cap) {
        if (cap > MAP_MAX_CAP)
            rv_throw(vm, RV_E_MEMORY, "map too large (%u entries)", cap);
        map_rebuild(vm, m, cap < MAP_MIN_CAP ? MAP_MIN_CAP : cap);
    }
    return RV_OBJ(m);
}

/* Look key up; stores the value in *out (if out) and returns true when
 * present. Never throws, allocates nothing. */
bool rv_map_get(RvMap *m, RvValue key, RvValue *out)
{
    if (m->len == 0)
        return false;
    int32_t p = map_find(m, key, rv_hash(key));
    if (p < 0)
        return false;
    if (out)
        *out = m->entries[p].val;
    return true;
}

static bool key_is_cstr(RvValue k, const char *s, size_t n)
{
    return RV_IS_STR(k) && RV_AS_STR(k)->len == n && memcmp(RV_AS_STR(k)->data, s, n) == 0;
}

/* Position of the live entry whose key is the string s[0..n) (hash h), or -1. */
static int32_t map_find_cstr(const RvMap *m, const char *s, size_t n, uint32_t h)
{
    const RvMapEntry *e = m->entries;
    if (m->icap == 0) {
        for (uint32_t i = 0; i < m->used; i++)
            if (e[i].hash == h && !e[i].dead && key_is_cstr(e[i].key, s, n))
                return (int32_t)i;
        return -1;
    }
    uint32_t mask = m->icap - 1;
    for (uint32_t j = h & mask;; j = (j + 1) & mask) {
        int32_t p = m->index[j];
        if (p < 0)
            return -1;
        if (e[p].hash == h && !e[p].dead && key_is_cstr(e[p].key, s, n))
            return p;
    }
}

/* rv_map_get for a string key given as a C string. Never throws. */
bool rv_map_get_cstr(RvMap *m, const char *key, RvValue *out)
{
    if (m->len == 0)
        return false;
    size_t n = strlen(key);
    int32_t p = map_find_cstr(m, key, n, rv_hash_bytes(key, n));
    if (p >= 0 && out)
        *out = m->entries[p].val;
    return p >= 0;
}

/* Append a new entry (the key is known to be absent). */
static void map_append(RvVM *vm, RvMap *m, RvValue key, RvValue val, uint32_t h)
{
    if (m->used == m->cap) {
        uint32_t ncap = m->cap < MAP_MIN_CAP ? MAP_MIN_CAP : m->cap;
        if (m->len >= ncap / 2) {
            if (ncap >= MAP_MAX_CAP)
                rv_throw(vm, RV_E_MEMORY, "map too large (%u entries)", m->len);
            ncap *= 2;          /* else: enough tombstones to compact in place */
        }
        map_rebuild(vm, m, ncap);
    }
    uint32_t p = m->used++;
    RvMapEntry *e = &m->entries[p];
    RV_STORE(vm, m, &e->key, key);
    RV_STORE(vm, m, &e->val, val);
    e->hash = h;
    e->dead = 0;
    m->len++;
    if (m->icap) {
        uint32_t j = h & (m->icap - 1);
        while (m->index[j] >= 0)
            j = (j + 1) & (m->icap - 1);
        m->index[j] = (int32_t)p;
    }
}

/* Insert key -> val at the end, or replace the value in place (position
 * kept). Growth happens in the map's heap. Throws MemoryError. */
void rv_map_set(RvVM *vm, RvMap *m, RvValue key, RvValue val)
{
    uint32_t h = rv_hash(key);
    int32_t p = m->len ? map_find(m, key, h) : -1;
    if (p >= 0)
        RV_STORE(vm, m, &m->entries[p].val, val);
    else
        map_append(vm, m, key, val, h);
}

/* rv_map_set with a C-string key (copied into the target heap only when
 * the key is new). Throws MemoryError. */
void rv_map_set_cstr(RvVM *vm, RvMap *m, const char *key, RvValue val)
{
    size_t n = strlen(key);
    uint32_t h = rv_hash_bytes(key, n);
    int32_t p = m->len ? map_find_cstr(m, key, n, h) : -1;
    if (p >= 0)
        RV_STORE(vm, m, &m->entries[p].val, val);
    else
        map_append(vm, m, rv_str_new(vm, key, n), val, h);
}

/* Remove key (its slot becomes a tombstone); old receives the value.
 * Returns false when absent. Never throws. */
bool rv_map_remove(RvVM *vm, RvMap *m, RvValue key, RvValue *old)
{
    (void)vm;
    if (m->len == 0)
        return false;
    int32_t p = map_find(m, key, rv_hash(key));
    if (p < 0)
        return false;
    RvMapEntry *e = &m->entries[p];
    if (old)
        *old = e->val;
    e->key = RV_NIL;
    e->val = RV_NIL;
    e->dead = 1;
    if (--m->len == 0) {            /* empty: reuse the table from the start */
        m->used = 0;
        if (m->icap)
            memset(m->index, 0xff, (size_t)m->icap * sizeof(int32_t));
    }
    return true;
}

/* Next live entry in insertion order after *it (start at 0). Never throws. */
bool rv_map_next(const RvMap *m, uint32_t *it, RvValue *key, RvValue *val)
{
    for (uint32_t i = *it; i < m->used; i++) {
        const RvMapEntry *e = &m->entries[i];
        if (e->dead)
            continue;
        if (key)
            *key = e->key;
        if (val)
            *val = e->val;
        *it = i + 1;
        return true;
    }
    *it = m->used;
    return false;
}
