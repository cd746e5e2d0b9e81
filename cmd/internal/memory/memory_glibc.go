//go:build linux && cgo

package memory

/*
#include <malloc.h>

static int lm_limited;

// Runs when the program is loaded, before the Go runtime's threads exist:
// a limit set later does not reach the arenas they already made.
__attribute__((constructor)) static void lm_limit_arenas(void) {
#ifdef M_ARENA_MAX
	lm_limited = mallopt(M_ARENA_MAX, 1);
#endif
}

static int lm_arenas_limited(void) { return lm_limited; }
*/
import "C"

func arenasLimited() bool { return C.lm_arenas_limited() == 1 }
