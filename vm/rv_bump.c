/* rv_bump.c — bump allocation over chunks of fresh pages (rv_heap.h).
 *
 * Serves the program heap before the first invocation (rv_heap.c) and the
 * compiler's arena (rc_ast.c): blocks are carved upwards from the current
 * chunk and never reused one by one, so every block is zero without being
 * written. Chunks come straight from mmap; a first chunk can be faulted in
 * with one MAP_POPULATE, which on a microVM costs a fraction of faulting
 * its pages in one by one. A block larger than half a chunk gets a chunk of
 * its own, which rv_bump_free gives back to the OS.
 */
#include <string.h>
#include <sys/mman.h>
#include "rv_heap.h"

struct RvBumpChunk {
    struct RvBumpChunk *next;
    size_t size, used;               /* bytes of data[] */
    bool own;                        /* holds one large block */
    _Alignas(16) unsigned char data[];
};

void *rv_pages_map(size_t bytes, bool populate)
{
    int flags = MAP_PRIVATE | MAP_ANONYMOUS | (populate ? MAP_POPULATE : 0);
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, flags, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void rv_pages_unmap(void *p, size_t bytes)
{
    if (p != NULL)
        munmap(p, bytes);
}

void rv_bump_init(RvBump *b, size_t first, size_t max, bool populate_first)
{
    memset(b, 0, sizeof *b);
    b->next_size = first;
    b->max_size = max;
    b->populate_first = populate_first;
}

/* A new chunk for a block of n bytes, linked into b. NULL when the OS
 * refuses. */
static RvBumpChunk *chunk_for(RvBump *b, size_t n)
{
    bool own = n > b->next_size / 2;
    size_t size = own ? n : b->next_size;
    if (size > SIZE_MAX / 2)
        return NULL;
    bool populate = b->head == NULL && !own && b->populate_first;
    RvBumpChunk *c = rv_pages_map(sizeof *c + size, populate);
    if (c == NULL)
        return NULL;
    c->size = size;
    c->used = 0;
    c->own = own;
    if (own && b->head != NULL) {    /* keep the current chunk current */
        c->next = b->head->next;
        b->head->next = c;
    } else {
        c->next = b->head;
        b->head = c;
        if (b->next_size < b->max_size)
            b->next_size *= 2;
    }
    return c;
}

void *rv_bump_alloc(RvBump *b, size_t n)
{
    if (n > SIZE_MAX / 2)
        return NULL;
    n = n ? (n + 15) & ~(size_t)15 : 16;
    RvBumpChunk *c = b->head;
    if (c == NULL || c->size - c->used < n)
        c = chunk_for(b, n);
    if (c == NULL)
        return NULL;
    void *p = c->data + c->used;
    c->used += n;
    b->used += n;
    return p;
}

/* The link (b->head or a chunk's next) to the chunk holding p, or NULL. */
static RvBumpChunk **find(RvBump *b, const void *p)
{
    for (RvBumpChunk **link = &b->head; *link != NULL; link = &(*link)->next) {
        const RvBumpChunk *c = *link;
        if ((const unsigned char *)p >= c->data && (const unsigned char *)p < c->data + c->size)
            return link;
    }
    return NULL;
}

bool rv_bump_owns(RvBump *b, const void *p)
{
    return b->head != NULL && find(b, p) != NULL;
}

bool rv_bump_free(RvBump *b, void *p)
{
    RvBumpChunk **link = b->head != NULL ? find(b, p) : NULL;
    if (link == NULL)
        return false;
    RvBumpChunk *c = *link;
    if (c->own && p == c->data) {
        *link = c->next;
        b->used -= c->used;
        rv_pages_unmap(c, sizeof *c + c->size);
    }
    return true;
}

void rv_bump_reset(RvBump *b)
{
    RvBumpChunk *keep = NULL;
    for (RvBumpChunk *c = b->head, *next; c != NULL; c = next) {
        next = c->next;
        if (!c->own)
            keep = c;                /* ends as the oldest ordinary chunk */
    }
    for (RvBumpChunk *c = b->head, *next; c != NULL; c = next) {
        next = c->next;
        if (c != keep)
            rv_pages_unmap(c, sizeof *c + c->size);
    }
    if (keep != NULL) {
        memset(keep->data, 0, keep->used);   /* only what was used is dirty */
        keep->used = 0;
        keep->next = NULL;
        b->next_size = keep->size * 2 < b->max_size ? keep->size * 2 : b->max_size;
    }
    b->head = keep;
    b->used = 0;
}

void rv_bump_release(RvBump *b)
{
    for (RvBumpChunk *c = b->head, *next; c != NULL; c = next) {
        next = c->next;
        rv_pages_unmap(c, sizeof *c + c->size);
    }
    b->head = NULL;
    b->used = 0;
}
