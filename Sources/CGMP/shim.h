// GMP (GNU Multiple Precision Arithmetic Library), installed by `apt-get install libgmp-dev`.
#include <gmp.h>
