// Debian's libsnappy (libsnappy-dev): the block compression remote write 1.0 bodies use.
#include <snappy-c.h>
