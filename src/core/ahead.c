#include "config.h"

#include "core/ahead.h"

#include <pthread.h>
#include <stdlib.h>

struct ahead {
	ahead_next_fn next;
	ahead_free_fn drop;
	void *ctx;
	int threaded;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t has_item;   /* the consumer waits on an empty ring */
	pthread_cond_t has_room;   /* the producer waits on a full one */
	void **ring;
	size_t room, head, count;
	void **back;               /* released, for the producer to free */
	size_t back_count;         /* of room */
	int stop;                  /* the consumer wants no more */
	int done;                  /* the producer has finished: rc, err */
	int rc;
	struct error err;
};

static void finish(struct ahead *a, int rc, struct error *err)
{
	pthread_mutex_lock(&a->lock);
	a->done = 1;
	a->rc = rc;
	a->err = *err;
	pthread_cond_signal(&a->has_item);
	pthread_mutex_unlock(&a->lock);
}

/* Frees what the consumer gave back; called with the lock held, and
 * returns with it held. */
static void free_back(struct ahead *a)
{
	while (a->back_count) {
		void *item = a->back[--a->back_count];
		pthread_mutex_unlock(&a->lock);
		a->drop(item);
		pthread_mutex_lock(&a->lock);
	}
}

static void *produce(void *arg)
{
	struct ahead *a = arg;
	for (;;) {
		struct error err = ERROR_INIT;
		void *item = NULL;
		pthread_mutex_lock(&a->lock);
		free_back(a);
		int stop = a->stop;
		pthread_mutex_unlock(&a->lock);
		int rc = stop ? 0 : a->next(a->ctx, &item, &err);
		if (rc <= 0) {
			finish(a, rc, &err);
			return NULL;
		}
		pthread_mutex_lock(&a->lock);
		while (a->count == a->room && !a->stop) {
			pthread_cond_wait(&a->has_room, &a->lock);
			free_back(a);
		}
		if (a->stop) {
			pthread_mutex_unlock(&a->lock);
			a->drop(item);
			finish(a, 0, &err);
			return NULL;
		}
		a->ring[(a->head + a->count) % a->room] = item;
		/* An empty ring's consumer waits for half of it, so that
		 * neither side is woken an item at a time. */
		if (++a->count == a->room / 2)
			pthread_cond_signal(&a->has_item);
		pthread_mutex_unlock(&a->lock);
	}
}

int ahead_start(ahead_next_fn next, ahead_free_fn drop, void *ctx, size_t room,
		struct ahead **out, struct error *err)
{
	*out = NULL;
	struct ahead *a = calloc(1, sizeof *a);
	if (!a)
		return error_nomem(err);
	a->next = next;
	a->drop = drop;
	a->ctx = ctx;
	a->err = (struct error)ERROR_INIT;
	if (room >= 2 && (a->ring = malloc(2 * room * sizeof *a->ring))) {
		a->back = a->ring + room;
		a->room = room;
		if (pthread_mutex_init(&a->lock, NULL) == 0) {
			if (pthread_cond_init(&a->has_item, NULL) == 0) {
				if (pthread_cond_init(&a->has_room, NULL) == 0) {
					if (pthread_create(&a->thread, NULL, produce, a) == 0)
						a->threaded = 1;
					else
						pthread_cond_destroy(&a->has_room);
				}
				if (!a->threaded)
					pthread_cond_destroy(&a->has_item);
			}
			if (!a->threaded)
				pthread_mutex_destroy(&a->lock);
		}
	}
	/* No thread: the items are made on the caller's, when asked for. */
	if (!a->threaded) {
		free(a->ring);
		a->ring = NULL;
	}
	*out = a;
	return 0;
}

int ahead_threaded(const struct ahead *a)
{
	return a && a->threaded;
}

int ahead_next(struct ahead *a, void **item, struct error *err)
{
	*item = NULL;
	if (!a->threaded) {
		if (a->done)
			return a->rc;
		int rc = a->next(a->ctx, item, err);
		if (rc <= 0) {
			a->done = 1;
			a->rc = rc;
		}
		return rc;
	}
	pthread_mutex_lock(&a->lock);
	if (a->count == 0)
		while (a->count < a->room / 2 && !a->done)
			pthread_cond_wait(&a->has_item, &a->lock);
	int rc;
	if (a->count) {
		*item = a->ring[a->head];
		a->head = (a->head + 1) % a->room;
		/* Woken at half, the producer fills the ring in one go
		 * rather than an item a wake-up. */
		if (--a->count == a->room / 2)
			pthread_cond_signal(&a->has_room);
		rc = 1;
	} else {
		rc = a->rc;
		if (rc < 0) {
			error_clear(err);
			if (err)
				*err = a->err;
			else
				error_clear(&a->err);
			a->err = (struct error)ERROR_INIT;
		}
	}
	pthread_mutex_unlock(&a->lock);
	return rc;
}

void ahead_release(struct ahead *a, void *item)
{
	if (!item)
		return;
	if (a->threaded) {
		pthread_mutex_lock(&a->lock);
		int kept = !a->done && a->back_count < a->room;
		if (kept)
			a->back[a->back_count++] = item;
		pthread_mutex_unlock(&a->lock);
		if (kept)
			return;
	}
	a->drop(item);
}

void ahead_stop(struct ahead *a)
{
	if (!a)
		return;
	if (a->threaded) {
		pthread_mutex_lock(&a->lock);
		a->stop = 1;
		pthread_cond_signal(&a->has_room);
		pthread_mutex_unlock(&a->lock);
		pthread_join(a->thread, NULL);
		while (a->back_count)
			a->drop(a->back[--a->back_count]);
		for (; a->count; a->count--) {
			a->drop(a->ring[a->head]);
			a->head = (a->head + 1) % a->room;
		}
		error_clear(&a->err);
		pthread_cond_destroy(&a->has_room);
		pthread_cond_destroy(&a->has_item);
		pthread_mutex_destroy(&a->lock);
		free(a->ring);
	}
	free(a);
}
