/*
 * fsyncshim: an LD_PRELOAD library for the fan-out benchmarks (docs/benchmarks.md).
 *
 * - Counts fsync/fdatasync calls by the kind of file synced and prints the counts to stderr when
 *   the process exits: "-journal" files, "*.sharedschema" registries, directories, other files.
 * - With FSYNCSHIM_DELAY_US=n, sleeps n microseconds before each sync, to simulate a disk whose
 *   fsync is slower than this VM's (~0.1 ms).
 *
 * Build and use:
 *   gcc -shared -fPIC -O2 -o /tmp/fsyncshim.so bench/src/main/c/fsyncshim.c -ldl
 *   LD_PRELOAD=/tmp/fsyncshim.so FSYNCSHIM_DELAY_US=2000 java -cp bench/target/benchmarks.jar ...
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum kind { JOURNAL, REGISTRY, DIRECTORY, OTHER, KINDS };
static const char *NAMES[KINDS] = {"journal", "registry", "directory", "database"};
static atomic_long counts[KINDS];
static long delay_us = -1;

static enum kind classify(int fd) {
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    return DIRECTORY;
  }
  char link[64], path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, path, sizeof path - 1);
  if (n <= 0) {
    return OTHER;
  }
  path[n] = 0;
  size_t len = (size_t)n;
  if (len > 8 && strcmp(path + len - 8, "-journal") == 0) {
    return JOURNAL;
  }
  if (strstr(path, ".sharedschema") != NULL) {
    return REGISTRY;
  }
  return OTHER;
}

static void before_sync(int fd) {
  atomic_fetch_add(&counts[classify(fd)], 1);
  if (delay_us < 0) {
    const char *d = getenv("FSYNCSHIM_DELAY_US");
    delay_us = d ? atol(d) : 0;
  }
  if (delay_us > 0) {
    struct timespec ts = {delay_us / 1000000, (delay_us % 1000000) * 1000};
    nanosleep(&ts, NULL);
  }
}

int fsync(int fd) {
  static int (*real)(int);
  if (!real) {
    real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
  }
  before_sync(fd);
  return real(fd);
}

int fdatasync(int fd) {
  static int (*real)(int);
  if (!real) {
    real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
  }
  before_sync(fd);
  return real(fd);
}

__attribute__((destructor)) static void report(void) {
  long total = 0;
  for (int k = 0; k < KINDS; k++) {
    total += counts[k];
  }
  if (total == 0) {
    return;
  }
  fprintf(stderr, "fsyncshim:");
  for (int k = 0; k < KINDS; k++) {
    fprintf(stderr, " %s %ld", NAMES[k], (long)counts[k]);
  }
  fprintf(stderr, " (total %ld)\n", total);
}
