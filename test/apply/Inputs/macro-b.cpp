// Input of errors.test: another configuration of macro-options.h.
#define GELU_APPROX "none"
#include "model.h"
