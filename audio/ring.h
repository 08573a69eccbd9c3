/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A lock-free single-producer/single-consumer ring of fixed-size items.
 *
 * One thread writes, one other thread reads; neither ever waits for the
 * other, so the reader may be a real-time audio callback.  Positions are
 * 64-bit totals of items written and read since the ring was created (they
 * never wrap in practice), which lets callers mark places in the stream.
 *
 * The ring owns its storage: ring_create() allocates, ring_destroy() frees
 * (NULL ok).  Only create and destroy allocate.
 */
#ifndef UNKNOT_AUDIO_RING_H
#define UNKNOT_AUDIO_RING_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

struct ring {
    unsigned char *buf;
    size_t item_size;
    size_t cap;                 /* a power of two, in items */
    _Atomic uint64_t head;      /* total written; stored by the writer */
    _Atomic uint64_t tail;      /* total read; stored by the reader */
};

/* min_items is rounded up to a power of two. */
struct ring *ring_create(size_t min_items, size_t item_size);
void ring_destroy(struct ring *r);

/* Writer side.  Copies up to n items, returns how many fit. */
size_t ring_write(struct ring *r, const void *src, size_t n);
size_t ring_space(struct ring *r);
/* Total written so far (the writer's own position). */
uint64_t ring_write_pos(struct ring *r);

/* Reader side.  Copies up to n items, returns how many there were. */
size_t ring_read(struct ring *r, void *dst, size_t n);
/* Looks at up to n items without consuming them. */
size_t ring_peek(struct ring *r, void *dst, size_t n);
/* Drops up to n items, returns how many were dropped. */
size_t ring_skip(struct ring *r, size_t n);
size_t ring_available(struct ring *r);
uint64_t ring_read_pos(struct ring *r);
/* The writer's position as the reader sees it (acquire). */
uint64_t ring_published_pos(struct ring *r);

#endif
