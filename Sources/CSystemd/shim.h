#ifndef FLOORWATCH_CSYSTEMD_SHIM_H
#define FLOORWATCH_CSYSTEMD_SHIM_H
// Keep journal entries free of this shim's file/line: floorwatch sets CODE_* itself when useful.
#define SD_JOURNAL_SUPPRESS_LOCATION 1
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <sys/uio.h>
#endif
