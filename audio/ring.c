/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See ring.h.  The writer publishes items with a release store of head
 * after copying them; the reader frees room with a release store of tail
 * after copying out.  Each side reads the other's index with acquire, so
 * the copies are ordered against the index updates. */
#include "audio/ring.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"

struct ring *ring_create(size_t min_items, size_t item_size)
{
    UNKNOT_ASSERT(min_items > 0 && item_size > 0);
    size_t cap = 1;
    while (cap < min_items)
        cap <<= 1;
    struct ring *r = xcalloc(1, sizeof *r);
    r->buf = xcalloc(cap, item_size);
    r->cap = cap;
    r->item_size = item_size;
    atomic_init(&r->head, 0);
    atomic_init(&r->tail, 0);
    return r;
}

void ring_destroy(struct ring *r)
{
    if (!r)
        return;
    free(r->buf);
    free(r);
}

/* Copies n items between the ring at position pos and flat memory, in at
 * most two pieces when the span wraps past the end of the storage. */
static void ring_copy(struct ring *r, uint64_t pos, void *flat, size_t n,
                      int to_ring)
{
    size_t at = (size_t)(pos & (r->cap - 1));
    size_t first = r->cap - at < n ? r->cap - at : n;
    unsigned char *f = flat;
    unsigned char *p = r->buf + at * r->item_size;
    if (to_ring) {
        memcpy(p, f, first * r->item_size);
        memcpy(r->buf, f + first * r->item_size, (n - first) * r->item_size);
    } else {
        memcpy(f, p, first * r->item_size);
        memcpy(f + first * r->item_size, r->buf, (n - first) * r->item_size);
    }
}

size_t ring_space(struct ring *r)
{
    uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    uint64_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    return r->cap - (size_t)(head - tail);
}

size_t ring_write(struct ring *r, const void *src, size_t n)
{
    uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    size_t space = ring_space(r);
    if (n > space)
        n = space;
    if (n == 0)
        return 0;
    ring_copy(r, head, (void *)src, n, 1);
    atomic_store_explicit(&r->head, head + n, memory_order_release);
    return n;
}

uint64_t ring_write_pos(struct ring *r)
{
    return atomic_load_explicit(&r->head, memory_order_relaxed);
}

size_t ring_available(struct ring *r)
{
    uint64_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    uint64_t head = atomic_load_explicit(&r->head, memory_order_acquire);
    return (size_t)(head - tail);
}

size_t ring_peek(struct ring *r, void *dst, size_t n)
{
    uint64_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    size_t avail = ring_available(r);
    if (n > avail)
        n = avail;
    if (n)
        ring_copy(r, tail, dst, n, 0);
    return n;
}

size_t ring_skip(struct ring *r, size_t n)
{
    uint64_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    size_t avail = ring_available(r);
    if (n > avail)
        n = avail;
    atomic_store_explicit(&r->tail, tail + n, memory_order_release);
    return n;
}

size_t ring_read(struct ring *r, void *dst, size_t n)
{
    n = ring_peek(r, dst, n);
    return ring_skip(r, n);
}

uint64_t ring_read_pos(struct ring *r)
{
    return atomic_load_explicit(&r->tail, memory_order_relaxed);
}

uint64_t ring_published_pos(struct ring *r)
{
    return atomic_load_explicit(&r->head, memory_order_acquire);
}
